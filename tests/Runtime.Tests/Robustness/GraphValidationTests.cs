using ManagedLite.Robustness;
using ManagedLite.Schema;
using Xunit;

namespace ManagedLite.Runtime.Tests.Robustness;

/// <summary>
/// Graph shapes that the fuzzer found to crash kernels before the interpreter rejected them: a tensor
/// written twice or written over a graph input, a sparse constant read as dense, and shapes computed at
/// preparation that overflow int32 or exceed ModelLimits.MaxTensorBytes.
/// </summary>
public class GraphValidationTests
{
    [Fact]
    public void TensorWrittenByTwoOperatorsIsRejected()
    {
        // CONCATENATION writes 'c'; STRIDED_SLICE then writes 'c' too, with another shape.
        var m = new TinyModel();
        int a = m.Input("a", TensorType.Float32, 1, 4), b = m.Input("b", TensorType.Float32, 1, 4);
        int c = m.Input("c", TensorType.Float32, 1, 8);
        int o = m.Input("o", TensorType.Float32, 1, 8);
        byte[] bytes = m.Op(BuiltinOperator.CONCATENATION, [a, b], [c], 1, TinyModels.ConcatenationOptions, new TinyModel.OptionField(0, TinyModel.OptionKind.Int, 1))
                        .Op(BuiltinOperator.RELU, [c], [o]).Op(BuiltinOperator.TANH, [o], [c])
                        .Inputs(a, b).Outputs(o).Build();
        var e = Assert.Throws<ModelFormatException>(() => new Interpreter(Model.FromBytes(bytes)));
        Assert.Contains("operators[2] (TANH) writes tensor 2 'c', which operator 0 already writes", e.Message);
    }

    [Fact]
    public void OperatorWritingAGraphInputIsRejected()
    {
        var m = new TinyModel();
        int x = m.Input("x", TensorType.Float32, 1, 4), o = m.Input("o", TensorType.Float32, 1, 4);
        byte[] bytes = m.Op(BuiltinOperator.RELU, [x], [o]).Op(BuiltinOperator.TANH, [o], [x]).Inputs(x).Outputs(o).Build();
        var e = Assert.Throws<ModelFormatException>(() => new Interpreter(Model.FromBytes(bytes)));
        Assert.Contains("which is an input of the subgraph", e.Message);
    }

    [Fact]
    public void SparseConstantReadByAnotherOperatorIsRejected()
    {
        // The DENSIFY model with ADD reading the sparse constant directly (5 stored values for shape [3,4]).
        var m = new TinyModel();
        var sp = new TinyModel.Sparsity([0, 1], [], [new TinyModel.SparseDim(false, 3), new TinyModel.SparseDim(true, 0, [0, 2, 3, 5], [0, 2, 1, 0, 3])]);
        int w = m.Tensor("w_sparse", TensorType.Float32, [3, 4], new byte[20], sparsity: sp);
        int x = m.Input("x", TensorType.Float32, 3, 4), o = m.Input("o", TensorType.Float32, 3, 4);
        byte[] bytes = m.Op(BuiltinOperator.ADD, [x, w], [o]).Inputs(x).Outputs(o).Build();
        var e = Assert.Throws<ModelFormatException>(() => new Interpreter(Model.FromBytes(bytes)));
        Assert.Contains("'w_sparse', which is sparse; only DENSIFY reads sparse tensors", e.Message);
    }

    [Fact]
    public void BroadcastBeyondInt32ElementsIsAnOperatorError()
    {
        var m = new TinyModel();
        int a = m.Input("a", TensorType.Float32, 65536, 1), b = m.Input("b", TensorType.Float32, 1, 65536);
        int o = m.Input("o", TensorType.Float32, 1, 1);
        byte[] bytes = m.Op(BuiltinOperator.MUL, [a, b], [o]).Inputs(a, b).Outputs(o).Build();
        using var interp = new Interpreter(Model.FromBytes(bytes));
        var e = Assert.Throws<OperatorException>(interp.AllocateTensors);
        Assert.Null(e.InnerException);
        Assert.Contains("too many elements", e.Message);
    }

    [Fact]
    public void OutputShapeOverMaxTensorBytesFailsInPrepare()
    {
        // PAD of a graph input by constant paddings: [1,1] -> [30001,30001] floats (3.6 GB).
        var m = new TinyModel();
        int x = m.Input("x", TensorType.Float32, 1, 1);
        int pads = m.ConstInt("paddings", [2, 2], 0, 30000, 30000, 0);
        int p = m.Input("padded", TensorType.Float32, 1, 1);
        int o = m.Input("o", TensorType.Float32, 1, 1);
        byte[] bytes = m.Op(BuiltinOperator.PAD, [x, pads], [p]).Op(BuiltinOperator.RELU, [p], [o]).Inputs(x).Outputs(o).Build();
        using var interp = new Interpreter(Model.FromBytes(bytes, new ModelLimits { MaxTensorBytes = 64 << 20 }));
        var e = Assert.Throws<OperatorException>(interp.AllocateTensors);
        Assert.Equal("PAD", e.OperatorName);
        Assert.Contains("MaxTensorBytes", e.Message);
    }

