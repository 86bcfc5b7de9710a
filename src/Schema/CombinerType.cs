namespace ManagedLite.Schema;

/// <summary>How EMBEDDING_LOOKUP_SPARSE combines the weighted embeddings of one row (TFLite <c>CombinerType</c>).</summary>
public enum CombinerType : sbyte
{
    Sum = 0,
    Mean = 1,
    Sqrtn = 2,
}
