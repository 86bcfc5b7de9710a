using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>StablehloRngBitGeneratorOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record StablehloRngBitGeneratorOptions : IBuiltinOptions<StablehloRngBitGeneratorOptions>
{
    public RngAlgorithm Algorithm { get; init; } = RngAlgorithm.Default;

    public static StablehloRngBitGeneratorOptions Parse(OptionsTable table)
    {
        if (table.Get2<G.StablehloRngBitGeneratorOptions>(G.BuiltinOptions2.StablehloRngBitGeneratorOptions) is not G.StablehloRngBitGeneratorOptions o)
            return new();
        return new()
        {
            Algorithm = (RngAlgorithm)table.EnumValue((long)o.Algorithm, 2, "StablehloRngBitGeneratorOptions", "algorithm", "RngAlgorithm"),
        };
    }
}
