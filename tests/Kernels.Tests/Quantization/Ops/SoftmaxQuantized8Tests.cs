using Xunit;
using Opt = ManagedLite.Kernels.Optimized.Quantized;
using Ref = ManagedLite.Kernels.Reference.Quantized;

namespace ManagedLite.Kernels.Tests.Quantization.Ops;

/// <summary>
/// The table-driven 8-bit SOFTMAX gives the reference kernel's bytes: int8 to int8 / int16 and uint8 to uint8 / int16,
/// row lengths 1 to 300 (past the 256 near-equal terms whose sum needs the clamped shift), betas and input scales from
/// ones where every difference counts to ones where diff_min drops most of them, and rows of equal values.
/// </summary>
public class SoftmaxQuantized8Tests
{
    private static void Check<TIn, TOut>(Func<Random, TIn> draw, string what)
        where TIn : unmanaged, System.Numerics.IBinaryInteger<TIn>, System.Numerics.IMinMaxValue<TIn>
        where TOut : unmanaged, System.Numerics.IBinaryInteger<TOut>, System.Numerics.IMinMaxValue<TOut>
    {
        var rng = new Random(5);
        var exp = new int[Opt.SoftmaxQuantized8.TableSize];
        var rescaled = new int[Opt.SoftmaxQuantized8.TableSize];
        foreach (var (beta, scale) in new[] { (1f, 0.1f), (1f, 0.02f), (0.5f, 0.25f), (2f, 1f), (1f, 0.004f) })
        {
            Ref.SoftmaxQuantized.Params8(beta, scale, out int m, out int s, out int diffMin);
            Opt.SoftmaxQuantized8.BuildTables(m, s, diffMin, exp, rescaled);
            foreach (int depth in new[] { 1, 2, 7, 16, 31, 64, 100, 255, 256, 257, 300 })
            {
                int rows = 3;
                var x = new TIn[rows * depth];
                for (int i = 0; i < x.Length; i++) x[i] = draw(rng);
                if (depth > 2) for (int c = 0; c < depth; c++) x[c] = x[0]; // one row of equal values
                var want = new TOut[x.Length];
                var got = new TOut[x.Length];
                Ref.SoftmaxQuantized.Run<TIn, TOut>(x, want, depth, m, s, diffMin);
                Opt.SoftmaxQuantized8.Run<TIn, TOut>(x, got, depth, exp, rescaled);
                Assert.True(want.AsSpan().SequenceEqual(got), $"{what} beta={beta} scale={scale} depth={depth}");
            }
        }
    }

    [Fact] public void Int8ToInt8() => Check<sbyte, sbyte>(r => (sbyte)r.Next(-128, 128), "int8->int8");
    [Fact] public void Int8ToInt16() => Check<sbyte, short>(r => (sbyte)r.Next(-128, 128), "int8->int16");
    [Fact] public void UInt8ToUInt8() => Check<byte, byte>(r => (byte)r.Next(0, 256), "uint8->uint8");
    [Fact] public void UInt8ToInt16() => Check<byte, short>(r => (byte)r.Next(0, 256), "uint8->int16");
    [Fact] public void Int8NarrowRange() => Check<sbyte, sbyte>(r => (sbyte)r.Next(90, 128), "int8 near max");
}
