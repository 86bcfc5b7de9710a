using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>PadV2Options</c>: a table without fields (the operator has no options).</summary>
public sealed record PadV2Options : IBuiltinOptions<PadV2Options>
{
    public static PadV2Options Parse(OptionsTable table)
    {
        table.Get<G.PadV2Options>(G.BuiltinOptions.PadV2Options);
        return new();
    }
}
