using System.Buffers.Binary;
using ManagedLite.Schema;
using static ManagedLite.Ops.IndexReduceChecks;

namespace ManagedLite.Ops.Strings;

/// <summary>
/// The strings of a string tensor, read in place from TFLite's layout (int32 count N, N + 1 int32 offsets, bytes) once
/// it is checked: no copy and no allocation per string, so a huge input costs no memory beyond its own buffer.
/// </summary>
internal readonly ref struct StringsView
{
    private readonly ReadOnlySpan<byte> _buffer;

    public StringsView(ReadOnlySpan<byte> buffer, int count)
    {
        _buffer = buffer;
        Count = count;
    }

    public int Count { get; }

    /// <summary>String <paramref name="i"/> (0 &lt;= i &lt; Count).</summary>
    public ReadOnlySpan<byte> this[int i]
    {
        get
        {
            int start = BinaryPrimitives.ReadInt32LittleEndian(_buffer[(4 + 4 * i)..]);
            int end = BinaryPrimitives.ReadInt32LittleEndian(_buffer[(8 + 4 * i)..]);
            return _buffer[start..end];
        }
    }

    /// <summary>Bytes of string <paramref name="i"/>.</summary>
    public int Length(int i) =>
        BinaryPrimitives.ReadInt32LittleEndian(_buffer[(8 + 4 * i)..]) - BinaryPrimitives.ReadInt32LittleEndian(_buffer[(4 + 4 * i)..]);
}

/// <summary>
/// What the string variants of operators share. Data-movement operators (GATHER, SLICE, TILE, ...) run their numeric
/// kernel on the element indices 0..N-1 of the string input (int32 data of the same shape) and then write the strings
/// those indices name: one implementation of each operator's indexing serves both. Outputs are written straight into
/// their own buffer in TFLite's layout, its size checked against ModelLimits.MaxTensorBytes and reserved on the
/// memory budget before it is allocated.
/// </summary>
internal static class StringTensors
{
    /// <summary>
    /// The strings of <paramref name="t"/> after checking its layout (count equal to the element count, offsets in order
    /// and inside the buffer); an <see cref="OperatorException"/> naming the tensor otherwise.
    /// </summary>
    public static StringsView View(OpContext ctx, LiteTensor t, string role)
    {
        var buffer = t.RawBytes;
        if (buffer.Length < 4) throw ctx.Fail($"{role} {Describe(t)} is not a well-formed string tensor: {buffer.Length} bytes");
        int n = BinaryPrimitives.ReadInt32LittleEndian(buffer);
        if (n != t.ElementCount || 4L * (n + 2) > buffer.Length)
            throw ctx.Fail($"{role} {Describe(t)} is not a well-formed string tensor: it declares {n} strings in {buffer.Length} bytes for {t.ElementCount} elements");
        int previous = 4 * (n + 2);
        for (int i = 0; i <= n; i++)
        {
            int offset = BinaryPrimitives.ReadInt32LittleEndian(buffer[(4 + 4 * i)..]);
            if (offset < previous || offset > buffer.Length)
                throw ctx.Fail($"{role} {Describe(t)} is not a well-formed string tensor: offset {i} = {offset} is out of order or outside its {buffer.Length} bytes");
            previous = offset;
        }
        return new StringsView(buffer, n);
    }

    /// <summary>
    /// The (dynamic) string output <paramref name="i"/> resized to <paramref name="shape"/> with own storage of
    /// <paramref name="bytes"/> bytes: checked against MaxTensorBytes and reserved on the budget first.
    /// </summary>
    public static Span<byte> Allocate(OpContext ctx, int i, ReadOnlySpan<int> shape, long bytes)
    {
        var output = ctx.Output(i);
        if (bytes < 0 || bytes > ctx.MaxTensorBytes || bytes > int.MaxValue)
            throw ctx.Fail($"string output {ModelText.Quote(output.Name)} would take {bytes} bytes, over ModelLimits.MaxTensorBytes ({ctx.MaxTensorBytes})");
        ctx.ResizeOutput(i, shape);
        ctx.Interpreter?.Ledger.Reserve(bytes - output.OwnBytes, $"string output {ModelText.Quote(output.Name)}");
        output.UseOwnStorage((int)bytes);
        return output.WritableBytes;
    }

    /// <summary>
    /// Writes to output <paramref name="i"/> (of <paramref name="shape"/>) the strings of <paramref name="source"/> that
    /// <paramref name="indices"/> name; a negative index is an empty string.
    /// </summary>
    public static void WriteGathered(OpContext ctx, int i, ReadOnlySpan<int> shape, StringsView source, ReadOnlySpan<int> indices)
    {
        long bytes = 4L * (indices.Length + 2);
        foreach (int k in indices) if (k >= 0) bytes += source.Length(k);
        var layout = Allocate(ctx, i, shape, bytes);
        int n = indices.Length, offset = 4 * (n + 2);
        BinaryPrimitives.WriteInt32LittleEndian(layout, n);
        for (int k = 0; k < n; k++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(layout[(4 + 4 * k)..], offset);
            var s = indices[k] >= 0 ? source[indices[k]] : default;
            s.CopyTo(layout[offset..]);
            offset += s.Length;
        }
        BinaryPrimitives.WriteInt32LittleEndian(layout[(4 + 4 * n)..], offset);
    }

