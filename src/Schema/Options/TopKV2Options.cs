using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>TopKV2Options</c>: a table without fields (the operator has no options).</summary>
public sealed record TopKV2Options : IBuiltinOptions<TopKV2Options>
{
    public static TopKV2Options Parse(OptionsTable table)
    {
        table.Get<G.TopKV2Options>(G.BuiltinOptions.TopKV2Options);
        return new();
    }
}
