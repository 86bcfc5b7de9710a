using System.Numerics;
using ManagedLite.Kernels.Quantization;
using Ref = ManagedLite.Kernels.Reference.Quantized;

namespace ManagedLite.Kernels.Optimized.Quantized;

/// <summary>
/// 8-bit SOFTMAX with the bytes of <see cref="Ref.SoftmaxQuantized.Run{TIn, TOut}"/>: there each term is a function of
/// diff = x - max alone, an integer in [-255, 0] for 8-bit input, through a fixed-point exp of a few dozen operations.
/// Here that exp (and its rescaling for the sum) is a table indexed by -diff, built once at Prepare from the reference's
/// own functions; a diff below diff_min gets 0 in both, which adds nothing to the sum and gives the output minimum, as
/// the reference's skipped terms do. The reciprocal and the per-element scaling are the reference's.
/// </summary>
public static class SoftmaxQuantized8
{
    /// <summary>Entries of each table: -diff in [0, 255].</summary>
    public const int TableSize = 256;

    public static void BuildTables(int inputMultiplier, int inputLeftShift, int diffMin, Span<int> exp, Span<int> rescaled)
    {
        if (exp.Length != TableSize || rescaled.Length != TableSize) throw new ArgumentException($"softmax tables need {TableSize} entries");
        for (int k = 0; k < TableSize; k++)
        {
            int e = -k >= diffMin ? Ref.SoftmaxQuantized.Exp(-k, inputMultiplier, inputLeftShift) : 0;
            exp[k] = e;
            rescaled[k] = -k >= diffMin ? FixedPoint.Rescale(e, 0, Ref.SoftmaxQuantized.AccumulationIntegerBits) : 0;
        }
    }

    public static void Run<TIn, TOut>(ReadOnlySpan<TIn> input, Span<TOut> output, int depth, ReadOnlySpan<int> exp, ReadOnlySpan<int> rescaled)
        where TIn : unmanaged, IBinaryInteger<TIn>, IMinMaxValue<TIn> where TOut : unmanaged, IBinaryInteger<TOut>, IMinMaxValue<TOut>
    {
        if (exp.Length != TableSize || rescaled.Length != TableSize) throw new ArgumentException($"softmax tables need {TableSize} entries");
        if (depth < 0 || (depth == 0 ? input.Length != 0 : input.Length % depth != 0) || output.Length != input.Length)
            throw new ArgumentException($"softmax: input {input.Length} and output {output.Length} are not rows of {depth}");
        if (depth == 0) return;
        int outBits = System.Runtime.CompilerServices.Unsafe.SizeOf<TOut>() * 8;
        var (outMin, outMax) = Ref.QuantizedBroadcast.TypeRange<TOut>();
        for (int row = 0; row < input.Length / depth; row++)
        {
            var x = input.Slice(row * depth, depth);
            var y = output.Slice(row * depth, depth);
            int max = int.CreateTruncating(x[0]);
            for (int c = 1; c < depth; c++) max = Math.Max(max, int.CreateTruncating(x[c]));
            int sum = 0;
            for (int c = 0; c < depth; c++) sum = unchecked(sum + rescaled[max - int.CreateTruncating(x[c])]);
            int shiftedScale = QuantizedMath.GetReciprocal(sum, Ref.SoftmaxQuantized.AccumulationIntegerBits, out int numBitsOverUnit);
            int exponent = Math.Clamp(numBitsOverUnit + 31 - outBits, 0, 32);
            for (int c = 0; c < depth; c++)
            {
                int e = exp[max - int.CreateTruncating(x[c])];
                int unsat = exponent > 31 ? 0 : FixedPoint.RoundingDivideByPot(FixedPoint.SaturatingRoundingDoublingHighMul(shiftedScale, e), exponent);
                y[c] = TOut.CreateTruncating(Math.Clamp(unchecked(unsat + outMin), outMin, outMax));
            }
        }
    }
}