    /// <summary>
    /// RESHAPE, SQUEEZE, EXPAND_DIMS: the output holds the input's elements in the same order. A string input's layout
    /// is copied to the output's own buffer (TFLite reallocates the dynamic output to the input's bytes and copies
    /// them); other types are copied byte for byte.
    /// </summary>
    public static void CopyOrCopyBytes(OpContext ctx, LiteTensor input, LiteTensor output)
    {
        if (input.DataType != TensorType.String)
        {
            Shape.ShapeOpHelpers.CopyBytes(ctx, input, output);
            return;
        }
        var strings = View(ctx, input, "input");
        if (strings.Count != output.ElementCount)
            throw ctx.Fail($"input {Describe(input)} holds {strings.Count} strings, output {Describe(output)} {output.ElementCount} elements");
        var src = input.RawBytes;
        src.CopyTo(Allocate(ctx, 0, output.Shape, src.Length));
    }

    /// <summary>
    /// Control flow: the string tensor <paramref name="source"/> (checked) becomes output <paramref name="i"/> of the node,
    /// shape and layout (TFLite's while.cc and if.cc copy string tensors across subgraphs the same way).
    /// </summary>
    public static void CopyToOutput(OpContext ctx, int i, LiteTensor source)
    {
        View(ctx, source, "string value");
        var src = source.RawBytes;
        src.CopyTo(Allocate(ctx, i, source.Shape, src.Length));
    }

    /// <summary>Control flow: string tensor <paramref name="source"/> copied into graph input <paramref name="input"/> of a called subgraph.</summary>
    public static void CopyToInput(OpContext ctx, LiteTensor source, LiteTensor input)
    {
        View(ctx, source, "string value");
        var src = source.RawBytes;
        ctx.Interpreter?.Ledger.Reserve(src.Length - input.OwnBytes, $"string input {ModelText.Quote(input.Name)} of a called subgraph");
        input.UseOwnStorage(src.Length);
        input.IsDynamic = true;
        src.CopyTo(input.WritableBytes);
    }

    /// <summary>Element indices 0..count-1 as int32 data, the stand-in for the strings in the numeric kernels.</summary>
    public static int[] Iota(long count)
    {
        var ids = new int[checked((int)count)];
        for (int k = 0; k < ids.Length; k++) ids[k] = k;
        return ids;
    }

    /// <summary>The kernel of a data-movement operator run on int32 element ids instead of the strings.</summary>
    public delegate void IdKernel(ReadOnlySpan<uint> ids, Span<uint> picked);

    /// <summary>
    /// Runs <paramref name="kernel"/> on the ids 0..N-1 of input 0's strings into output 0's element count of ids, then
    /// writes output 0's strings from them.
    /// </summary>
    public static void RunOnIds(OpContext ctx, IdKernel kernel)
    {
        var input = ctx.Input(0);
        var output = ctx.Output(0);
        var strings = View(ctx, input, "input");
        CheckCount(ctx, output.ElementCount, 0);
        var ids = Iota(strings.Count);
        var picked = new int[output.ElementCount];
        kernel(System.Runtime.InteropServices.MemoryMarshal.Cast<int, uint>(ids.AsSpan()), System.Runtime.InteropServices.MemoryMarshal.Cast<int, uint>(picked.AsSpan()));
        WriteGathered(ctx, 0, output.Shape, strings, picked);
    }

    /// <summary>
    /// Fails before anything is allocated when <paramref name="count"/> strings of at least <paramref name="minLength"/>
    /// bytes cannot fit ModelLimits.MaxTensorBytes as a string tensor.
    /// </summary>
    public static void CheckCount(OpContext ctx, long count, int minLength)
    {
        if (count > (ctx.MaxTensorBytes - 8) / (4L + minLength))
            throw ctx.Fail($"output {ModelText.Quote(ctx.Output(0).Name)} of {count} strings would take more than ModelLimits.MaxTensorBytes ({ctx.MaxTensorBytes}) bytes");
    }

    /// <summary>
    /// EQUAL / NOT_EQUAL of two string tensors with NumPy broadcasting (TFLite's ComparisonString): byte-wise equality
    /// of the strings each output element pairs, into <paramref name="output"/> (bool bytes, the broadcast shape).
    /// </summary>
    public static void Compare(OpContext ctx, LiteTensor a, LiteTensor b, bool notEqual, Span<byte> output)
    {
        var sa = View(ctx, a, "input 0");
        var sb = View(ctx, b, "input 1");
        int rank = Math.Max(a.Rank, b.Rank);
        Span<int> dims = stackalloc int[rank];
        Span<int> strideA = stackalloc int[rank];
        Span<int> strideB = stackalloc int[rank];
        Span<int> index = stackalloc int[rank];
        int sA = 1, sB = 1;
        for (int d = rank - 1; d >= 0; d--)
        {
            int da = d < rank - a.Rank ? 1 : a.Dim(d - (rank - a.Rank));
            int db = d < rank - b.Rank ? 1 : b.Dim(d - (rank - b.Rank));
            dims[d] = da == 1 ? db : da;
            strideA[d] = da == 1 ? 0 : sA;
            strideB[d] = db == 1 ? 0 : sB;
            sA *= da;
            sB *= db;
        }
        int ia = 0, ib = 0;
        for (int k = 0; k < output.Length; k++)
        {
            output[k] = (byte)(sa[ia].SequenceEqual(sb[ib]) != notEqual ? 1 : 0);
            // Next output coordinate (row-major), moving both input positions with it.
            for (int d = rank - 1; d >= 0; d--)
            {
                ia += strideA[d];
                ib += strideB[d];
                if (++index[d] < dims[d]) break;
                ia -= strideA[d] * dims[d];
                ib -= strideB[d] * dims[d];
                index[d] = 0;
            }
        }
    }
}
