using System.Runtime.InteropServices;
using ManagedLite.Robustness;
using ManagedLite.Schema;
using Xunit;
using static ManagedLite.Robustness.TinyModel;

namespace ManagedLite.Runtime.Tests.Indexing;

/// <summary>
/// The indexing, scatter/gather and segment operators through the interpreter: out-of-range indices from inputs are
/// an <see cref="OperatorException"/> naming the node and the index, Prepare rejects what TFLite rejects, data-dependent
/// outputs resize per invoke, attacker-sized outputs fail before allocating, steady-state invokes allocate nothing,
/// and the cases native TFLite cannot run give the values their definition says.
/// </summary>
public class IndexingOpTests
{
    private static byte[] Bytes<T>(params T[] v) where T : unmanaged => MemoryMarshal.AsBytes(v.AsSpan()).ToArray();

    private static Interpreter Allocate(byte[] model, bool reference = false)
    {
        var interp = new Interpreter(Model.FromBytes(model), new InterpreterOptions { UseReferenceKernels = reference });
        interp.AllocateTensors();
        return interp;
    }

    private static OperatorException PrepareFails(byte[] model, string fragment)
    {
        using var interp = new Interpreter(Model.FromBytes(model));
        var e = Assert.Throws<OperatorException>(() => interp.AllocateTensors());
        Assert.Contains(fragment, e.Message);
        return e;
    }

    private static OperatorException InvokeFails(Interpreter interp, string fragment)
    {
        var e = Assert.Throws<OperatorException>(() => interp.Invoke());
        Assert.Contains(fragment, e.Message);
        return e;
    }

    private static byte[] GatherNd(TensorType indexType, int[] indexShape, byte[]? constIndices = null, int[]? paramsShape = null)
    {
        paramsShape ??= [3, 2];
        var m = new TinyModel();
        int p = m.Tensor("params", TensorType.Float32, paramsShape);
        int i = m.Tensor("indices", indexType, indexShape, constIndices);
        int depth = indexShape[^1];
        int o = m.Tensor("out", TensorType.Float32, [.. indexShape[..^1], .. paramsShape[Math.Min(depth, paramsShape.Length)..]]);
        m.Op(BuiltinOperator.GATHER_ND, [p, i], [o]).Inputs(constIndices is null ? [p, i] : [p]).Outputs(o);
        return m.Build();
    }