    [Fact]
    public void RankOnePerChannelTensorWithTheFiltersAxisIsAccepted()
    {
        // person_detect.tflite: per-channel biases of rank 1 carry quantized_dimension 3 (the depthwise filter's axis).
        static byte[] Build(int[] shape, int dim)
        {
            var m = new TinyModel();
            int q = m.Tensor("bias", TensorType.Int8, shape, new byte[shape.Aggregate(1, (a, b) => a * b)], scale: [0.5f, 0.25f], zeroPoint: [0, 0], quantizedDimension: dim);
            int o = m.Input("o", TensorType.Float32, shape);
            return m.Op(BuiltinOperator.DEQUANTIZE, [q], [o], 2).Outputs(o).Build();
        }
        var model = Model.FromBytes(Build([2], 3));
        Assert.Equal(0, model.Definition.SubGraphs[0].Tensors[0].Quantization!.QuantizedDimension);
        using (var interp = new Interpreter(model))
        {
            interp.AllocateTensors();
            interp.Invoke();
        }
        var e = Assert.Throws<ModelFormatException>(() => Model.FromBytes(Build([2, 1], 3)));
        Assert.Contains("quantized_dimension", e.Message);
        Assert.Throws<ModelFormatException>(() => Model.FromBytes(Build([3], 3))); // 2 scales for 3 channels
    }

    [Fact]
    public void StridedSliceMaskBitsPastTheSpecificationAreIgnored()
    {
        // Found by the fuzzer: new_axis_mask bits 3 and 12 and ellipsis bit 4 with a 3-entry specification made
        // the kernel's effective shape disagree with the input (a read planned over 2 elements of 10).
        static float[] Run(int ellipsis, int newAxis, int shrink)
        {
            var m = new TinyModel();
            int x = m.Input("x", TensorType.Float32, 1, 2, 5);
            int begin = m.ConstInt("begin", [3], 0, 0, 1), end = m.ConstInt("end", [3], 1, 2, 5), strides = m.ConstInt("strides", [3], 1, 1, 2);
            int o = m.Input("o", TensorType.Float32, 1, 2, 2);
            var opts = new[] { 0, 0, ellipsis, newAxis, shrink }.Select((v, i) => new TinyModel.OptionField(i, TinyModel.OptionKind.Int, v)).ToArray();
            byte[] bytes = m.Op(BuiltinOperator.STRIDED_SLICE, [x, begin, end, strides], [o], 1, TinyModels.StridedSliceOptions, opts).Inputs(x).Outputs(o).Build();
            using var interp = new Interpreter(Model.FromBytes(bytes));
            interp.AllocateTensors();
            interp.Inputs[0].CopyFrom<float>(Enumerable.Range(0, 10).Select(i => (float)i).ToArray());
            interp.Invoke();
            return interp.Outputs[0].ToArray<float>();
        }
        Assert.Equal([1f, 3f, 6f, 8f], Run(0, 0, 0));
        Assert.Equal(Run(0, 0, 0), Run(16, (1 << 3) | (1 << 12), 1 << 5));
        // A new axis inside the specification takes entry 1, so entry 2 slices input dimension 1: [5..9].
        Assert.Equal([5f, 6f, 7f, 8f, 9f], Run(0, 1 << 1, 0));
        Assert.Equal(Run(0, 1 << 1, 0), Run(16, (1 << 1) | (1 << 3) | (1 << 12), 1 << 5));
    }

    [Fact]
    public void EmptyTensorsWithHugeOtherDimensionsAreRejected()
    {
        // Found by the fuzzer: an input resized to batch 0 let RESIZE_NEAREST_NEIGHBOR produce [0,3,2147483647,2],
        // whose block size then overflowed int32 in SPLIT_V.
        var m = new TinyModel();
        int x = m.Input("x", TensorType.Float32, 0, 65536, 65536);
        int o = m.Input("o", TensorType.Float32, 0, 65536, 65536);
        byte[] bytes = m.Op(BuiltinOperator.RELU, [x], [o]).Inputs(x).Outputs(o).Build();
        Assert.Contains("MaxTensorBytes", Assert.Throws<ModelFormatException>(() => Model.FromBytes(bytes)).Message);

        var d = new TinyModel();
        int dx = d.Tensor("x", TensorType.Float32, [1, 4], signature: [-1, -1]);
        int dout = d.Input("o", TensorType.Float32, 1, 4);
        using var interp = new Interpreter(Model.FromBytes(d.Op(BuiltinOperator.RELU, [dx], [dout]).Inputs(dx).Outputs(dout).Build()));
        Assert.Throws<TensorException>(() => interp.ResizeInputTensor(0, [0, int.MaxValue]));
        interp.ResizeInputTensor(0, [0, 4]);
        interp.AllocateTensors();
        interp.Invoke();
        Assert.Empty(interp.Outputs[0].ToArray<float>());
    }
}
