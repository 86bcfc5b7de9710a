namespace ManagedLite.Schema;

/// <summary>Comparison of STABLEHLO_COMPARE; values match TFLite's schema (STABLEHLO_COMPARISON_DIRECTION_*).</summary>
public enum StablehloComparisonDirection : uint
{
    Eq = 0,
    Ne = 1,
    Ge = 2,
    Gt = 3,
    Le = 4,
    Lt = 5,
}
