using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>ExpandDimsOptions</c>: a table without fields (the operator has no options).</summary>
public sealed record ExpandDimsOptions : IBuiltinOptions<ExpandDimsOptions>
{
    public static ExpandDimsOptions Parse(OptionsTable table)
    {
        table.Get<G.ExpandDimsOptions>(G.BuiltinOptions.ExpandDimsOptions);
        return new();
    }
}
