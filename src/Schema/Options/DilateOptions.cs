using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>DilateOptions</c>: a table without fields (the operator has no options).</summary>
public sealed record DilateOptions : IBuiltinOptions<DilateOptions>
{
    public static DilateOptions Parse(OptionsTable table)
    {
        table.Get2<G.DilateOptions>(G.BuiltinOptions2.DilateOptions);
        return new();
    }
}
