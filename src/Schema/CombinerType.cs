namespace ManagedLite.Schema;

/// <summary>How EMBEDDING_LOOKUP_SPARSE combines the rows of a lookup; values match TFLite's schema.</summary>
public enum CombinerType : sbyte
{
    Sum = 0,
    Mean = 1,
    Sqrtn = 2,
}
