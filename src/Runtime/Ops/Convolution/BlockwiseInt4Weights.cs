using System.Runtime.InteropServices;
using ManagedLite.Schema;

namespace ManagedLite.Ops.Convolution;

/// <summary>
/// Blockwise-quantized INT4 FULLY_CONNECTED weights (TFLite's BlockwiseQuantization: fp16 scales in another tensor,
/// one per block of <c>block_size</c> input values of each output row), accepted where TFLite's builtin kernel runs
/// them through its blockwise path (fully_connected.cc EvalBlockwise4Bit): float32 input and output, constant int4
/// weights [units, depth] with an even depth of at least 32 and at least 4 units, zero (or no) zero points. TFLite
/// rejects blockwise weights with quantized inputs; outside those shape limits it takes a path that ignores the
/// block scales (every output is the bias), so ManagedLite refuses those models with the reason instead.
/// </summary>
internal static class BlockwiseInt4Weights
{
    /// <summary>TFLite's optimized_4bit FilterWidth and FilterDepth: the blockwise path needs at least this many units and inputs.</summary>
    public const int MinUnits = 4, MinDepth = 32;

    /// <summary>Checks the node and returns the block size and the scales widened to float (shared per model).</summary>
    public static (int BlockSize, float[] Scales) Prepare(OpContext ctx, LiteTensor input, LiteTensor weights, LiteTensor output)
    {
        var bw = weights.Blockwise!;
        string w = ModelText.Quote(weights.Name);
        if (input.DataType != TensorType.Float32)
            throw ctx.Fail($"weights {w} are blockwise-quantized and input {ModelText.Quote(input.Name)} is {TensorTypes.Name(input.DataType)}: " +
                           "blockwise weights need float32 input (dynamic-range); TFLite accepts only affine weight quantization with quantized inputs");
        if (weights.DataType != TensorType.Int4)
            throw ctx.Fail($"weights {w} are blockwise-quantized {TensorTypes.Name(weights.DataType)}: only int4 blockwise weights are supported (TFLite's builtin kernel has a blockwise path for int4 only)");
        if (!weights.IsConstant)
            throw ctx.Fail($"weights {w} are blockwise-quantized int4 but not constant: TFLite's blockwise path needs constant weights");
        ConvolutionChecks.RequireFloat(ctx, output, "output");
        OpHelpers.ExpectRank(ctx, weights, 2, "weights");
        int units = weights.Dim(0), depth = weights.Dim(1);
        if (depth % 2 != 0 || depth < MinDepth || units < MinUnits)
            throw ctx.Fail($"weights {w} [{units},{depth}] are blockwise-quantized int4: TFLite runs blockwise weights only with an even input depth " +
                           $">= {MinDepth} and >= {MinUnits} units (otherwise its kernel drops the weights: every output is the bias)");
        int block = bw.BlockSize;
        if (block <= 0 || depth % block != 0)
            throw ctx.Fail($"weights {w}: block size {block} does not divide the input depth {depth}");
        int blocks = depth / block;
        var scales = Lookup(ctx, bw.ScalesTensor, "scales", w);
        if (scales.DataType != TensorType.Float16)
            throw ctx.Fail($"blockwise scales {ModelText.Quote(scales.Name)} of weights {w} are {TensorTypes.Name(scales.DataType)}: TFLite reads them as float16");
        if (!scales.IsConstant)
            throw ctx.Fail($"blockwise scales {ModelText.Quote(scales.Name)} of weights {w} must be constant");
        if (scales.ElementCount != (long)units * blocks)
            throw ctx.Fail($"blockwise scales {ModelText.Quote(scales.Name)} of weights {w} hold {scales.ElementCount} values, expected {(long)units * blocks} ({units} units x {blocks} blocks)");
        if (bw.ZeroPointsTensor >= 0)
        {
            var zp = Lookup(ctx, bw.ZeroPointsTensor, "zero_points", w);
            if (!zp.IsConstant)
                throw ctx.Fail($"blockwise zero points {ModelText.Quote(zp.Name)} of weights {w} must be constant");
            foreach (byte b in zp.RawBytes)
                if (b != 0)
                    throw ctx.Fail($"blockwise zero points {ModelText.Quote(zp.Name)} of weights {w} are not all zero: int4 weights must be symmetric (TFLite ignores them)");
        }
        float[] widened = ctx.GetSharedWeights(("blockwise-int4-scales", bw.ScalesTensor), () =>
        {
            var half = MemoryMarshal.Cast<byte, Half>(scales.RawBytes);
            var f = new float[half.Length];
            for (int i = 0; i < f.Length; i++) f[i] = (float)half[i];
            return f;
        }, f => f.LongLength * sizeof(float));
        return (block, widened);
    }

    private static LiteTensor Lookup(OpContext ctx, int index, string role, string weights)
    {
        if ((uint)index >= (uint)ctx.GraphTensors.Length)
            throw ctx.Fail($"blockwise {role} tensor index {index} of weights {weights} is outside the subgraph's {ctx.GraphTensors.Length} tensors");
        return ctx.GraphTensors[index];
    }
}
