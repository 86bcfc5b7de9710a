using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>StablehloCompareOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record StablehloCompareOptions : IBuiltinOptions<StablehloCompareOptions>
{
    public StablehloComparisonDirection ComparisonDirection { get; init; } = StablehloComparisonDirection.Eq;
    public StablehloComparisonType CompareType { get; init; } = StablehloComparisonType.NoType;

    public static StablehloCompareOptions Parse(OptionsTable table)
    {
        if (table.Get2<G.StablehloCompareOptions>(G.BuiltinOptions2.StablehloCompareOptions) is not G.StablehloCompareOptions o)
            return new();
        return new()
        {
            ComparisonDirection = (StablehloComparisonDirection)table.EnumValue((long)o.ComparisonDirection, 5, "StablehloCompareOptions", "comparison_direction", "StablehloComparisonDirection"),
            CompareType = (StablehloComparisonType)table.EnumValue((long)o.CompareType, 4, "StablehloCompareOptions", "compare_type", "StablehloComparisonType"),
        };
    }
}
