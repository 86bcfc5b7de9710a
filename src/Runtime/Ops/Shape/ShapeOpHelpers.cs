using System.Runtime.InteropServices;
using ManagedLite.Schema;

namespace ManagedLite.Ops.Shape;

/// <summary>Helpers shared by the data-movement operators: constant index inputs, axes, element-size dispatch.</summary>
internal static class ShapeOpHelpers
{
    /// <summary>Bytes per element (1, 2, 4 or 8), the unit the data-movement kernels move.</summary>
    public static int ElementSize(OpContext ctx, LiteTensor t, string role)
    {
        int size = TensorTypes.ElementSize(t.DataType);
        if (size is not (1 or 2 or 4 or 8))
            throw ctx.Fail($"{role} '{t.Name}' has element type {TensorTypes.Name(t.DataType)}, which this operator does not support");
        return size;
    }

    public static void ExpectSameType(OpContext ctx, LiteTensor expected, LiteTensor actual, string role)
    {
        if (actual.DataType != expected.DataType)
            throw ctx.Fail($"{role} '{actual.Name}' must be {TensorTypes.Name(expected.DataType)} like '{expected.Name}', got {TensorTypes.Name(actual.DataType)}");
    }

    /// <summary>Throws unless the (shape-like) input is a constant of the model.</summary>
    public static void ExpectConstant(OpContext ctx, LiteTensor t, string role)
    {
        if (!t.IsConstant)
            throw ctx.Fail($"{role} '{t.Name}' must be constant (dynamic shapes not supported yet)");
    }

    /// <summary>Values of a constant int32 or int64 tensor (in Prepare; allocates).</summary>
    public static int[] ReadConstantInts(OpContext ctx, LiteTensor t, string role)
    {
        ExpectConstant(ctx, t, role);
        return ReadInts(ctx, t, role);
    }

    /// <summary>Values of an int32 or int64 tensor, which must have data (allocates).</summary>
    public static int[] ReadInts(OpContext ctx, LiteTensor t, string role)
    {
        long count = t.ElementCount;
        switch (t.DataType)
        {
            case TensorType.Int32:
            {
                var data = t.GetData<int>();
                if (data.Length != count) throw ctx.Fail($"{role} '{t.Name}' holds {data.Length} values, its shape needs {count}");
                return data.ToArray();
            }
            case TensorType.Int64:
            {
                var data = t.GetData<long>();
                if (data.Length != count) throw ctx.Fail($"{role} '{t.Name}' holds {data.Length} values, its shape needs {count}");
                var result = new int[data.Length];
                for (int i = 0; i < data.Length; i++)
                {
                    if (data[i] < int.MinValue || data[i] > int.MaxValue)
                        throw ctx.Fail($"{role} '{t.Name}' value {data[i]} at {i} does not fit int32");
                    result[i] = (int)data[i];
                }
                return result;
            }
            default:
                throw ctx.Fail($"{role} '{t.Name}' must be int32 or int64, got {TensorTypes.Name(t.DataType)}");
        }
    }

    /// <summary>Single value of a constant axis tensor (one element, int32 or int64).</summary>
    public static int ReadConstantScalar(OpContext ctx, LiteTensor t, string role)
    {
        var values = ReadConstantInts(ctx, t, role);
        if (values.Length != 1)
            throw ctx.Fail($"{role} '{t.Name}' must hold exactly one value, got shape {Format(t.Shape)}");
        return values[0];
    }

    /// <summary>Axis in [-rank, rank) made non-negative.</summary>
    public static int NormalizeAxis(OpContext ctx, int axis, int rank, string what)
    {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank)
            throw ctx.Fail($"{what} {axis} is out of range for rank {rank} (expected [{-rank}, {rank - 1}])");
        return a;
    }

    /// <summary>Product of dims [from, to).</summary>
    public static int Product(ReadOnlySpan<int> shape, int from, int to)
    {
        long p = 1;
        for (int i = from; i < to; i++) p *= shape[i];
        return p > int.MaxValue ? int.MaxValue : (int)p;
    }

    public static long ElementCount(ReadOnlySpan<int> shape)
    {
        long n = 1;
        foreach (int d in shape) n *= d;
        return n;
    }

    public static string Format(ReadOnlySpan<int> shape) => "[" + string.Join(",", shape.ToArray()) + "]";

    /// <summary>Elements of the tensor as <typeparamref name="T"/> of the same size (no type check: data movement only).</summary>
    public static ReadOnlySpan<T> Read<T>(LiteTensor t) where T : unmanaged => MemoryMarshal.Cast<byte, T>(t.RawBytes);

    public static Span<T> Write<T>(LiteTensor t) where T : unmanaged => MemoryMarshal.Cast<byte, T>(t.WritableBytes);

    /// <summary>Copies the input bytes to the output (RESHAPE, SQUEEZE, EXPAND_DIMS); overlap-safe.</summary>
    public static void CopyBytes(OpContext ctx, LiteTensor input, LiteTensor output)
    {
        var src = input.RawBytes;
        var dst = output.WritableBytes;
        if (src.Length != dst.Length)
            throw ctx.Fail($"input '{input.Name}' has {src.Length} bytes but output '{output.Name}' has {dst.Length}");
        src.CopyTo(dst);
    }

    /// <summary>Throws unless the element counts match (reshape-like operators).</summary>
    public static void ExpectSameCount(OpContext ctx, LiteTensor input, ReadOnlySpan<int> outShape)
    {
        long n = ElementCount(outShape);
        if (n != input.ElementCount)
            throw ctx.Fail($"output shape {Format(outShape)} has {n} elements but input '{input.Name}' {Format(input.Shape)} has {input.ElementCount}");
    }
}
