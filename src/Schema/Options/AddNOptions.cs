using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>AddNOptions</c>: a table without fields (the operator has no options).</summary>
public sealed record AddNOptions : IBuiltinOptions<AddNOptions>
{
    public static AddNOptions Parse(OptionsTable table)
    {
        table.Get<G.AddNOptions>(G.BuiltinOptions.AddNOptions);
        return new();
    }
}
