using System.Runtime.InteropServices;
using ManagedLite.Robustness;
using ManagedLite.Schema;
using Xunit;
using static ManagedLite.Robustness.TinyModel;

namespace ManagedLite.Runtime.Tests.Convolution;

/// <summary>
/// FULLY_CONNECTED with blockwise-quantized int4 weights: a hand-computed result, a RELU node fused into it, and every
/// variant TFLite rejects or would run without its block scales refused with the reason.
/// </summary>
public class BlockwiseInt4FullyConnectedTests
{
    private const byte FullyConnectedOptions = 8;

    private sealed record Spec
    {
        public int Units { get; init; } = 4;
        public int Depth { get; init; } = 32;
        public int Block { get; init; } = 16;
        public TensorType InputType { get; init; } = TensorType.Float32;
        public TensorType WeightType { get; init; } = TensorType.Int4;
        public TensorType ScaleType { get; init; } = TensorType.Float16;
        public bool ConstantWeights { get; init; } = true;
        public byte ZeroPoint { get; init; }
        public bool WithZeroPoints { get; init; }
        public bool ReluNode { get; init; }
    }

    /// <summary>x [1, depth] -> FC (weights all 1, block scales alternating 0.5 and 0.25, bias 1) -> y [1, units] (-> RELU).</summary>
    private static byte[] Build(Spec s)
    {
        var m = new TinyModel();
        int blocks = s.Depth / s.Block;
        var scaleValues = Enumerable.Range(0, s.Units * blocks).Select(i => i % 2 == 0 ? 0.5f : 0.25f).ToArray();
        byte[] scaleBytes = s.ScaleType == TensorType.Float16
            ? MemoryMarshal.AsBytes(scaleValues.Select(v => (Half)v).ToArray().AsSpan()).ToArray()
            : MemoryMarshal.AsBytes(scaleValues.AsSpan()).ToArray();
        int x = m.Tensor("x", s.InputType, [1, s.Depth], scale: s.InputType == TensorType.Float32 ? null : [0.1f], zeroPoint: s.InputType == TensorType.Float32 ? null : [0]);
        int sc = m.Tensor("w_scales", s.ScaleType, [s.Units, blocks], scaleBytes);
        int zp = s.WithZeroPoints ? m.Tensor("w_zp", TensorType.Int8, [s.Units, blocks], Enumerable.Repeat(s.ZeroPoint, s.Units * blocks).ToArray()) : -1;
        long count = (long)s.Units * s.Depth;
        byte[] weights = s.WeightType == TensorType.Int4 ? Enumerable.Repeat((byte)0x11, (int)((count + 1) / 2)).ToArray() : Enumerable.Repeat((byte)1, (int)count).ToArray();
        int w = m.Tensor("w", s.WeightType, [s.Units, s.Depth], s.ConstantWeights ? weights : null, blockwise: new Blockwise(sc, zp, s.Block));
        int b = m.ConstFloat("b", [s.Units], Enumerable.Repeat(1f, s.Units).ToArray());
        var outType = s.InputType == TensorType.Float32 ? TensorType.Float32 : s.InputType;
        int y = m.Tensor("y", outType, [1, s.Units], scale: outType == TensorType.Float32 ? null : [0.1f], zeroPoint: outType == TensorType.Float32 ? null : [0]);
        m.Op(BuiltinOperator.FULLY_CONNECTED, [x, w, b], [y], 1, FullyConnectedOptions, new OptionField(0, OptionKind.Byte, 0));
        int[] graphInputs = s.ConstantWeights ? [x] : [x, w];
        if (!s.ReluNode) return m.Inputs(graphInputs).Outputs(y).Build();
        int r = m.Tensor("r", TensorType.Float32, [1, s.Units]);
        return m.Op(BuiltinOperator.RELU, [y], [r]).Inputs(graphInputs).Outputs(r).Build();
    }

