using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>DynamicUpdateSliceOptions</c>: a table without fields (the operator has no options).</summary>
public sealed record DynamicUpdateSliceOptions : IBuiltinOptions<DynamicUpdateSliceOptions>
{
    public static DynamicUpdateSliceOptions Parse(OptionsTable table)
    {
        table.Get<G.DynamicUpdateSliceOptions>(G.BuiltinOptions.DynamicUpdateSliceOptions);
        return new();
    }
}
