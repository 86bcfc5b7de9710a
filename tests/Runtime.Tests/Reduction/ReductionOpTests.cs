using System.Runtime.InteropServices;
using ManagedLite.Robustness;
using ManagedLite.Schema;
using Xunit;
using static ManagedLite.Robustness.TinyModel;

namespace ManagedLite.Runtime.Tests.Reduction;

/// <summary>
/// Reductions, ARG_MAX/ARG_MIN, CUMSUM and TOPK_V2 through the interpreter: Prepare rejects what TFLite rejects,
/// non-constant axes and k give dynamic outputs that follow each invoke, the extensions native TFLite lacks (an int64
/// reduction axis) give their defined values, and work estimates feed the compute budget.
/// </summary>
public class ReductionOpTests
{
    private static byte[] Bytes<T>(params T[] v) where T : unmanaged => MemoryMarshal.AsBytes(v.AsSpan()).ToArray();

    private static Interpreter Allocate(byte[] model, bool reference = false, long? budget = null)
    {
        var interp = new Interpreter(Model.FromBytes(model), new InterpreterOptions { UseReferenceKernels = reference, MaxMacsPerInvoke = budget ?? long.MaxValue });
        interp.AllocateTensors();
        return interp;
    }

    private static void PrepareFails(byte[] model, string fragment)
    {
        using var interp = new Interpreter(Model.FromBytes(model));
        var e = Assert.Throws<OperatorException>(() => interp.AllocateTensors());
        Assert.Contains(fragment, e.Message);
    }

