using System.Numerics.Tensors;
using ManagedLite.Robustness;
using ManagedLite.Schema;
using Xunit;

namespace ManagedLite.Tests.Interop;

/// <summary>System.Numerics.Tensors interop, quantize/dequantize helpers and Model.FromStream.</summary>
public sealed class LiteTensorInteropTests
{
    private static Interpreter AddRelu()
    {
        var interp = new Interpreter(Model.FromBytes(TinyModels.AddRelu())); // x, y: float32 [1, 4]
        interp.AllocateTensors();
        return interp;
    }

    [Fact]
    public void TensorSpanViewsTheDataWithoutCopying()
    {
        using var interp = AddRelu();
        var span = interp.Inputs[0].AsTensorSpan<float>();
        Assert.Equal([1, 4], span.Lengths.ToArray());
        span[0, 2] = 7f;
        Assert.Equal(7f, interp.Inputs[0].GetData<float>()[2]);

        var source = Tensor.Create(new float[] { 1, -2, 3, -4 }, [1, 4]);
        interp.Inputs[0].CopyFrom(source.AsReadOnlyTensorSpan());
        interp.Inputs[1].CopyFrom<float>([1, 1, 1, 1]);
        interp.Invoke();
        Tensor<float> result = interp.Outputs[0].ToTensor<float>();
        Assert.Equal([1, 4], result.Lengths.ToArray());
        Assert.Equal([2f, 0, 4, 0], result.ToArray());
        Assert.Equal(4f, interp.Outputs[0].AsReadOnlyTensorSpan<float>()[0, 2]);

        var wrong = Tensor.Create(new float[4], [4]);
        var e = Assert.Throws<TensorException>(() => interp.Inputs[0].CopyFrom(wrong.AsReadOnlyTensorSpan()));
        Assert.Contains("expected a tensor span of shape [1,4], got [4]", e.Message);
        Assert.Throws<TensorException>(() => interp.Inputs[0].AsTensorSpan<int>());
    }

    [Fact]
    public void QuantizeAndDequantizePerTensorAndPerChannel()
    {
        var m = new TinyModel();
        // int8 [2, 3] per-channel along dimension 1 (scales 0.5, 1, 2; zero points 1, 0, -1).
        int x = m.Tensor("x", TensorType.Int8, [2, 3], scale: [0.5f, 1f, 2f], zeroPoint: [1, 0, -1], quantizedDimension: 1);
        int y = m.Tensor("y", TensorType.Int8, [2, 3], scale: [0.5f, 1f, 2f], zeroPoint: [1, 0, -1], quantizedDimension: 1);
        var model = Model.FromBytes(m.Op(BuiltinOperator.RESHAPE, [x, m.ConstInt("s", [2], 2, 3)], [y]).Inputs(x).Outputs(y).Build());
        using var interp = new Interpreter(model);
        interp.AllocateTensors();
        var t = interp.Inputs[0];
        t.Quantize([1.25f, -3f, 5f, 1000f, 0.5f, -1000f]);
        // round half away from zero: 1.25/0.5 = 2.5 -> 3, + 1 = 4; -3/1 = -3; 5/2 = 2.5 -> 3, -1 = 2; clamped to 127 / -128.
        Assert.Equal([(sbyte)4, -3, 2, 127, 1, -128], t.ToArray<sbyte>());
        Assert.Equal([1.5f, -3f, 6f, 63f, 1f, -254f], t.Dequantize());
    }

    [Fact]
    public void DequantizeNeedsScales()
    {
        using var interp = AddRelu();
        Assert.Equal(new float[4], interp.Inputs[0].Dequantize()); // float32: a copy
        var m = new TinyModel();
        int x = m.Input("x", TensorType.Int8, 1, 2), y = m.Input("y", TensorType.Int8, 1, 2);
        using var raw = new Interpreter(Model.FromBytes(m.Op(BuiltinOperator.RESHAPE, [x, m.ConstInt("s", [2], 1, 2)], [y]).Inputs(x).Outputs(y).Build()));
        raw.AllocateTensors();
        var e = Assert.Throws<TensorException>(() => raw.Inputs[0].Dequantize());
        Assert.Contains("no quantization scales", e.Message);
    }

    [Fact]
    public void FromStreamReadsAtMostTheLimit()
    {
        byte[] bytes = TinyModels.AddRelu();
        var model = Model.FromStream(new MemoryStream(bytes));
        Assert.Equal(2, model.Definition.SubGraphs[0].Inputs.Length);
        var small = ModelLimits.Default with { MaxModelBytes = bytes.Length - 1 };
        var e = Assert.Throws<ModelFormatException>(() => Model.FromStream(new MemoryStream(bytes), small));
        Assert.Contains("over the limit", e.Message);
        // A stream that cannot seek (no length) is read only up to the limit + 1 byte.
        var endless = new CountingStream();
        e = Assert.Throws<ModelFormatException>(() => Model.FromStream(endless, small));
        Assert.Contains("longer than the limit", e.Message);
        Assert.Equal(bytes.Length, endless.Consumed);
    }

    private sealed class CountingStream : Stream
    {
        public long Consumed { get; private set; }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => Consumed; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) { Consumed += count; return count; }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
