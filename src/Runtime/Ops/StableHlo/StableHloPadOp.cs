using System.Runtime.InteropServices;
using ManagedLite.Schema;
using static ManagedLite.Ops.IndexReduceChecks;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.StableHlo;

/// <summary>
/// STABLEHLO_PAD (TFLite's stablehlo_pad.cc): input of rank 1..8 and any fixed-size type, a one-element padding value
/// of the same type, options edge_padding_low / edge_padding_high (negative = crop) and interior_padding (&gt;= 0),
/// one value per dimension. When a dimension of the result would be zero or negative the output is empty with every
/// dimension 0, as TFLite sets it.
/// </summary>
internal sealed class StableHloPadOp : IOpKernel
{
    /// <summary>TFLite's TFLITE_STABLEHLO_PAD_PARAMS_MAX_DIMENSION_COUNT.</summary>
    public const int MaxRank = 8;

    /// <summary>Pads beyond this magnitude are rejected (no int32 tensor dimension could result from them).</summary>
    private const long MaxPad = int.MaxValue;

    private long[] _low = [], _interior = [];
    private int _elementSize;

    public void Prepare(OpContext ctx)
    {
        ExpectCounts(ctx, 2, 1);
        var input = ctx.Input(0);
        var value = ctx.Input(1);
        var output = ctx.Output(0);
        ExpectSameType(ctx, input, value, "padding value");
        ExpectSameType(ctx, input, output, "output");
        if (value.ElementCount != 1) throw ctx.Fail($"padding value {Describe(value)} must have one element");
        _elementSize = PadElementSize(ctx, input);
        ExpectRank(ctx, input, "input", 1, MaxRank);
        var o = ctx.GetOptions<StablehloPadOptions>();
        _low = Param(ctx, o.EdgePaddingLow, input.Rank, "edge_padding_low", -MaxPad);
        var high = Param(ctx, o.EdgePaddingHigh, input.Rank, "edge_padding_high", -MaxPad);
        _interior = Param(ctx, o.InteriorPadding, input.Rank, "interior_padding", 0);
        ctx.ResizeOutput(0, Shape(ctx, input, _low, high, _interior));
    }

    /// <summary>The element size of a padded tensor (1, 2, 4 or 8 bytes; not string, not sub-byte).</summary>
    public static int PadElementSize(OpContext ctx, LiteTensor input)
    {
        int size = TensorTypes.ElementSize(input.DataType);
        if (input.DataType == TensorType.String || size is not (1 or 2 or 4 or 8))
            throw ctx.Fail($"input {Describe(input)}: {TensorTypes.Name(input.DataType)} is not supported by {ctx.OperatorName}");
        return size;
    }

    /// <summary>The output shape; all dimensions 0 when one would be non-positive (TFLite's rule).</summary>
    public static int[] Shape(OpContext ctx, LiteTensor input, long[] low, long[] high, long[] interior, bool clearWhenEmpty = true)
    {
        var shape = Ref.StableHloPad.OutputShape(input.Shape, low, high, interior)
            ?? throw ctx.Fail($"padding {Describe(input)} with low [{string.Join(",", low)}], high [{string.Join(",", high)}], interior [{string.Join(",", interior)}] gives a dimension over int32");
        if (clearWhenEmpty && shape.Contains(0)) Array.Clear(shape);
        CheckedProduct(ctx, shape, 0, shape.Length, "the output size");
        return shape;
    }

    private static long[] Param(OpContext ctx, long[] values, int rank, string name, long min)
    {
        if (values.Length != rank)
            throw ctx.Fail($"{name} has {values.Length} values, expected one per input dimension ({rank})");
        foreach (long v in values)
            if (v < min || v > MaxPad) throw ctx.Fail($"{name} [{string.Join(",", values)}] has {v}, outside [{min}, {MaxPad}]");
        return values;
    }

    public void Eval(OpContext ctx) => Apply(ctx, ctx.Input(0), ctx.Input(1), _low, _interior, _elementSize);

    /// <summary>Runs the pad kernel at the element size (shared with DILATE).</summary>
    public static void Apply(OpContext ctx, LiteTensor input, LiteTensor value, long[] low, long[] interior, int elementSize)
    {
        var output = ctx.Output(0);
        if (output.ElementCount == 0) return;
        var src = input.RawBytes;
        var pad = value.RawBytes;
        var dst = output.WritableBytes;
        switch (elementSize)
        {
            case 1: Ref.StableHloPad.Run(input.Shape, src, pad[0], low, interior, output.Shape, dst); break;
            case 2: Ref.StableHloPad.Run(input.Shape, MemoryMarshal.Cast<byte, ushort>(src), MemoryMarshal.Read<ushort>(pad), low, interior, output.Shape, MemoryMarshal.Cast<byte, ushort>(dst)); break;
            case 4: Ref.StableHloPad.Run(input.Shape, MemoryMarshal.Cast<byte, uint>(src), MemoryMarshal.Read<uint>(pad), low, interior, output.Shape, MemoryMarshal.Cast<byte, uint>(dst)); break;
            default: Ref.StableHloPad.Run(input.Shape, MemoryMarshal.Cast<byte, ulong>(src), MemoryMarshal.Read<ulong>(pad), low, interior, output.Shape, MemoryMarshal.Cast<byte, ulong>(dst)); break;
        }
    }
}