    [Fact]
    public void GatherNdIndexOutOfRangeNamesNodeAndIndex()
    {
        using var interp = Allocate(GatherNd(TensorType.Int32, [2, 2]));
        interp.Inputs[0].CopyFrom<float>([1, 2, 3, 4, 5, 6]);
        interp.Inputs[1].CopyFrom<int>([2, 1, 0, 2]);
        var e = InvokeFails(interp, "index 2 at position 3");
        Assert.Equal(0, e.NodeIndex);
        Assert.Equal("GATHER_ND", e.OperatorName);
        interp.Inputs[1].CopyFrom<int>([-1, 0, 0, 0]);
        InvokeFails(interp, "index -1 at position 0");
        interp.Inputs[1].CopyFrom<int>([2, 1, 0, 1]);
        interp.Invoke();
        Assert.Equal(new float[] { 6, 2 }, interp.Outputs[0].ToArray<float>());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void GatherNdOfDepthZeroCopiesParamsPerRow(bool reference)
    {
        // TFLite's kernel errors here (its empty indices buffer is null); the definition gives one copy per row.
        using var interp = Allocate(GatherNd(TensorType.Int64, [2, 0], constIndices: [], paramsShape: [3]), reference);
        interp.Inputs[0].CopyFrom<float>([7, 8, 9]);
        interp.Invoke();
        Assert.Equal(new[] { 2, 3 }, interp.Outputs[0].Shape.ToArray());
        Assert.Equal(new float[] { 7, 8, 9, 7, 8, 9 }, interp.Outputs[0].ToArray<float>());
    }

    [Fact]
    public void GatherNdPrepareRejections()
    {
        PrepareFails(GatherNd(TensorType.Int32, [1, 3]), "address 3 dimensions");
        PrepareFails(GatherNd(TensorType.Float32, [1, 1]), "indices 'indices' is float32");
        var m = new TinyModel();
        int p = m.Tensor("params", TensorType.Float32, [2]);
        int i = m.Tensor("indices", TensorType.Int32, [1, 1]);
        int o = m.Tensor("out", TensorType.Int32, [1]);
        PrepareFails(m.Op(BuiltinOperator.GATHER_ND, [p, i], [o]).Inputs(p, i).Outputs(o).Build(), "must be float32");
    }

    private static byte[] ScatterNd(int[] shape, bool shapeIsInput, int[] updShape, int[] idxShape)
    {
        var m = new TinyModel();
        int i = m.Tensor("indices", TensorType.Int32, idxShape);
        int u = m.Tensor("updates", TensorType.Float32, updShape);
        int s = m.Tensor("shape", TensorType.Int32, [shape.Length], shapeIsInput ? null : Bytes(shape));
        int o = m.Tensor("out", TensorType.Float32, shapeIsInput ? [1] : shape);
        m.Op(BuiltinOperator.SCATTER_ND, [i, u, s], [o]).Inputs(shapeIsInput ? [i, u, s] : [i, u]).Outputs(o);
        return m.Build();
    }

    [Fact]
    public void ScatterNdAccumulatesAndRejectsBadIndices()
    {
        using var interp = Allocate(ScatterNd([4], false, [3], [3, 1]));
        interp.Inputs[0].CopyFrom<int>([1, 3, 1]);
        interp.Inputs[1].CopyFrom<float>([1, 2, 4]);
        interp.Invoke();
        Assert.Equal(new float[] { 0, 5, 0, 2 }, interp.Outputs[0].ToArray<float>());
        interp.Inputs[0].CopyFrom<int>([1, 4, 1]);
        InvokeFails(interp, "index 4 at position 1");
    }

    [Fact]
    public void ScatterNdShapeChecksAndHugeShapes()
    {
        PrepareFails(ScatterNd([4, 2], false, [3], [3, 1]), "updates 'updates'");
        // A dynamic shape asking for 2^31 floats fails at Eval on the tensor limit, before any allocation.
        using var interp = Allocate(ScatterNd([1], true, [1], [1, 1]));
        interp.Inputs[0].CopyFrom<int>([0]);
        interp.Inputs[1].CopyFrom<float>([1]);
        interp.Inputs[2].CopyFrom<int>([1]);
        interp.Invoke();
        Assert.Equal(new float[] { 1 }, interp.Outputs[0].ToArray<float>());
        using var huge = Allocate(ScatterNd([1, 1], true, [1, 32768], [1, 1]));
        huge.Inputs[2].CopyFrom<int>([16384, 32768]);
        InvokeFails(huge, "MaxTensorBytes");
    }

    private static byte[] Where(TensorType type, int[] shape)
    {
        var m = new TinyModel();
        int c = m.Tensor("cond", type, shape);
        int o = m.Tensor("out", TensorType.Int64, [1, shape.Length]);
        return m.Op(BuiltinOperator.WHERE, [c], [o]).Inputs(c).Outputs(o).Build();
    }

    [Fact]
    public void WhereOutputFollowsTheDataAcrossInvokes()
    {
        using var interp = Allocate(Where(TensorType.Float32, [2, 3]));
        interp.Inputs[0].CopyFrom<float>([0, 1, -0f, float.NaN, 0, 2]);
        interp.Invoke();
        Assert.Equal(new[] { 3, 2 }, interp.Outputs[0].Shape.ToArray());
        Assert.Equal(new long[] { 0, 1, 1, 0, 1, 2 }, interp.Outputs[0].ToArray<long>());
        interp.Inputs[0].CopyFrom<float>([0, 0, 0, 0, 0, 0]);
        interp.Invoke();
        Assert.Equal(new[] { 0, 2 }, interp.Outputs[0].Shape.ToArray());
        interp.Inputs[0].CopyFrom<float>([1, 1, 1, 1, 1, 1]);
        interp.Invoke();
        Assert.Equal(new[] { 6, 2 }, interp.Outputs[0].Shape.ToArray());
    }

    [Fact]
    public void WhereFeedsGatherNdAsABooleanMask()
    {
        // tf.boolean_mask as converters emit it: WHERE's dynamic [n, 1] coordinates index GATHER_ND, re-prepared per invoke.
        var m = new TinyModel();
        int mask = m.Tensor("mask", TensorType.Bool, [5]);
        int data = m.Tensor("data", TensorType.Float32, [5, 2]);
        int coords = m.Tensor("coords", TensorType.Int64, [1, 1]);
        int picked = m.Tensor("picked", TensorType.Float32, [1, 2]);
        m.Op(BuiltinOperator.WHERE, [mask], [coords]).Op(BuiltinOperator.GATHER_ND, [data, coords], [picked]).Inputs(mask, data).Outputs(picked);
        using var interp = Allocate(m.Build());
        interp.Inputs[1].CopyFrom<float>([0, 1, 10, 11, 20, 21, 30, 31, 40, 41]);
        interp.Inputs[0].CopyFrom<byte>([0, 1, 0, 1, 1]);
        interp.Invoke();
        Assert.Equal(new[] { 3, 2 }, interp.Outputs[0].Shape.ToArray());
        Assert.Equal(new float[] { 10, 11, 30, 31, 40, 41 }, interp.Outputs[0].ToArray<float>());
        interp.Inputs[0].CopyFrom<byte>([1, 0, 0, 0, 0]);
        interp.Invoke();
        Assert.Equal(new float[] { 0, 1 }, interp.Outputs[0].ToArray<float>());
        interp.Inputs[0].CopyFrom<byte>([0, 0, 0, 0, 0]);
        interp.Invoke();
        Assert.Equal(new[] { 0, 2 }, interp.Outputs[0].Shape.ToArray());
    }

    [Fact]
    public void WhereUInt32AndRejections()
    {
        using var interp = Allocate(Where(TensorType.UInt32, [4]));
        interp.Inputs[0].CopyFrom<uint>([0, 4000000000, 0, 1]);
        interp.Invoke();
        Assert.Equal(new long[] { 1, 3 }, interp.Outputs[0].ToArray<long>());
        PrepareFails(Where(TensorType.Float32, []), "rank at least 1");
        PrepareFails(Where(TensorType.Int16, [2]), "int16");
    }

    private static byte[] Unique(TensorType type, int n, TensorType idxType, TensorType idxTensorType)
    {
        var m = new TinyModel();
        int i = m.Tensor("in", type, [n]);
        int o0 = m.Tensor("values", type, [n]);
        int o1 = m.Tensor("idx", idxTensorType, [n]);
        return m.Op(BuiltinOperator.UNIQUE, [i], [o0, o1], 1, 80, new OptionField(0, OptionKind.Byte, (int)idxType)).Inputs(i).Outputs(o0, o1).Build();
    }

    [Fact]
    public void UniqueKeepsFirstAppearanceAndResizes()
    {
        using var interp = Allocate(Unique(TensorType.Float32, 6, TensorType.Int64, TensorType.Int64));
        interp.Inputs[0].CopyFrom<float>([3, -0f, 3, 0, float.NaN, float.NaN]);
        interp.Invoke();
        var values = interp.Outputs[0].ToArray<float>();
        Assert.Equal(3, values.Length);
        Assert.Equal(3f, values[0]);
        Assert.True(values[1] == 0f && float.IsNegative(values[1]), "-0 first appears before 0, so it is the value kept");
        Assert.True(float.IsNaN(values[2]));
        Assert.Equal(new long[] { 0, 1, 0, 1, 2, 2 }, interp.Outputs[1].ToArray<long>());
        interp.Inputs[0].CopyFrom<float>([1, 2, 3, 4, 5, 6]);
        interp.Invoke();
        Assert.Equal(6, interp.Outputs[0].Shape[0]);
    }

    [Fact]
    public void UniqueRejections()
    {
        PrepareFails(Unique(TensorType.Int32, 3, TensorType.Int64, TensorType.Int32), "idx_out_type");
        PrepareFails(Unique(TensorType.Int32, 3, TensorType.Int16, TensorType.Int16), "int32 or int64");
        PrepareFails(Unique(TensorType.Bool, 3, TensorType.Int32, TensorType.Int32), "bool");
    }

    private static byte[] Embedding(TensorType valueType, int[] valueShape, byte[]? data, float[]? scales, long[]? zeroPoints, TensorType outType, int n)
    {
        var m = new TinyModel();
        int ids = m.Tensor("ids", TensorType.Int32, [n]);
        int v = m.Tensor("value", valueType, valueShape, data, scale: scales, zeroPoint: zeroPoints);
        int o = m.Tensor("out", outType, [n, .. valueShape[1..]]);
        m.Op(BuiltinOperator.EMBEDDING_LOOKUP, [ids, v], [o], 3).Inputs(data is null ? [ids, v] : [ids]).Outputs(o);
        return m.Build();
    }

    [Fact]
    public void EmbeddingLookupHybridReadsUInt8AsInt8AndRejectsBadIds()
    {
        // TFLite's hybrid path reads uint8 values through an int8 pointer: 200 is -56.
        using var interp = Allocate(Embedding(TensorType.UInt8, [2, 2], [200, 10, 1, 2], [0.5f], [0], TensorType.Float32, 2));
        interp.Inputs[0].CopyFrom<int>([0, 1]);
        interp.Invoke();
        Assert.Equal(new float[] { -28, 5, 0.5f, 1 }, interp.Outputs[0].ToArray<float>());
        interp.Inputs[0].CopyFrom<int>([1, 2]);
        var e = InvokeFails(interp, "id 2 at position 1");
        Assert.Equal("EMBEDDING_LOOKUP", e.OperatorName);
    }

    [Fact]
    public void EmbeddingLookupInt4WithOddRowsSharesBytesAsTfliteDoes()
    {
        // 3 rows of 3 int4 values packed low nibble first: 1,2,3 | 4,5,6 | -7,-8,7. Row 1 starts in byte 1 (3 >> 1),
        // at its low nibble, as TFLite's Unpack4Bit reads it: so it gives 3, 4, 5 rather than 4, 5, 6.
        int[] values = [1, 2, 3, 4, 5, 6, -7, -8, 7];
        var packed = new byte[5];
        for (int i = 0; i < values.Length; i++) packed[i / 2] |= (byte)((values[i] & 0xF) << (4 * (i % 2)));
        using var interp = Allocate(Embedding(TensorType.Int4, [3, 3], packed, [1f, 2f, 0.5f], [0, 0, 0], TensorType.Float32, 3));
        interp.Inputs[0].CopyFrom<int>([0, 1, 2]);
        interp.Invoke();
        Assert.Equal(new float[] { 1, 2, 3, 6, 8, 10, -3.5f, -4f, 3.5f }, interp.Outputs[0].ToArray<float>());
    }

    [Fact]
    public void EmbeddingLookupRejections()
    {
        PrepareFails(Embedding(TensorType.Int8, [2, 2], [1, 2, 3, 4], [0.5f], [3], TensorType.Float32, 1), "zero point 3");
        var m = new TinyModel();
        int ids = m.Tensor("ids", TensorType.Int32, [1]);
        int v = m.Tensor("value", TensorType.Int8, [2, 3], [1, 2, 3, 4, 5, 6], scale: [0.5f, 1f, 2f], zeroPoint: [0, 0, 0], quantizedDimension: 1);
        int o = m.Tensor("out", TensorType.Float32, [1, 3]);
        PrepareFails(m.Op(BuiltinOperator.EMBEDDING_LOOKUP, [ids, v], [o], 4).Inputs(ids).Outputs(o).Build(), "per-row scales need one scale per row");
        PrepareFails(Embedding(TensorType.Int8, [2, 2], [1, 2, 3, 4], null, null, TensorType.Float32, 1), "needs quantization scales");
        PrepareFails(Embedding(TensorType.Int32, [2, 2], null, null, null, TensorType.Float32, 1), "cannot be dequantized");
        PrepareFails(Embedding(TensorType.Int4, [2, 3], [1, 2, 3, 4, 5, 6], [1f], [0], TensorType.Float32, 1), "packed two values a byte");
    }

    [Fact]
    public void EmbeddingLookupSparseFinalizesEachRunOfARow()
    {
        // Unsorted entries: row 0 is finalized (MEAN) once per run, as TFLite does: ((1*2)/2 + 3*1) / 1.
        var m = new TinyModel();
        int ids = m.Tensor("ids", TensorType.Int32, [3]);
        int idx = m.Tensor("indices", TensorType.Int32, [3, 2], Bytes(0, 0, 1, 0, 0, 1));
        int dense = m.Tensor("dense", TensorType.Int32, [2], Bytes(2, 2));
        int w = m.Tensor("weights", TensorType.Float32, [3]);
        int v = m.Tensor("value", TensorType.Float32, [2, 1], Bytes(1f, 3f));
        int o = m.Tensor("out", TensorType.Float32, [2, 1]);
        m.Op(BuiltinOperator.EMBEDDING_LOOKUP_SPARSE, [ids, idx, dense, w, v], [o], 1, 20, new OptionField(0, OptionKind.Byte, 1))
            .Inputs(ids, w).Outputs(o);
        using var interp = Allocate(m.Build());
        interp.Inputs[0].CopyFrom<int>([0, 0, 1]);
        interp.Inputs[1].CopyFrom<float>([2, 5, 1]);
        interp.Invoke();
        Assert.Equal(new float[] { 4, 1 }, interp.Outputs[0].ToArray<float>());
        interp.Inputs[0].CopyFrom<int>([0, 2, 1]);
        InvokeFails(interp, "id 2 at position 1");
    }

    private static byte[] SparseToDense(int[] indexShape, int[] outShape, bool shapeIsInput, int valuesLength)
    {
        var m = new TinyModel();
        int i = m.Tensor("indices", TensorType.Int32, indexShape);
        int s = m.Tensor("shape", TensorType.Int32, [outShape.Length], shapeIsInput ? null : Bytes(outShape));
        int v = m.Tensor("values", TensorType.Float32, valuesLength < 0 ? [] : [valuesLength]);
        int d = m.Tensor("default", TensorType.Float32, [], Bytes(-1f));
        int o = m.Tensor("out", TensorType.Float32, [1]); // sized by Prepare (or Eval, for a fed shape)
        m.Op(BuiltinOperator.SPARSE_TO_DENSE, [i, s, v, d], [o]).Inputs(shapeIsInput ? [i, s, v] : [i, v]).Outputs(o);
        return m.Build();
    }

    [Fact]
    public void SparseToDenseLastDuplicateWinsAndBadIndexFails()
    {
        using var interp = Allocate(SparseToDense([3, 2], [2, 2], false, 3));
        interp.Inputs[0].CopyFrom<int>([0, 1, 1, 0, 0, 1]);
        interp.Inputs[1].CopyFrom<float>([5, 6, 7]);
        interp.Invoke();
        Assert.Equal(new float[] { -1, 7, 6, -1 }, interp.Outputs[0].ToArray<float>());
        interp.Inputs[0].CopyFrom<int>([0, 1, 2, 0, 0, 1]);
        InvokeFails(interp, "index 2 at position 2");
    }

    [Fact]
    public void SparseToDenseSizesAreChecked()
    {
        PrepareFails(SparseToDense([3, 2], [2, 2], false, 2), "one value per index row");
        PrepareFails(SparseToDense([3, 5], [1, 1, 1, 1, 1], false, 3), "rank 4 at most");
        // A fed shape of 2^40 elements is refused before anything is allocated.
        using var interp = Allocate(SparseToDense([1, 2], [1, 1], true, -1));
        interp.Inputs[1].CopyFrom<int>([1 << 20, 1 << 20]);
        InvokeFails(interp, "overflows");
        PrepareFails(SparseToDense([1, 2], [1 << 15, 1 << 14], false, -1), "MaxTensorBytes");
    }

    private static byte[] SegmentSum(bool idsAreInput, int[] ids)
    {
        var m = new TinyModel();
        int d = m.Tensor("data", TensorType.Int32, [ids.Length, 2]);
        int s = m.Tensor("ids", TensorType.Int32, [ids.Length], idsAreInput ? null : Bytes(ids));
        int o = m.Tensor("out", TensorType.Int32, [1, 2]);
        m.Op(BuiltinOperator.SEGMENT_SUM, [d, s], [o]).Inputs(idsAreInput ? [d, s] : [d]).Outputs(o);
        return m.Build();
    }

    [Fact]
    public void SegmentSumChecksIdsAndWraps()
    {
        PrepareFails(SegmentSum(false, [0, 2]), "segment id 2 at position 1");
        PrepareFails(SegmentSum(false, [1, 1]), "segment id 1 at position 0");
        using var interp = Allocate(SegmentSum(true, [0, 0, 0]));
        interp.Inputs[0].CopyFrom<int>([int.MaxValue, 1, 1, 2, 3, 4]);
        interp.Inputs[1].CopyFrom<int>([0, 0, 1]);
        interp.Invoke();
        Assert.Equal(new[] { 2, 2 }, interp.Outputs[0].Shape.ToArray());
        Assert.Equal(new[] { int.MinValue, 3, 3, 4 }, interp.Outputs[0].ToArray<int>());
        interp.Inputs[1].CopyFrom<int>([0, 1, 0]);
        InvokeFails(interp, "segment id 0 at position 2");
    }

    private static byte[] UnsortedSegment(BuiltinOperator op, int n, int segments, bool segmentsIsInput = false)
    {
        var m = new TinyModel();
        int d = m.Tensor("data", TensorType.Float32, [n]);
        int s = m.Tensor("ids", TensorType.Int32, [n]);
        int k = m.Tensor("num", TensorType.Int32, [], segmentsIsInput ? null : Bytes(segments));
        int o = m.Tensor("out", TensorType.Float32, [Math.Max(segments, 0)]);
        m.Op(op, [d, s, k], [o]).Inputs(segmentsIsInput ? [d, s, k] : [d, s]).Outputs(o);
        return m.Build();
    }

    [Fact]
    public void UnsortedSegmentSkipsNegativeIdsAndRejectsLargeOnes()
    {
        using var interp = Allocate(UnsortedSegment(BuiltinOperator.UNSORTED_SEGMENT_MAX, 3, 3));
        interp.Inputs[0].CopyFrom<float>([1, 2, 3]);
        interp.Inputs[1].CopyFrom<int>([2, -1, 2]);
        interp.Invoke();
        Assert.Equal(new[] { float.MinValue, float.MinValue, 3 }, interp.Outputs[0].ToArray<float>());
        interp.Inputs[1].CopyFrom<int>([0, 3, 1]);
        InvokeFails(interp, "segment id 3 at position 1");
        PrepareFails(UnsortedSegment(BuiltinOperator.UNSORTED_SEGMENT_SUM, 3, -1), "negative");
        using var huge = Allocate(UnsortedSegment(BuiltinOperator.UNSORTED_SEGMENT_PROD, 1, 1, segmentsIsInput: true));
        huge.Inputs[2].CopyFrom<int>([int.MaxValue]);
        Assert.Throws<OperatorException>(() => huge.Invoke());
    }

    private static byte[] Bucketize(TensorType type, params float[] boundaries)
    {
        var m = new TinyModel();
        int i = m.Tensor("in", type, [3]);
        int o = m.Tensor("out", TensorType.Int32, [3]);
        return m.Op(BuiltinOperator.BUCKETIZE, [i], [o], 1, 115, OptionField.FloatVector(0, boundaries)).Inputs(i).Outputs(o).Build();
    }

    [Fact]
    public void BucketizeComparesIntegersAsFloats()
    {
        // 16777217 becomes 16777216f, equal to the boundary: upper_bound puts it after it.
        using var interp = Allocate(Bucketize(TensorType.Int32, 16777216f, 16777218f));
        interp.Inputs[0].CopyFrom<int>([16777215, 16777217, 16777219]);
        interp.Invoke();
        Assert.Equal(new[] { 0, 1, 2 }, interp.Outputs[0].ToArray<int>());
        using var d = Allocate(Bucketize(TensorType.Float64, 0.1f));
        d.Inputs[0].CopyFrom<double>([0.1, 0.1f, 0.2]); // 0.1 < 0.1f as doubles
        d.Invoke();
        Assert.Equal(new[] { 0, 1, 1 }, d.Outputs[0].ToArray<int>());
        PrepareFails(Bucketize(TensorType.Float32, 1f, 0f), "must be sorted");
        PrepareFails(Bucketize(TensorType.Int8, 1f), "int8");
    }

    [Fact]
    public void SteadyStateInvokesAllocateNothing()
    {
        var models = new (byte[] Model, Action<Interpreter> Fill)[]
        {
            (GatherNd(TensorType.Int32, [2, 2]), i => { i.Inputs[0].CopyFrom<float>([1, 2, 3, 4, 5, 6]); i.Inputs[1].CopyFrom<int>([2, 1, 0, 1]); }),
            (ScatterNd([4], false, [3], [3, 1]), i => i.Inputs[0].CopyFrom<int>([1, 3, 1])),
            (Unique(TensorType.Int32, 6, TensorType.Int32, TensorType.Int32), i => i.Inputs[0].CopyFrom<int>([1, 2, 1, 3, 2, 1])),
            (Where(TensorType.Bool, [4]), i => i.Inputs[0].CopyFrom<byte>([1, 0, 1, 1])),
            (Bucketize(TensorType.Float32, 0f, 1f), i => i.Inputs[0].CopyFrom<float>([-1, 0.5f, 2])),
        };
        foreach (var (model, fill) in models)
        {
            using var interp = Allocate(model);
            fill(interp);
            interp.Invoke();
            interp.Invoke();
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int k = 0; k < 5; k++) interp.Invoke();
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }
}
