namespace ManagedLite.Kernels.Params;

/// <summary>
/// Sizes of one SVDF invocation. Input [Batch, InputSize]; weights_feature [NumFilters, InputSize];
/// weights_time [NumFilters, MemorySize]; bias [NumUnits]; state [Batch, NumFilters * MemorySize];
/// output [Batch, NumUnits], where NumFilters = NumUnits * Rank.
/// </summary>
public readonly record struct SvdfShape(int Batch, int InputSize, int NumFilters, int Rank, int MemorySize)
{
    public int NumUnits => NumFilters / Rank;
    public int StateSize => Batch * NumFilters * MemorySize;
}
