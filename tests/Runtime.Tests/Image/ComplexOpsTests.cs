using ManagedLite.Robustness;
using ManagedLite.Schema;
using Xunit;

namespace ManagedLite.Runtime.Tests.Image;

/// <summary>RFFT2D's fft_length checks (power of two, size bounds, shape) and the complex part ops' type checks.</summary>
public class ComplexOpsTests
{
    private static byte[] Rfft(int[] inputShape, int[]? constLength, TensorType outType = TensorType.Complex64, int[]? lengthShape = null)
    {
        var m = new TinyModel();
        int x = m.Tensor("signal", TensorType.Float32, inputShape);
        int len = constLength is null ? m.Tensor("fft_length", TensorType.Int32, lengthShape ?? [2]) : m.ConstInt("fft_length", lengthShape ?? [constLength.Length], constLength);
        int o = m.Tensor("spectrum", outType, [1, 1]);
        m.Op(BuiltinOperator.RFFT2D, [x, len], [o]).Inputs(constLength is null ? [x, len] : [x]).Outputs(o);
        return m.Build();
    }

    private static void PrepareFails(byte[] model, string fragment)
    {
        using var interp = new Interpreter(Model.FromBytes(model));
        var e = Assert.Throws<OperatorException>(() => interp.AllocateTensors());
        Assert.Contains(fragment, e.Message);
    }

    [Fact]
    public void FftLengthMustBePowersOfTwoWithinBounds()
    {
        PrepareFails(Rfft([4, 8], [4, 6]), "value 1 is 6: it must be a power of two");
        PrepareFails(Rfft([4, 8], [0, 8]), "value 0 is 0");
        PrepareFails(Rfft([4, 8], [-4, 8]), "value 0 is -4");
        PrepareFails(Rfft([4, 8], [1 << 30, 8]), "power of two in [1, 16777216]");
        PrepareFails(Rfft([4, 8], [1 << 24, 1 << 24]), "MaxTensorBytes");
        PrepareFails(Rfft([4, 8], [4, 8, 2]), "must have shape [2]");
        PrepareFails(Rfft([8], [4, 8]), "must have rank at least 2");
        PrepareFails(Rfft([4, 8], [4, 8], TensorType.Float32), "complex64");
    }

    [Fact]
    public void FedFftLengthIsCheckedAtInvokeAndResizes()
    {
        using var interp = new Interpreter(Model.FromBytes(Rfft([2, 4], null)));
        interp.AllocateTensors();
        interp.Inputs[0].CopyFrom<float>([1, 0, 0, 0, 0, 0, 0, 0]);
        interp.Inputs[1].CopyFrom<int>([2, 3]);
        var e = Assert.Throws<OperatorException>(() => interp.Invoke());
        Assert.Contains("power of two", e.Message);
        interp.Inputs[1].CopyFrom<int>([2, 4]);
        interp.Invoke();
        Assert.Equal(new[] { 2, 3 }, interp.Outputs[0].Shape.ToArray());
        // A unit impulse: every frequency is 1 + 0i.
        Assert.Equal(new float[] { 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0 }, System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(interp.Outputs[0].RawBytes).ToArray());
    }

    [Fact]
    public void ComplexPartsRejectRealInputsAndMismatchedOutputs()
    {
        foreach (var (inType, outType, fragment) in new[]
                 {
                     (TensorType.Float32, TensorType.Float32, "COMPLEX_ABS accepts complex64, complex128"),
                     (TensorType.Complex64, TensorType.Float64, "must be float32 for a complex64 input"),
                     (TensorType.Complex128, TensorType.Float32, "must be float64 for a complex128 input"),
                 })
        {
            var m = new TinyModel();
            int x = m.Tensor("z", inType, [3]);
            int o = m.Tensor("mag", outType, [3]);
            m.Op(BuiltinOperator.COMPLEX_ABS, [x], [o]).Inputs(x).Outputs(o);
            PrepareFails(m.Build(), fragment);
        }
    }
}