    private static float[] Run(Spec s, float value, bool reference = false)
    {
        using var interp = new Interpreter(Model.FromBytes(Build(s)), new InterpreterOptions { UseReferenceKernels = reference });
        interp.AllocateTensors();
        interp.Inputs[0].CopyFrom((ReadOnlySpan<float>)Enumerable.Repeat(value, s.Depth).ToArray());
        interp.Invoke();
        return interp.Outputs[0].ToArray<float>();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ComputesTheBlockScaledSum(bool reference)
    {
        // Each output: 16 x 1 x 0.5 + 16 x 1 x 0.25 = 12 for an input of ones, plus the bias 1. The input row quantizes to
        // 127 with zero point -128 and scale 1/255, so the result carries the quantization's float rounding only.
        foreach (float v in Run(new Spec(), 1f, reference)) Assert.Equal(13f, v, 1e-5f);
        // One block a row: the rows' single scales alternate, 32 x 0.5 + 1 and 32 x 0.25 + 1.
        Assert.Equal([17f, 9f, 17f, 9f], Run(new Spec { Block = 32 }, 1f, reference).Select(v => MathF.Round(v, 4)).ToArray());
        // An all-zero row: scale 1, zero point 0, outputs the bias.
        foreach (float v in Run(new Spec(), 0f, reference)) Assert.Equal(1f, v);
        // All-zero zero points are accepted (and change nothing).
        foreach (float v in Run(new Spec { WithZeroPoints = true }, 1f, reference)) Assert.Equal(13f, v, 1e-5f);
    }

    [Fact]
    public void AFollowingReluIsApplied()
    {
        foreach (float v in Run(new Spec { ReluNode = true }, -1f)) Assert.Equal(0f, v);
        foreach (float v in Run(new Spec(), -1f)) Assert.Equal(-11f, v, 1e-5f);
    }

    [Fact]
    public void ThreadsGiveTheSameBits()
    {
        // 256 units x 512 inputs in blocks of 64, three input rows of varied values: split over 1, 2 and 3 threads.
        var rng = new Random(11);
        const int units = 256, depth = 512, block = 64, rows = 3;
        var m = new TinyModel();
        int x = m.Tensor("x", TensorType.Float32, [rows, depth]);
        var scales = Enumerable.Range(0, units * depth / block).Select(_ => (Half)(0.01 + rng.NextDouble() * 0.1)).ToArray();
        int sc = m.Tensor("s", TensorType.Float16, [units, depth / block], MemoryMarshal.AsBytes(scales.AsSpan()).ToArray());
        var packed = new byte[units * depth / 2];
        rng.NextBytes(packed);
        int w = m.Tensor("w", TensorType.Int4, [units, depth], packed, blockwise: new Blockwise(sc, -1, block));
        int y = m.Tensor("y", TensorType.Float32, [rows, units]);
        var model = m.Op(BuiltinOperator.FULLY_CONNECTED, [x, w], [y], 1, FullyConnectedOptions, new OptionField(0, OptionKind.Byte, 0)).Inputs(x).Outputs(y).Build();
        var input = Enumerable.Range(0, rows * depth).Select(_ => (float)(rng.NextDouble() * 4 - 2)).ToArray();
        float[] RunWith(int threads, bool reference = false)
        {
            using var interp = new Interpreter(Model.FromBytes(model), new InterpreterOptions { Threads = threads, UseReferenceKernels = reference });
            interp.AllocateTensors();
            interp.Inputs[0].CopyFrom((ReadOnlySpan<float>)input);
            interp.Invoke();
            return interp.Outputs[0].ToArray<float>();
        }
        var expected = RunWith(1, reference: true);
        Assert.Contains(expected, v => v != 0);
        foreach (int t in new[] { 1, 2, 3 })
            Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), RunWith(t).Select(BitConverter.SingleToInt32Bits));
    }

    private static void PrepareFails(Spec s, string fragment)
    {
        using var interp = new Interpreter(Model.FromBytes(Build(s)));
        var e = Assert.Throws<OperatorException>(() => interp.AllocateTensors());
        Assert.Contains(fragment, e.Message);
    }

    [Fact]
    public void RefusesWhatTfLiteRejectsOrMisruns()
    {
        PrepareFails(new Spec { InputType = TensorType.Int8 }, "blockwise weights need float32 input");
        PrepareFails(new Spec { WeightType = TensorType.Int8 }, "only int4 blockwise weights are supported");
        PrepareFails(new Spec { ConstantWeights = false }, "not constant");
        PrepareFails(new Spec { Depth = 16 }, "an even input depth >= 32 and >= 4 units");
        PrepareFails(new Spec { Depth = 33, Block = 11 }, "an even input depth >= 32");
        PrepareFails(new Spec { Units = 3 }, ">= 4 units");
        PrepareFails(new Spec { ScaleType = TensorType.Float32 }, "TFLite reads them as float16");
        PrepareFails(new Spec { WithZeroPoints = true, ZeroPoint = 1 }, "are not all zero");
    }
}
