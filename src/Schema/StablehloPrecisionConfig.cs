namespace ManagedLite.Schema;

/// <summary>Precision of a StableHLO dot or convolution operand; values match TFLite's schema.</summary>
public enum StablehloPrecisionConfig : uint
{
    Default = 0,
    High = 1,
    Highest = 2,
}