    private static byte[] Reduce(BuiltinOperator op, TensorType type, int[] shape, int[] outShape, byte[]? axes, int axisCount,
        TensorType axisType = TensorType.Int32, bool keepDims = false, (float, long)? inQ = null, (float, long)? outQ = null, TensorType? outType = null)
    {
        var m = new TinyModel();
        int x = m.Tensor("x", type, shape, scale: inQ is null ? null : [inQ.Value.Item1], zeroPoint: inQ is null ? null : [inQ.Value.Item2]);
        int a = m.Tensor("axis", axisType, [axisCount], axes);
        int y = m.Tensor("y", outType ?? type, outShape, scale: outQ is null ? null : [outQ.Value.Item1], zeroPoint: outQ is null ? null : [outQ.Value.Item2]);
        m.Op(op, [x, a], [y], 1, 27, new OptionField(0, OptionKind.Bool, keepDims ? 1 : 0)).Inputs(axes is null ? [x, a] : [x]).Outputs(y);
        return m.Build();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Int64AxisReducesLikeInt32(bool reference)
    {
        // TFLite's reduce.cc takes int32 axes only; ManagedLite reads int64 ones the same way.
        using var interp = Allocate(Reduce(BuiltinOperator.MEAN, TensorType.Float32, [2, 3], [2], Bytes(-1L), 1, TensorType.Int64), reference);
        interp.Inputs[0].CopyFrom<float>([1, 2, 3, 4, 5, 9]);
        interp.Invoke();
        Assert.Equal(new float[] { 2, 6 }, interp.Outputs[0].ToArray<float>());
    }

    [Fact]
    public void DynamicAxisResizesPerInvoke()
    {
        using var interp = Allocate(Reduce(BuiltinOperator.SUM, TensorType.Int32, [2, 3], [1], null, 1));
        interp.Inputs[0].CopyFrom<int>([1, 2, 3, 4, 5, 6]);
        interp.Inputs[1].CopyFrom<int>([0]);
        interp.Invoke();
        Assert.Equal(new[] { 3 }, interp.Outputs[0].Shape.ToArray());
        Assert.Equal(new[] { 5, 7, 9 }, interp.Outputs[0].ToArray<int>());
        interp.Inputs[1].CopyFrom<int>([-1]);
        interp.Invoke();
        Assert.Equal(new[] { 6, 15 }, interp.Outputs[0].ToArray<int>());
        interp.Inputs[1].CopyFrom<int>([2]);
        var e = Assert.Throws<OperatorException>(() => interp.Invoke());
        Assert.Contains("axis 2", e.Message);
    }

    [Fact]
    public void MeanOfAnEmptyInputIsNaN()
    {
        using var interp = Allocate(Reduce(BuiltinOperator.MEAN, TensorType.Float32, [0, 2], [2], Bytes(0), 1));
        interp.Invoke();
        Assert.All(interp.Outputs[0].ToArray<float>(), v => Assert.True(float.IsNaN(v)));
    }

    [Fact]
    public void ReduceMaxOfAllDimsStartsFromTheFirstElement()
    {
        // TFLite's ReduceAllDims seeds with element 0: a leading NaN stays; a partial reduction starts from lowest().
        using var all = Allocate(Reduce(BuiltinOperator.REDUCE_MAX, TensorType.Float32, [3], [], Bytes(0), 1), reference: true);
        all.Inputs[0].CopyFrom<float>([float.NaN, 1, 2]);
        all.Invoke();
        Assert.True(float.IsNaN(all.Outputs[0].ToArray<float>()[0]));
        using var part = Allocate(Reduce(BuiltinOperator.REDUCE_MAX, TensorType.Float32, [1, 3], [1], Bytes(1), 1), reference: true);
        part.Inputs[0].CopyFrom<float>([float.NaN, 1, 2]);
        part.Invoke();
        Assert.Equal(2f, part.Outputs[0].ToArray<float>()[0]);
    }

    [Fact]
    public void ReducePrepareRejections()
    {
        PrepareFails(Reduce(BuiltinOperator.REDUCE_ANY, TensorType.Float32, [2], [], Bytes(0), 1), "accepts bool");
        PrepareFails(Reduce(BuiltinOperator.MEAN, TensorType.Bool, [2], [], Bytes(0), 1), "bool");
        PrepareFails(Reduce(BuiltinOperator.SUM, TensorType.Float32, [2], [], Bytes(0), 1, outType: TensorType.Int32), "must be float32");
        PrepareFails(Reduce(BuiltinOperator.SUM, TensorType.Float32, [2, 2], [], Bytes(2), 1), "out of range");
        PrepareFails(Reduce(BuiltinOperator.SUM, TensorType.Float32, [2], [], Bytes(0f), 1, TensorType.Float32), "axis 'axis' is float32");
        PrepareFails(Reduce(BuiltinOperator.REDUCE_MAX, TensorType.Int8, [2], [], Bytes(0), 1, inQ: (0.1f, 0), outQ: (0.2f, 0)), "must have the quantization");
        PrepareFails(Reduce(BuiltinOperator.MEAN, TensorType.Int16, [2], [], Bytes(0), 1, inQ: (0.1f, 1), outQ: (0.2f, 0)), "zero point 0");
        PrepareFails(Reduce(BuiltinOperator.MEAN, TensorType.Int8, [2], [], Bytes(0), 1), "need quantization parameters");
        PrepareFails(Reduce(BuiltinOperator.REDUCE_PROD, TensorType.UInt8, [2], [], Bytes(0), 1, inQ: (0.1f, 0), outQ: (0.1f, 0)), "quantized uint8");
        // in/out^(1/2) = 1 / 1e-3 is over 2^7: TFLite's int64 rescaling cannot represent it.
        PrepareFails(Reduce(BuiltinOperator.REDUCE_PROD, TensorType.Int8, [2], [], Bytes(0), 1, inQ: (1f, 0), outQ: (1e-6f, 0)), "too large");
    }

    [Fact]
    public void ScalarInputIgnoresTheAxis()
    {
        using var interp = Allocate(Reduce(BuiltinOperator.REDUCE_PROD, TensorType.Int64, [], [], Bytes(5), 1));
        interp.Inputs[0].CopyFrom<long>([-7]);
        interp.Invoke();
        Assert.Equal(new long[] { -7 }, interp.Outputs[0].ToArray<long>());
    }

    private static byte[] ArgMax(TensorType type, int[] shape, TensorType outType, TensorType optionType, byte[]? axis, bool isMax = true)
    {
        var m = new TinyModel();
        int x = m.Tensor("x", type, shape);
        int a = m.Tensor("axis", TensorType.Int32, [1], axis);
        int y = m.Tensor("y", outType, shape[1..]);
        m.Op(isMax ? BuiltinOperator.ARG_MAX : BuiltinOperator.ARG_MIN, [x, a], [y], 1, isMax ? (byte)40 : (byte)57, new OptionField(0, OptionKind.Byte, (int)optionType))
            .Inputs(axis is null ? [x, a] : [x]).Outputs(y);
        return m.Build();
    }

    [Fact]
    public void ArgMaxNaNAndTies()
    {
        using var interp = Allocate(ArgMax(TensorType.Float32, [4, 3], TensorType.Int64, TensorType.Int64, Bytes(0)));
        interp.Inputs[0].CopyFrom<float>([float.NaN, 1, float.NaN, 2, 1, float.NaN, float.NaN, 3, float.NaN, 2, 3, float.NaN]);
        interp.Invoke();
        // column 0: NaN, 2, NaN, 2 -> first 2 at 1; column 1: 1, 1, 3, 3 -> 2; column 2: all NaN -> 0.
        Assert.Equal(new long[] { 1, 2, 0 }, interp.Outputs[0].ToArray<long>());
        using var min = Allocate(ArgMax(TensorType.Float32, [4, 3], TensorType.Int32, TensorType.Int32, Bytes(-2), isMax: false));
        min.Inputs[0].CopyFrom<float>([float.NaN, 1, float.NaN, 2, 1, float.NaN, float.NaN, 3, float.NaN, 2, 0, float.NaN]);
        min.Invoke();
        Assert.Equal(new[] { 1, 3, 0 }, min.Outputs[0].ToArray<int>());
    }

    [Fact]
    public void ArgMaxRejectionsAndDynamicAxis()
    {
        PrepareFails(ArgMax(TensorType.Float32, [2, 2], TensorType.Int32, TensorType.Int64, Bytes(0)), "must be int64");
        PrepareFails(ArgMax(TensorType.Float32, [2, 2], TensorType.Float32, TensorType.Float32, Bytes(0)), "output_type must be int32 or int64");
        PrepareFails(ArgMax(TensorType.Int16, [2, 2], TensorType.Int32, TensorType.Int32, Bytes(0)), "int16");
        PrepareFails(ArgMax(TensorType.Float32, [0, 2], TensorType.Int32, TensorType.Int32, Bytes(0)), "empty axis");
        using var interp = Allocate(ArgMax(TensorType.Int32, [2, 2], TensorType.Int32, TensorType.Int32, null));
        interp.Inputs[0].CopyFrom<int>([1, 5, 7, 2]);
        interp.Inputs[1].CopyFrom<int>([1]);
        interp.Invoke();
        Assert.Equal(new[] { 1, 0 }, interp.Outputs[0].ToArray<int>());
        interp.Inputs[1].CopyFrom<int>([3]);
        Assert.Throws<OperatorException>(() => interp.Invoke());
    }

    private static byte[] TopK(int[] shape, TensorType idxType, byte[]? k)
    {
        var m = new TinyModel();
        int x = m.Tensor("x", TensorType.Float32, shape);
        int kk = m.Tensor("k", TensorType.Int32, [], k);
        int k0 = k is null ? 1 : BitConverter.ToInt32(k);
        int[] outShape = [.. shape[..^1], Math.Max(0, Math.Min(k0, shape[^1]))];
        int v = m.Tensor("values", TensorType.Float32, outShape);
        int i = m.Tensor("indices", idxType, outShape);
        m.Op(BuiltinOperator.TOPK_V2, [x, kk], [v, i]).Inputs(k is null ? [x, kk] : [x]).Outputs(v, i);
        return m.Build();
    }

    [Fact]
    public void TopKOrdersTiesByPositionAndNaNLast()
    {
        using var interp = Allocate(TopK([6], TensorType.Int32, Bytes(6)));
        interp.Inputs[0].CopyFrom<float>([1, float.NaN, 3, 1, 3, -2]);
        interp.Invoke();
        Assert.Equal(new[] { 2, 4, 0, 3, 5, 1 }, interp.Outputs[1].ToArray<int>());
        using var dyn = Allocate(TopK([2, 3], TensorType.Int16, null));
        dyn.Inputs[0].CopyFrom<float>([1, 2, 3, 6, 5, 4]);
        dyn.Inputs[1].CopyFrom<int>([2]);
        dyn.Invoke();
        Assert.Equal(new[] { 2, 2 }, dyn.Outputs[0].Shape.ToArray());
        Assert.Equal(new float[] { 3, 2, 6, 5 }, dyn.Outputs[0].ToArray<float>());
        Assert.Equal(new short[] { 2, 1, 0, 1 }, dyn.Outputs[1].ToArray<short>());
        dyn.Inputs[1].CopyFrom<int>([0]);
        dyn.Invoke();
        Assert.Equal(new[] { 2, 0 }, dyn.Outputs[0].Shape.ToArray());
        dyn.Inputs[1].CopyFrom<int>([4]);
        var e = Assert.Throws<OperatorException>(() => dyn.Invoke());
        Assert.Contains("larger than the last dimension", e.Message);
    }

    [Fact]
    public void TopKRejectionsAndWorkEstimate()
    {
        PrepareFails(TopK([3], TensorType.Int32, Bytes(4)), "larger than the last dimension");
        PrepareFails(TopK([3], TensorType.Int64, Bytes(1)), "int64");
        PrepareFails(TopK([40000], TensorType.Int16, Bytes(1)), "do not fit int16");
        // 4096 elements into a heap of 1024 and 1024 pops (1 + log2 = 11 steps each, 8 units a step) plus the tensors and
        // the node overhead: about 457,000 units, over a 300,000 budget.
        using var interp = new Interpreter(Model.FromBytes(TopK([4096], TensorType.Int32, Bytes(1024))), new InterpreterOptions { MaxMacsPerInvoke = 300_000 });
        Assert.ThrowsAny<ResourceLimitException>(() => interp.AllocateTensors());
        using var ok = Allocate(TopK([4096], TensorType.Int32, Bytes(1024)), budget: 600_000);
    }

    private static byte[] Cumsum(int[] shape, int axis)
    {
        var m = new TinyModel();
        int x = m.Tensor("x", TensorType.Int32, shape);
        int a = m.Tensor("axis", TensorType.Int32, [], Bytes(axis));
        int y = m.Tensor("y", TensorType.Int32, shape);
        return m.Op(BuiltinOperator.CUMSUM, [x, a], [y], 1, 102, new OptionField(0, OptionKind.Bool, 1), new OptionField(1, OptionKind.Bool, 1))
            .Inputs(x).Outputs(y).Build();
    }

    [Fact]
    public void CumsumExclusiveReverseAndRejections()
    {
        using var interp = Allocate(Cumsum([2, 3], -1));
        interp.Inputs[0].CopyFrom<int>([1, 2, 3, int.MaxValue, 1, 1]);
        interp.Invoke();
        Assert.Equal(new[] { 5, 3, 0, 2, 1, 0 }, interp.Outputs[0].ToArray<int>());
        PrepareFails(Cumsum([2, 3], 2), "out of range");
    }

    [Fact]
    public void SteadyStateInvokesAllocateNothing()
    {
        var models = new (byte[] Model, Action<Interpreter> Fill)[]
        {
            (Reduce(BuiltinOperator.REDUCE_PROD, TensorType.Int8, [2, 3], [2], Bytes(1), 1, inQ: (0.1f, 1), outQ: (0.05f, -1)), _ => { }),
            (Reduce(BuiltinOperator.SUM, TensorType.Int32, [2, 3], [1], null, 1), i => i.Inputs[1].CopyFrom<int>([0])),
            (ArgMax(TensorType.Float32, [4, 3], TensorType.Int64, TensorType.Int64, Bytes(0)), _ => { }),
            (TopK([2, 9], TensorType.Int32, Bytes(4)), _ => { }),
            (Cumsum([2, 3], 0), _ => { }),
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
