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

    /// <summary>
    /// True when the values of <paramref name="t"/> can be read now: in Prepare only constants and values computed
    /// during preparation (<see cref="LiteTensor.IsKnownAtPrepare"/>), in Eval every input.
    /// </summary>
    public static bool CanRead(OpContext ctx, LiteTensor t) => !ctx.InPrepare || t.IsKnownAtPrepare;

    /// <summary>Throws unless the values of the (shape-like) input can be read now (see <see cref="CanRead"/>).</summary>
    public static void ExpectReadable(OpContext ctx, LiteTensor t, string role)
    {
        if (!CanRead(ctx, t))
            throw ctx.Fail($"{role} '{t.Name}' must be a constant or a value known at preparation");
    }

    /// <summary>Throws unless the input is a constant of the model (DENSIFY's sparse weights).</summary>
    public static void ExpectConstant(OpContext ctx, LiteTensor t, string role)
    {
        if (!t.IsConstant)
            throw ctx.Fail($"{role} '{t.Name}' must be a constant of the model");
    }

    /// <summary>Values of an int32 or int64 tensor that can be read now (allocates).</summary>
    public static int[] ReadConstantInts(OpContext ctx, LiteTensor t, string role)
    {
        ExpectReadable(ctx, t, role);
        return ReadInts(ctx, t, role);
    }

    /// <summary>
    /// Values of an integer tensor, which must have data (allocates): int32 or int64, and also int8, int16 and bool
    /// when <paramref name="narrow"/> is set (PAD's paddings). int64 values must fit int32.
    /// </summary>
    public static int[] ReadInts(OpContext ctx, LiteTensor t, string role, bool narrow = false)
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
            case TensorType.Int16 when narrow:
            {
                var data = t.GetData<short>();
                if (data.Length != count) throw ctx.Fail($"{role} '{t.Name}' holds {data.Length} values, its shape needs {count}");
                var result = new int[data.Length];
                for (int i = 0; i < data.Length; i++) result[i] = data[i];
                return result;
            }
            case TensorType.Int8 or TensorType.Bool when narrow:
            {
                var data = t.RawBytes;
                if (data.Length != count) throw ctx.Fail($"{role} '{t.Name}' holds {data.Length} values, its shape needs {count}");
                var result = new int[data.Length];
                for (int i = 0; i < data.Length; i++) result[i] = t.DataType == TensorType.Int8 ? (sbyte)data[i] : data[i] != 0 ? 1 : 0;
                return result;
            }
            default:
                throw ctx.Fail($"{role} '{t.Name}' must be {(narrow ? "int32, int64, int16, int8 or bool" : "int32 or int64")}, got {TensorTypes.Name(t.DataType)}");
        }
    }

    /// <summary>
    /// Values of an int32 or int64 tensor into <paramref name="destination"/> (as many as it holds), without allocating:
    /// for index inputs read in every Eval.
    /// </summary>
    public static void ReadIntsInto(OpContext ctx, LiteTensor t, Span<int> destination, string role)
    {
        if (t.DataType == TensorType.Int32)
        {
            var data = t.GetData<int>();
            if (data.Length < destination.Length) throw ctx.Fail($"{role} '{t.Name}' holds {data.Length} values, expected {destination.Length}");
            data[..destination.Length].CopyTo(destination);
            return;
        }
        if (t.DataType != TensorType.Int64) throw ctx.Fail($"{role} '{t.Name}' must be int32 or int64, got {TensorTypes.Name(t.DataType)}");
        var wide = t.GetData<long>();
        if (wide.Length < destination.Length) throw ctx.Fail($"{role} '{t.Name}' holds {wide.Length} values, expected {destination.Length}");
        for (int i = 0; i < destination.Length; i++)
        {
            if (wide[i] < int.MinValue || wide[i] > int.MaxValue)
                throw ctx.Fail($"{role} '{t.Name}' value {wide[i]} at {i} does not fit int32");
            destination[i] = (int)wide[i];
        }
    }

    /// <summary>Throws unless <paramref name="t"/> is int32 or int64 (shape-like inputs).</summary>
    public static void ExpectIndexType(OpContext ctx, LiteTensor t, string role)
    {
        if (t.DataType is not (TensorType.Int32 or TensorType.Int64))
            throw ctx.Fail($"{role} '{t.Name}' must be int32 or int64, got {TensorTypes.Name(t.DataType)}");
    }

    /// <summary>Throws unless <paramref name="t"/> has one of <paramref name="types"/> (TFLite's per-kernel type lists).</summary>
    public static void ExpectOneOf(OpContext ctx, LiteTensor t, string role, params TensorType[] types)
    {
        if (Array.IndexOf(types, t.DataType) < 0)
            throw ctx.Fail($"{role} '{t.Name}' has type {TensorTypes.Name(t.DataType)}; {ctx.OperatorName} supports {string.Join(", ", types.Select(TensorTypes.Name))}");
    }

    /// <summary>TFLite's per-tensor ("legacy") quantization parameters: (scale, zero point), or (0, 0) when per-channel or absent.</summary>
    public static (float Scale, int ZeroPoint) LegacyQuantization(LiteTensor t) =>
        t.Quantization is { IsPerChannel: false } q ? (q.Scale, q.ZeroPoint) : (0f, 0);

    /// <summary>Throws unless the two tensors share scale and zero point (operators that move quantized values unchanged).</summary>
    public static void ExpectSameQuantization(OpContext ctx, LiteTensor input, LiteTensor output, string role)
    {
        var (si, zi) = LegacyQuantization(input);
        var (so, zo) = LegacyQuantization(output);
        if (si != so || zi != zo)
            throw ctx.Fail($"{role} '{input.Name}' (scale {si}, zero point {zi}) and output '{output.Name}' (scale {so}, zero point {zo}) must have the same quantization");
    }

    /// <summary>Largest rank an output shape computed from tensor values may have (ModelLimits.MaxRank).</summary>
    public static int MaxRank(OpContext ctx) => ctx.Interpreter?.Model.Limits.MaxRank ?? 8;

    /// <summary>Throws when a shape read from a tensor has more dimensions than <see cref="MaxRank"/>.</summary>
    public static void ExpectRankWithinLimit(OpContext ctx, int rank, string what)
    {
        int max = MaxRank(ctx);
        if (rank > max) throw ctx.Fail($"{what} has rank {rank}, over ModelLimits.MaxRank ({max})");
    }

    /// <summary>Single value of an axis tensor that can be read now (one element, int32 or int64).</summary>
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
