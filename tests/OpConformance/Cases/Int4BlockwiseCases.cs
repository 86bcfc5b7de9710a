using System.Runtime.InteropServices;
using ManagedLite.IO;
using ManagedLite.Robustness;
using ManagedLite.Schema;
using static ManagedLite.Robustness.TinyModel;

namespace ManagedLite.OpConformance;

/// <summary>
/// FULLY_CONNECTED with blockwise-quantized INT4 weights (fp16 scales per block of the input depth) and float
/// activations, bit for bit against TFLite's builtin kernel (its reference kernel has no blockwise path): block sizes from 8 (and an odd 17) to the
/// whole depth, with and without bias, an all-zero zero-point tensor, keep_num_dims, an all-zero input row; a fused RELU
/// against XNNPACK (see <see cref="Build"/>).
/// </summary>
internal static class Int4BlockwiseCases
{
    private const byte FullyConnectedOptions = 8;

    private static readonly (string Name, int[] InputShape, int Units, int BlockSize, bool Bias, bool ZeroPoints, bool KeepNumDims, int Activation)[] Cases =
    [
        ("fully_connected_blockwise_int4_block32", [3, 64], 5, 32, true, false, false, 0),
        ("fully_connected_blockwise_int4_block8_zero_points", [2, 48], 4, 8, false, true, false, 0),
        ("fully_connected_blockwise_int4_one_block_keep_dims", [2, 3, 64], 7, 64, true, false, true, 0),
        ("fully_connected_blockwise_int4_block128", [1, 256], 9, 128, true, false, false, 0),
        ("fully_connected_blockwise_int4_block17", [3, 34], 4, 17, true, false, false, 0),
        ("fully_connected_blockwise_int4_block32_relu", [4, 96], 6, 32, true, false, false, 1),
    ];

    public static void Add(List<OpCaseFactory> cases)
    {
        foreach (var spec in Cases)
            cases.Add(new(spec.Name, seed => Build(spec.Name, new CaseData(seed), spec.InputShape, spec.Units, spec.BlockSize, spec.Bias, spec.ZeroPoints,
                spec.KeepNumDims, spec.Activation)));
    }

    private static OpCase Build(string name, CaseData d, int[] inputShape, int units, int blockSize, bool withBias, bool zeroPoints, bool keepNumDims,
        int activation)
    {
        int depth = inputShape[^1], blocks = depth / blockSize;
        int count = units * depth;
        var packed = d.Array(TensorType.UInt8, [(count + 1) / 2]).Data;
        var scales = new Half[units * blocks];
        for (int i = 0; i < scales.Length; i++) scales[i] = (Half)(0.01f + 0.09f * d.Int(0, 1000) / 1000f);
        var m = new TinyModel();
        int x = m.Tensor("x", TensorType.Float32, inputShape);
        int scaleTensor = m.Tensor("w_scales", TensorType.Float16, [units, blocks], MemoryMarshal.AsBytes(scales.AsSpan()).ToArray());
        int zp = zeroPoints ? m.Tensor("w_zero_points", TensorType.Int8, [units, blocks], new byte[units * blocks]) : -1;
        int w = m.Tensor("w", TensorType.Int4, [units, depth], packed, blockwise: new Blockwise(scaleTensor, zp, blockSize));
        int[] outShape = keepNumDims ? [.. inputShape[..^1], units] : [inputShape[..^1].Aggregate(1, (a, b) => a * b), units];
        int y = m.Tensor("y", TensorType.Float32, outShape);
        int[] inputs = withBias ? [x, w, m.Tensor("b", TensorType.Float32, [units], d.Array(TensorType.Float32, [units]).Data)] : [x, w];
        m.Op(BuiltinOperator.FULLY_CONNECTED, inputs, [y], 1, FullyConnectedOptions, new OptionField(0, OptionKind.Byte, activation),
            new OptionField(2, OptionKind.Bool, keepNumDims ? 1 : 0)).Inputs(x).Outputs(y);
        var input = d.Array(TensorType.Float32, inputShape, 3f);
        // The first input row all zero: its asymmetric quantization has scale 1 and zero point 0 (outputs = bias).
        if (inputShape.Length == 2 && inputShape[0] > 1) Array.Clear(input.Data, 0, depth * sizeof(float));
        // TFLite's builtin blockwise kernel drops the fused activation (its outputs stay negative under RELU); XNNPACK, LiteRT's
        // default CPU path, applies it, as ManagedLite does. The activation case is therefore checked against XNNPACK, whose
        // blockwise GEMM rounds the fp16 scales to bf16: hence its looser tolerance.
        if (activation != 0) return new OpCase(name, m.Build(), [input]) { NativeKernels = "xnnpack", Tolerance = 2e-2 };
        return new OpCase(name, m.Build(), [input]) { NativeKernels = "builtin", Tolerance = 0 };
    }
}
