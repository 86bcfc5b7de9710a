namespace ManagedLite.Schema;

/// <summary>How STABLEHLO_COMPARE orders its operands; values match TFLite's schema (STABLEHLO_COMPARISON_TYPE_*).</summary>
public enum StablehloComparisonType : uint
{
    NoType = 0,
    Float = 1,
    FloatTotalOrder = 2,
    Signed = 3,
    Unsigned = 4,
}
