namespace ManagedLite.Schema;

/// <summary>Bit generator of STABLEHLO_RNG_BIT_GENERATOR; values match TFLite's schema.</summary>
public enum RngAlgorithm : sbyte
{
    /// <summary>Chosen by the runtime.</summary>
    Default = 0,
    Philox = 1,
    ThreeFry = 2,
}
