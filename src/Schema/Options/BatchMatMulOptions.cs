using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>BatchMatMulOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record BatchMatMulOptions : IBuiltinOptions<BatchMatMulOptions>
{
    public bool AdjX { get; init; } = false;
    public bool AdjY { get; init; } = false;
    public bool AsymmetricQuantizeInputs { get; init; } = false;

    public static BatchMatMulOptions Parse(OptionsTable table)
    {
        if (table.Get<G.BatchMatMulOptions>(G.BuiltinOptions.BatchMatMulOptions) is not G.BatchMatMulOptions o)
            return new();
        return new()
        {
            AdjX = o.AdjX,
            AdjY = o.AdjY,
            AsymmetricQuantizeInputs = o.AsymmetricQuantizeInputs,
        };
    }
}
