using System.Runtime.InteropServices;
using ManagedLite.Kernels.Recurrent;
using ManagedLite.Schema;

namespace ManagedLite.Ops.Recurrent;

/// <summary>Preparation helpers shared by the recurrent operators (SVDF, LSTM).</summary>
internal static class RecurrentOpHelpers
{
    public static RecurrentActivation ToKernel(ActivationFunctionType act) => act switch
    {
        ActivationFunctionType.None => RecurrentActivation.None,
        ActivationFunctionType.Relu => RecurrentActivation.Relu,
        ActivationFunctionType.ReluN1To1 => RecurrentActivation.ReluN1To1,
        ActivationFunctionType.Relu6 => RecurrentActivation.Relu6,
        ActivationFunctionType.Tanh => RecurrentActivation.Tanh,
        ActivationFunctionType.SignBit => RecurrentActivation.SignBit,
        _ => RecurrentActivation.None,
    };

    /// <summary>Scratch of <paramref name="handle"/> viewed as <typeparamref name="T"/> (empty when the handle is negative).</summary>
    public static Span<T> Scratch<T>(OpContext ctx, int handle) where T : unmanaged =>
        handle < 0 ? Span<T>.Empty : MemoryMarshal.Cast<byte, T>(ctx.GetScratch(handle));

    /// <summary>Requests scratch for <paramref name="count"/> elements of <typeparamref name="T"/> (-1 when zero).</summary>
    public static int RequestScratch<T>(OpContext ctx, long count) where T : unmanaged
    {
        long bytes = count * Marshal.SizeOf<T>();
        if (bytes > int.MaxValue) throw ctx.Fail($"scratch of {count} elements is too large");
        return count <= 0 ? -1 : ctx.RequestScratch((int)bytes);
    }

    /// <summary>Per-tensor scale of a quantized tensor; throws when it has none.</summary>
    public static float Scale(OpContext ctx, LiteTensor t, string role)
    {
        var q = t.Quantization;
        if (q is null || q.Scales.Count == 0)
            throw ctx.Fail($"{role} '{t.Name}' must be quantized (it has no scale)");
        if (q.IsPerChannel)
            throw ctx.Fail($"{role} '{t.Name}' must be quantized per tensor, got {q.Scales.Count} scales");
        return q.Scale;
    }

    public static int ZeroPoint(LiteTensor t) => t.Quantization?.ZeroPoint ?? 0;

    /// <summary>Sum of each row of a [rows, cols] int8 matrix (for asymmetric hybrid quantization).</summary>
    public static int[] RowSums(ReadOnlySpan<sbyte> matrix, int rows, int cols)
    {
        var sums = new int[rows];
        for (int r = 0; r < rows; r++)
        {
            int s = 0;
            for (int c = 0; c < cols; c++) s += matrix[r * cols + c];
            sums[r] = s;
        }
        return sums;
    }

    public static void ExpectShape(OpContext ctx, LiteTensor t, string role, params int[] dims)
    {
        if (!t.Shape.SequenceEqual(dims))
            throw ctx.Fail($"{role} '{t.Name}' must have shape [{string.Join(",", dims)}], got [{string.Join(",", t.Shape.ToArray())}]");
    }

    public static void ExpectVariable(OpContext ctx, LiteTensor t, string role)
    {
        if (!t.IsVariable) throw ctx.Fail($"{role} '{t.Name}' must be a variable tensor (is_variable)");
    }
}
