using System.Runtime.InteropServices;
using ManagedLite.Robustness;
using ManagedLite.Schema;
using Xunit;
using static ManagedLite.Robustness.TinyModel;

namespace ManagedLite.Runtime.Tests.Shape;

/// <summary>
/// Shape operators through the interpreter: shape arithmetic resolved while preparing (SHAPE -> STRIDED_SLICE -> PACK ->
/// RESHAPE), dynamic outputs sized in Eval and the nodes after them, allocation-free index inputs read per run,
/// empty constants, and the memory limits on shapes read from tensor values.
/// </summary>
public class ShapeOpModelTests
{
    private static readonly OptionField[] NoOptions = [];

    private static OptionField Int(int slot, int v) => new(slot, OptionKind.Int, v);

    /// <summary>x [*, 3, 4] -> RESHAPE(x, PACK(STRIDED_SLICE(SHAPE(x), [0], [1], [1], shrink), 12)): the new shape is [d0, 12].</summary>
    private static byte[] ShapeChain()
    {
        var m = new TinyModel();
        int x = m.Tensor("x", TensorType.Float32, [2, 3, 4], signature: [-1, 3, 4]);
        int shape = m.Input("shape", TensorType.Int32, 3);
        int b = m.ConstInt("b", [1], 0), e = m.ConstInt("e", [1], 1), s = m.ConstInt("s", [1], 1);
        int d0 = m.Input("d0", TensorType.Int32);
        int twelve = m.ConstInt("twelve", [], 12);
        int packed = m.Input("packed", TensorType.Int32, 2);
        int y = m.Input("y", TensorType.Float32, 2, 12);
        m.Op(BuiltinOperator.SHAPE, [x], [shape], 1, 55, new OptionField(0, OptionKind.Byte, (int)TensorType.Int32))
         .Op(BuiltinOperator.STRIDED_SLICE, [shape, b, e, s], [d0], 1, 32, Int(0, 0), Int(1, 0), Int(2, 0), Int(3, 0), Int(4, 1))
         .Op(BuiltinOperator.PACK, [d0, twelve], [packed], 1, 59, Int(0, 2), Int(1, 0))
         .Op(BuiltinOperator.RESHAPE, [x, packed], [y], 1)
         .Inputs(x).Outputs(y);
        return m.Build();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ShapeArithmeticIsEvaluatedWhilePreparing(bool reference)
    {
        using var interp = new Interpreter(Model.FromBytes(ShapeChain()), new InterpreterOptions { UseReferenceKernels = reference });
        Assert.Equal(4, interp.ExecutionPlanLength);
        interp.AllocateTensors();
        // SHAPE, STRIDED_SLICE and PACK ran while preparing; only RESHAPE is left for Invoke, with a fixed output shape.
        Assert.Equal(1, interp.ExecutionPlanLength);
        Assert.Equal([2, 12], interp.Outputs[0].Shape.ToArray());
        Assert.False(interp.Outputs[0].IsDynamic);
        var data = Enumerable.Range(0, 24).Select(i => (float)i).ToArray();
        interp.Inputs[0].CopyFrom<float>(data);
        interp.Invoke();
        Assert.Equal(data, interp.Outputs[0].ToArray<float>());

        interp.ResizeInputTensor(0, [3, 3, 4]);
        interp.AllocateTensors();
        Assert.Equal(1, interp.ExecutionPlanLength);
        Assert.Equal([3, 12], interp.Outputs[0].Shape.ToArray());
    }

    /// <summary>RESHAPE(x, s) with s a graph input, then TRANSPOSE: the reshape output is dynamic and the transpose is prepared per run.</summary>
    private static byte[] FedReshape()
    {
        var m = new TinyModel();
        int x = m.Input("x", TensorType.Float32, 2, 6);
        int s = m.Input("s", TensorType.Int32, 2);
        int y = m.Input("y", TensorType.Float32, 2, 6);
        int perm = m.ConstInt("perm", [2], 1, 0);
        int z = m.Input("z", TensorType.Float32, 6, 2);
        m.Op(BuiltinOperator.RESHAPE, [x, s], [y], 1).Op(BuiltinOperator.TRANSPOSE, [y, perm], [z], 1).Inputs(x, s).Outputs(z);
        return m.Build();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ReshapeWithAFedShapeIsDynamicAndFollowsEachRun(bool reference)
    {
        using var interp = new Interpreter(Model.FromBytes(FedReshape()), new InterpreterOptions { UseReferenceKernels = reference });
        interp.AllocateTensors();
        var data = Enumerable.Range(0, 12).Select(i => (float)i).ToArray();
        interp.Inputs[0].CopyFrom<float>(data);

        interp.Inputs[1].CopyFrom<int>([3, 4]);
        interp.Invoke();
        Assert.Equal([4, 3], interp.Outputs[0].Shape.ToArray());
        Assert.Equal(new float[] { 0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11 }, interp.Outputs[0].ToArray<float>());

        interp.Inputs[1].CopyFrom<int>([-1, 2]);
        interp.Invoke();
        Assert.Equal([2, 6], interp.Outputs[0].Shape.ToArray());
        Assert.Equal(new float[] { 0, 2, 4, 6, 8, 10, 1, 3, 5, 7, 9, 11 }, interp.Outputs[0].ToArray<float>());

        interp.Inputs[1].CopyFrom<int>([5, -1]);
        var e = Assert.Throws<OperatorException>(() => interp.Invoke());
        Assert.Contains("cannot reshape", e.Message);
    }

    [Fact]
    public void ReshapeToAScalarReadsAnEmptyConstantShape()
    {
        var m = new TinyModel();
        int x = m.Input("x", TensorType.Int32, 1, 1);
        int shape = m.Tensor("shape", TensorType.Int32, [0], []);   // no bytes: nothing to hold
        int y = m.Input("y", TensorType.Int32);
        m.Op(BuiltinOperator.RESHAPE, [x, shape], [y], 1).Inputs(x).Outputs(y);
        using var interp = new Interpreter(Model.FromBytes(m.Build()));
        Assert.True(interp.Tensors[shape].IsConstant);
        interp.AllocateTensors();
        Assert.False(interp.Outputs[0].IsDynamic);
        interp.Inputs[0].CopyFrom<int>([42]);
        interp.Invoke();
        Assert.Equal(0, interp.Outputs[0].Rank);
        Assert.Equal(42, interp.Outputs[0].GetData<int>()[0]);
    }

    /// <summary>STRIDED_SLICE with offset (a KV-cache read): begin fed per run, size 2 along dimension 1.</summary>
    private static byte[] OffsetSlice()
    {
        var m = new TinyModel();
        int x = m.Input("x", TensorType.Float32, 2, 6);
        int begin = m.Input("begin", TensorType.Int32, 2);
        int end = m.ConstInt("end", [2], 2, 2);
        int strides = m.ConstInt("strides", [2], 1, 1);
        int y = m.Input("y", TensorType.Float32, 2, 2);
        m.Op(BuiltinOperator.STRIDED_SLICE, [x, begin, end, strides], [y], 8, 32,
             Int(0, 0), Int(1, 0), Int(2, 0), Int(3, 0), Int(4, 0), new OptionField(5, OptionKind.Bool, 1)).Inputs(x, begin).Outputs(y);
        return m.Build();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void OffsetSliceReadsBeginEachRunWithoutAllocating(bool reference)
    {
        using var interp = new Interpreter(Model.FromBytes(OffsetSlice()), new InterpreterOptions { UseReferenceKernels = reference });
        interp.AllocateTensors();
        Assert.False(interp.Outputs[0].IsDynamic);
        Assert.Equal([2, 2], interp.Outputs[0].Shape.ToArray());
        interp.Inputs[0].CopyFrom<float>(Enumerable.Range(0, 12).Select(i => (float)i).ToArray());
        var begin = interp.Inputs[1];
        for (int warm = 0; warm < 3; warm++) { begin.CopyFrom<int>([0, warm]); interp.Invoke(); }
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 5; i++)
        {
            var b = begin.GetWritableData<int>();
            b[0] = 0;
            b[1] = i;
            interp.Invoke();
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(new float[] { 4, 5, 10, 11 }, interp.Outputs[0].ToArray<float>());

        begin.CopyFrom<int>([0, 5]);   // [5, 7) reaches past the 6 columns
        var e = Assert.Throws<OperatorException>(() => interp.Invoke());
        Assert.Contains("reaches past", e.Message);
    }

    [Fact]
    public void SliceWithAFedBeginKeepsItsShapeAndChecksTheRange()
    {
        var m = new TinyModel();
        int x = m.Input("x", TensorType.Int32, 3, 4);
        int begin = m.Input("begin", TensorType.Int64, 2);
        int size = m.Const<long>("size", TensorType.Int64, [2], 2, 3);
        int y = m.Input("y", TensorType.Int32, 2, 3);
        m.Op(BuiltinOperator.SLICE, [x, begin, size], [y], 1).Inputs(x, begin).Outputs(y);
        using var interp = new Interpreter(Model.FromBytes(m.Build()));
        interp.AllocateTensors();
        Assert.False(interp.Outputs[0].IsDynamic);
        interp.Inputs[0].CopyFrom<int>(Enumerable.Range(0, 12).ToArray());
        interp.Inputs[1].CopyFrom<long>([1, 1]);
        interp.Invoke();
        Assert.Equal(new[] { 5, 6, 7, 9, 10, 11 }, interp.Outputs[0].ToArray<int>());
        interp.Inputs[1].CopyFrom<long>([2, 0]);
        Assert.Contains("outside input", Assert.Throws<OperatorException>(() => interp.Invoke()).Message);
    }

    [Fact]
    public void DynamicUpdateSliceRunsWithoutAllocating()
    {
        var m = new TinyModel();
        int cache = m.Input("cache", TensorType.Float32, 4, 3);
        int update = m.Input("update", TensorType.Float32, 1, 3);
        int start = m.Input("start", TensorType.Int32, 2);
        int y = m.Input("y", TensorType.Float32, 4, 3);
        m.Op(BuiltinOperator.DYNAMIC_UPDATE_SLICE, [cache, update, start], [y], 1).Inputs(cache, update, start).Outputs(y);
        using var interp = new Interpreter(Model.FromBytes(m.Build()));
        interp.AllocateTensors();
        interp.Inputs[1].CopyFrom<float>([7, 8, 9]);
        interp.Inputs[2].CopyFrom<int>([1, 0]);
        interp.Invoke();
        long before = GC.GetAllocatedBytesForCurrentThread();
        interp.Inputs[2].CopyFrom<int>([9, -4]);   // clamped to [3, 0]
        interp.Invoke();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(new float[] { 0, 0, 0, 0, 0, 0, 0, 0, 0, 7, 8, 9 }, interp.Outputs[0].ToArray<float>());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void StaticShapeOpsInvokeWithoutAllocating(bool reference)
    {
        // SPACE_TO_BATCH_ND ... MATRIX_SET_DIAG with fed indices: fixed shapes, so Invoke allocates nothing.
        using var interp = new Interpreter(Model.FromBytes(TinyModels.IndexMovement()), new InterpreterOptions { UseReferenceKernels = reference });
        interp.AllocateTensors();
        interp.Inputs[0].CopyFrom<float>(Enumerable.Range(0, 32).Select(i => (float)i).ToArray());
        interp.Inputs[1].CopyFrom<int>([2, 0, 7]);
        interp.Inputs[2].CopyFrom<int>([0, 1, 1, 0]);
        interp.Invoke();
        long before = GC.GetAllocatedBytesForCurrentThread();
        interp.Invoke();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        // ONE_HOT of [2, 0, 7] with depth 4 on the diagonal, then the constant diagonal set: rows 9, 8, 7.
        var set = interp.Outputs[1].ToArray<float>();
        Assert.Equal(9f, set[0]);
        Assert.Equal(8f, set[16 + 5]);
        Assert.Equal(0f, set[16 + 1]);
    }

    [Fact]
    public void TransposeReadsInt64Perms()
    {
        var m = new TinyModel();
        int x = m.Input("x", TensorType.Int32, 2, 3);
        int perm = m.Const<long>("perm", TensorType.Int64, [2], 1, 0);
        int y = m.Input("y", TensorType.Int32, 3, 2);
        m.Op(BuiltinOperator.TRANSPOSE, [x, perm], [y], 1).Inputs(x).Outputs(y);
        using var interp = new Interpreter(Model.FromBytes(m.Build()));
        interp.AllocateTensors();
        interp.Inputs[0].CopyFrom<int>([1, 2, 3, 4, 5, 6]);
        interp.Invoke();
        Assert.Equal(new[] { 1, 4, 2, 5, 3, 6 }, interp.Outputs[0].ToArray<int>());
    }

    private static byte[] Fill(bool fedDims, params int[] dims)
    {
        var m = new TinyModel();
        int d = fedDims ? m.Input("dims", TensorType.Int32, dims.Length) : m.ConstInt("dims", [dims.Length], dims);
        int v = m.Input("value", TensorType.Float32);
        int y = m.Input("y", TensorType.Float32);
        m.Op(BuiltinOperator.FILL, [d, v], [y], 1).Inputs(fedDims ? [d, v] : [v]).Outputs(y);
        return m.Build();
    }

    [Fact]
    public void HugeFillFailsBeforeAllocating()
    {
        using (var interp = new Interpreter(Model.FromBytes(Fill(false, 65536, 65536))))
        {
            var e = Assert.Throws<OperatorException>(() => interp.AllocateTensors());
            Assert.Contains("MaxTensorBytes", e.Message);
        }
        using (var interp = new Interpreter(Model.FromBytes(Fill(true, 1, 1))))
        {
            interp.AllocateTensors();
            interp.Inputs[0].CopyFrom<int>([65536, 65536]);
            interp.Inputs[1].CopyFrom<float>([1f]);
            var e = Assert.Throws<OperatorException>(() => interp.Invoke());
            Assert.Contains("MaxTensorBytes", e.Message);
            Assert.True(interp.MemoryBytes < 1 << 20, $"{interp.MemoryBytes} bytes held after a refused FILL");

            interp.Inputs[0].CopyFrom<int>([2, 3]);
            interp.Inputs[1].CopyFrom<float>([2.5f]);
            interp.Invoke();
            Assert.Equal([2, 3], interp.Outputs[0].Shape.ToArray());
            Assert.All(interp.Outputs[0].ToArray<float>(), v => Assert.Equal(2.5f, v));
        }
    }

    [Fact]
    public void ShapesReadFromValuesAreLimitedInRank()
    {
        // FILL with 9 dims (over ModelLimits.MaxRank = 8): rejected at Prepare, not passed on to kernels.
        AssertRejected(Fill(false, 1, 1, 1, 1, 1, 1, 1, 1, 1), "MaxRank");
    }

    [Fact]
    public void RangeTileAndOneHotFollowFedValues()
    {
        var m = new TinyModel();
        int start = m.Input("start", TensorType.Int32), limit = m.Input("limit", TensorType.Int32), delta = m.Input("delta", TensorType.Int32);
        int r = m.Input("r", TensorType.Int32, 1);
        int mult = m.ConstInt("mult", [1], 2);
        int t = m.Input("t", TensorType.Int32, 1);
        int depth = m.ConstInt("depth", [], 4);
        int on = m.Const<float>("on", TensorType.Float32, [], 1f), off = m.Const<float>("off", TensorType.Float32, [], 0f);
        int h = m.Input("h", TensorType.Float32, 1, 4);
        m.Op(BuiltinOperator.RANGE, [start, limit, delta], [r], 1)
         .Op(BuiltinOperator.TILE, [r, mult], [t], 1)
         .Op(BuiltinOperator.ONE_HOT, [t, depth, on, off], [h], 1, 61, Int(0, -1))
         .Inputs(start, limit, delta).Outputs(t, h);
        using var interp = new Interpreter(Model.FromBytes(m.Build()));
        interp.AllocateTensors();
        interp.Inputs[0].CopyFrom<int>([3]);
        interp.Inputs[1].CopyFrom<int>([0]);
        interp.Inputs[2].CopyFrom<int>([-2]);
        interp.Invoke();
        Assert.Equal(new[] { 3, 1, 3, 1 }, interp.Outputs[0].ToArray<int>());
        Assert.Equal([4, 4], interp.Outputs[1].Shape.ToArray());
        Assert.Equal(new float[] { 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0 }, interp.Outputs[1].ToArray<float>());
        interp.Inputs[2].CopyFrom<int>([0]);
        Assert.Contains("delta", Assert.Throws<OperatorException>(() => interp.Invoke()).Message);
    }

    /// <summary>
    /// The model fails with an <see cref="OperatorException"/> naming <paramref name="fragment"/>: while building and
    /// preparing (all-constant nodes are folded when the interpreter is built), or at the first Invoke.
    /// </summary>
    private static void AssertRejected(byte[] model, string fragment, bool atInvoke = false)
    {
        if (!atInvoke)
        {
            var e = Assert.Throws<OperatorException>(() =>
            {
                using var i = new Interpreter(Model.FromBytes(model));
                i.AllocateTensors();
            });
            Assert.Contains(fragment, e.Message);
            return;
        }
        using var interp = new Interpreter(Model.FromBytes(model));
        interp.AllocateTensors();
        Assert.Contains(fragment, Assert.Throws<OperatorException>(() => interp.Invoke()).Message);
    }

    /// <summary>One operator whose inputs are constants where given data, graph inputs otherwise.</summary>
    private static byte[] One(BuiltinOperator op, int version, (string Name, TensorType Type, int[] Shape, byte[]? Data)[] inputs,
                              (TensorType Type, int[] Shape)[] outputs, byte optionsType = 0, OptionField[]? options = null)
    {
        var m = new TinyModel();
        var ins = inputs.Select(i => m.Tensor(i.Name, i.Type, i.Shape, i.Data)).ToArray();
        var outs = outputs.Select((o, k) => m.Tensor($"out{k}", o.Type, o.Shape)).ToArray();
        m.Op(op, ins, outs, version, optionsType, options ?? NoOptions)
         .Inputs(ins.Where((_, k) => inputs[k].Data is null).ToArray()).Outputs(outs);
        return m.Build();
    }

    private static byte[] Bytes<T>(params T[] v) where T : unmanaged => MemoryMarshal.AsBytes(v.AsSpan()).ToArray();

    [Fact]
    public void PrepareRejectsWhatTfliteRejects()
    {
        var f = TensorType.Float32;
        var i32 = TensorType.Int32;
        AssertRejected(One(BuiltinOperator.PACK, 1, [("a", f, [2], null), ("b", f, [3], null)], [(f, [])], 59, [Int(0, 2), Int(1, 0)]), "has shape");
        AssertRejected(One(BuiltinOperator.PACK, 1, [("a", TensorType.Bool, [2], null)], [(TensorType.Bool, [])], 59, [Int(0, 1), Int(1, 0)]), "supports");
        AssertRejected(One(BuiltinOperator.PACK, 1, [("a", f, [2], null)], [(f, [])], 59, [Int(0, 1), Int(1, 2)]), "axis");
        AssertRejected(One(BuiltinOperator.UNPACK, 1, [("a", f, [2, 3], null)], [(f, []), (f, []), (f, [])], 64, [Int(0, 3), Int(1, 0)]), "must equal dimension");
        AssertRejected(One(BuiltinOperator.UNPACK, 1, [("a", f, [0, 3], null)], [], 64, [Int(0, 0), Int(1, 0)]), "no elements");
        AssertRejected(One(BuiltinOperator.SHAPE, 1, [("a", f, [2], null)], [(TensorType.Int64, [])], 55, [new OptionField(0, OptionKind.Byte, (int)i32)]), "out_type");
        AssertRejected(One(BuiltinOperator.TILE, 1, [("a", f, [2], null), ("m", i32, [1], Bytes(-1))], [(f, [])]), "multiples");
        AssertRejected(One(BuiltinOperator.TILE, 1, [("a", f, [2], null), ("m", i32, [2], Bytes(1, 1))], [(f, [])]), "expected 1");
        AssertRejected(One(BuiltinOperator.FILL, 1, [("d", i32, [1], Bytes(-2)), ("v", f, [], null)], [(f, [])]), "negative");
        AssertRejected(One(BuiltinOperator.FILL, 1, [("d", i32, [1], Bytes(2)), ("v", f, [1], null)], [(f, [])]), "scalar");
        AssertRejected(One(BuiltinOperator.BROADCAST_TO, 2, [("a", f, [3], null), ("s", i32, [2], Bytes(2, 4))], [(f, [])]), "cannot be broadcast");
        AssertRejected(One(BuiltinOperator.BROADCAST_TO, 2, [("a", f, [1, 3], null), ("s", i32, [1], Bytes(3))], [(f, [])]), "more dimensions");
        AssertRejected(One(BuiltinOperator.BROADCAST_ARGS, 1, [("a", i32, [2], null), ("b", i32, [1], Bytes(4))], [(i32, [])]), "not broadcast-compatible", atInvoke: true);
        AssertRejected(One(BuiltinOperator.REVERSE_V2, 1, [("a", f, [2, 2, 2], null), ("x", i32, [2], Bytes(0, 2))], [(f, [])]), "not contiguous", atInvoke: true);
        AssertRejected(One(BuiltinOperator.REVERSE_V2, 1, [("a", f, [2, 2], null), ("x", i32, [1], Bytes(2))], [(f, [])]), "out of range", atInvoke: true);
        AssertRejected(One(BuiltinOperator.REVERSE_SEQUENCE, 1, [("a", f, [2, 3], null), ("l", i32, [2], Bytes(1, 4))], [(f, [])], 87, [Int(0, 1), Int(1, 0)]), "larger than", atInvoke: true);
        AssertRejected(One(BuiltinOperator.REVERSE_SEQUENCE, 1, [("a", TensorType.Int8, [2, 3], null), ("l", i32, [2], null)], [(TensorType.Int8, [])], 87, [Int(0, 1), Int(1, 0)]), "supports");
        AssertRejected(One(BuiltinOperator.SPACE_TO_BATCH_ND, 1, [("a", f, [1, 3, 2, 1], null), ("b", i32, [2], Bytes(2, 2)), ("p", i32, [2, 2], Bytes(0, 0, 0, 0))], [(f, [])]), "not divisible");
        AssertRejected(One(BuiltinOperator.SPACE_TO_BATCH_ND, 1, [("a", f, [1, 2, 2], null), ("b", i32, [1], Bytes(0)), ("p", i32, [1, 2], Bytes(0, 0))], [(f, [])]), ">= 1");
        AssertRejected(One(BuiltinOperator.BATCH_TO_SPACE_ND, 1, [("a", f, [3, 2, 2, 1], null), ("b", i32, [2], Bytes(2, 1)), ("c", i32, [2, 2], Bytes(0, 0, 0, 0))], [(f, [])]), "not divisible");
        AssertRejected(One(BuiltinOperator.BATCH_TO_SPACE_ND, 1, [("a", f, [4, 1, 1, 1], null), ("b", i32, [2], Bytes(2, 2)), ("c", i32, [2, 2], Bytes(2, 1, 0, 0))], [(f, [])]), "remove more");
        AssertRejected(One(BuiltinOperator.ONE_HOT, 1, [("i", i32, [2], null), ("d", i32, [], Bytes(3)), ("on", f, [], Bytes(1f)), ("off", f, [], Bytes(0f))], [(f, [])], 61, [Int(0, 3)]), "axis");
        AssertRejected(One(BuiltinOperator.ONE_HOT, 1, [("i", i32, [2], null), ("d", i32, [], Bytes(-1)), ("on", f, [], Bytes(1f)), ("off", f, [], Bytes(0f))], [(f, [])], 61, [Int(0, -1)]), ">= 0");
        AssertRejected(One(BuiltinOperator.RANGE, 1, [("s", i32, [], Bytes(0)), ("l", i32, [], Bytes(5)), ("d", i32, [], Bytes(-1))], [(i32, [])]), "does not lead");
        AssertRejected(One(BuiltinOperator.RANGE, 1, [("s", f, [], Bytes(0f)), ("l", f, [], Bytes(1e10f)), ("d", f, [], Bytes(1e-3f))], [(f, [])]), "int.MaxValue");
        AssertRejected(One(BuiltinOperator.MATRIX_SET_DIAG, 1, [("a", f, [2, 3], null), ("d", f, [3], null)], [(f, [])]), "expected [2]");
        AssertRejected(One(BuiltinOperator.MATRIX_DIAG, 1, [("a", TensorType.Bool, [2], null)], [(TensorType.Bool, [])]), "supports");
        AssertRejected(One(BuiltinOperator.DYNAMIC_UPDATE_SLICE, 1, [("a", f, [2, 3], null), ("u", f, [3, 1], null), ("s", i32, [2], null)], [(f, [])]), "larger than");
        AssertRejected(One(BuiltinOperator.DYNAMIC_UPDATE_SLICE, 1, [("a", f, [2, 3], null), ("u", f, [1, 1], null), ("s", i32, [3], null)], [(f, [])]), "start_indices");
        AssertRejected(One(BuiltinOperator.RESHAPE, 1, [("a", f, [2, 3], null), ("s", i32, [2], Bytes(-1, -1))], [(f, [])]), "more than one -1");
        AssertRejected(One(BuiltinOperator.GATHER, 1, [("a", f, [3], null), ("i", i32, [2], Bytes(1, 3))], [(f, [])], 23, [Int(0, 0), Int(1, 0)]), "out of range", atInvoke: true);
        AssertRejected(One(BuiltinOperator.STRIDED_SLICE, 8, [("a", f, [2, 4], null), ("b", i32, [2], Bytes(0, 3)), ("e", i32, [2], Bytes(2, 2)), ("s", i32, [2], Bytes(1, 1))], [(f, [])],
            32, [Int(0, 0), Int(1, 0), Int(2, 0), Int(3, 0), Int(4, 0), new OptionField(5, OptionKind.Bool, 1)]), "reaches past");
        AssertRejected(One(BuiltinOperator.CONCATENATION, 1, [("a", f, [], null), ("b", f, [], null)], [(f, [])], 10, [Int(0, 0)]), "known at preparation");
    }
}
