namespace ManagedLite.Schema;

/// <summary>Kind of LSH_PROJECTION (<c>LSHProjectionOptions.type</c>); values match TFLite's schema.</summary>
public enum LSHProjectionType : sbyte
{
    Unknown = 0,
    Sparse = 1,
    Dense = 2,
}
