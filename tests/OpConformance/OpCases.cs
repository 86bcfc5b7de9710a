namespace ManagedLite.OpConformance;

/// <summary>
/// Every op-conformance case. Each operator family adds its cases in its own file under Cases/ by implementing one
/// of the partial methods below (no reflection, and no central list to edit beyond a declaration).
/// </summary>
internal static partial class OpCases
{
    /// <summary>Seed of the committed references.</summary>
    public const uint ReferenceSeed = 20261202;

    public static IReadOnlyList<OpCaseFactory> All { get; } = Collect();

    private static List<OpCaseFactory> Collect()
    {
        var list = new List<OpCaseFactory>();
        AddElementwise(list);
        AddComparison(list);
        AddShape(list);
        AddIndexing(list);
        AddReduction(list);
        AddNormalization(list);
        AddSequence(list);
        AddImage(list);
        AddSignalComplex(list);
        AddStrings(list);
        AddRandom(list);
        AddControlFlow(list);
        AddStableHlo(list);
        AddCustom(list);
        AddQuantizedConvolution(list);
        AddInt16x8Convolution(list);
        AddInt16x8DepthwiseTranspose(list);
        AddInt4(list);
        AddModels(list);
        AddBatchMatMul(list);
        var dup = list.GroupBy(c => c.Name).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null) throw new InvalidOperationException($"op case name '{dup.Key}' is used twice");
        return list;
    }

    public static OpCaseFactory Find(string name) =>
        All.FirstOrDefault(c => c.Name == name) ?? throw new KeyNotFoundException($"no op case named '{name}'");

    static partial void AddElementwise(List<OpCaseFactory> cases);
    static partial void AddComparison(List<OpCaseFactory> cases);
    static partial void AddShape(List<OpCaseFactory> cases);
    static partial void AddIndexing(List<OpCaseFactory> cases);
    static partial void AddReduction(List<OpCaseFactory> cases);
    static partial void AddNormalization(List<OpCaseFactory> cases);
    static partial void AddSequence(List<OpCaseFactory> cases);
    static partial void AddImage(List<OpCaseFactory> cases);
    static partial void AddSignalComplex(List<OpCaseFactory> cases);
    static partial void AddStrings(List<OpCaseFactory> cases);
    static partial void AddRandom(List<OpCaseFactory> cases);
    static partial void AddControlFlow(List<OpCaseFactory> cases);
    static partial void AddStableHlo(List<OpCaseFactory> cases);
    static partial void AddCustom(List<OpCaseFactory> cases);
    static partial void AddQuantizedConvolution(List<OpCaseFactory> cases);
    static partial void AddInt16x8Convolution(List<OpCaseFactory> cases);
    static partial void AddInt16x8DepthwiseTranspose(List<OpCaseFactory> cases);
    static partial void AddInt4(List<OpCaseFactory> cases);
    static partial void AddModels(List<OpCaseFactory> cases);
    static partial void AddBatchMatMul(List<OpCaseFactory> cases);
}
