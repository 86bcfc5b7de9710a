namespace ManagedLite.Schema;

/// <summary>Reduction of the (deprecated) REDUCE_WINDOW operator; values match TFLite's schema.</summary>
public enum ReduceWindowFunction
{
    Unsupported = 0,
    Add = 1,
    Mul = 2,
    Minimum = 3,
    Maximum = 4,
    All = 5,
    Any = 6,
}
