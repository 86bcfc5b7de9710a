using System.Runtime.InteropServices;
using ManagedLite.Schema;
using static ManagedLite.Ops.IndexReduceChecks;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.StableHlo;

/// <summary>
/// What REDUCE_WINDOW and STABLEHLO_REDUCE_WINDOW share (TFLite's stablehlo_reduce_window.cc): the checked window
/// parameters, the output shape and the type dispatch of <see cref="Ref.ReduceWindow"/>.
/// </summary>
internal sealed class ReduceWindowRunner
{
    /// <summary>TFLite's kMaxReduceWindowRank.</summary>
    public const int MaxRank = 6;

    /// <summary>Window, stride and dilation values above this are rejected (no int32 tensor could use them).</summary>
    private const long MaxParameter = int.MaxValue;

    public static readonly TensorType[] Types =
        [TensorType.Float32, TensorType.Float64, TensorType.Int8, TensorType.Int16, TensorType.Int32, TensorType.Int64, TensorType.UInt8, TensorType.Bool];

    public Ref.ReduceWindowKind Kind { get; init; }
    public long[] Window { get; init; } = [];
    public long[] Strides { get; init; } = [];
    public long[] BaseDilations { get; init; } = [];
    public long[] WindowDilations { get; init; } = [];
    public long[] Padding { get; init; } = [];

    /// <summary>Checks input, init value and output (types, rank 1..6, one-element init).</summary>
    public static void CheckTensors(OpContext ctx)
    {
        var input = ctx.Input(0);
        var init = ctx.Input(1);
        ExpectSameType(ctx, input, init, "init value");
        ExpectSameType(ctx, input, ctx.Output(0), "output");
        if (Array.IndexOf(Types, input.DataType) < 0)
            throw ctx.Fail($"input {Describe(input)}: {TensorTypes.Name(input.DataType)} is not supported by {ctx.OperatorName} (accepts {string.Join(", ", Types.Select(TensorTypes.Name))})");
        ExpectRank(ctx, input, "input", 1, MaxRank);
        if (init.ElementCount != 1) throw ctx.Fail($"init value {Describe(init)} must have one element");
    }

    /// <summary>A per-dimension parameter: <paramref name="count"/> values each in [min, 2^31); empty means <paramref name="fallback"/>.</summary>
    public static long[] Param(OpContext ctx, long[] values, int count, string name, long min, long? fallback)
    {
        if (values.Length == 0 && fallback is { } f) return Enumerable.Repeat(f, count).ToArray();
        if (values.Length != count)
            throw ctx.Fail($"{name} has {values.Length} values, expected {count}");
        foreach (long v in values)
            if (v < min || v > MaxParameter || v < -MaxParameter)
                throw ctx.Fail($"{name} [{string.Join(",", values)}] has {v}, outside [{Math.Max(min, -MaxParameter)}, {MaxParameter}]");
        return values;
    }

    /// <summary>Sets the output shape; an empty padded input is an error (TFLite fails at Eval).</summary>
    public void Resize(OpContext ctx)
    {
        var input = ctx.Input(0);
        var shape = new int[input.Rank];
        for (int d = 0; d < shape.Length; d++)
        {
            long padded = Ref.ReduceWindow.PaddedSize(input.Dim(d), BaseDilations[d], Padding[2 * d], Padding[2 * d + 1]);
            if (padded <= 0 && !(BaseDilations.All(b => b == 1) && Padding.All(p => p == 0)))
                throw ctx.Fail($"the padding of {Describe(input)} (base dilations [{string.Join(",", BaseDilations)}], padding [{string.Join(",", Padding)}]) gives an empty tensor");
            long n = Ref.ReduceWindow.OutputSize(Math.Max(padded, 0), Window[d], Strides[d], WindowDilations[d]);
            if (n > int.MaxValue) throw ctx.Fail($"output dimension {d} ({n}) is over int32");
            shape[d] = (int)n;
        }
        CheckedProduct(ctx, shape, 0, shape.Length, "the output size");
        ctx.ResizeOutput(0, shape);
    }

    public void Run(OpContext ctx)
    {
        var input = ctx.Input(0);
        var init = ctx.Input(1);
        var output = ctx.Output(0);
        if (output.ElementCount == 0) return;
        switch (input.DataType)
        {
            case TensorType.Float32: Go<float>(input, init, output); break;
            case TensorType.Float64: Go<double>(input, init, output); break;
            case TensorType.Int8: case TensorType.Bool: Go<sbyte>(input, init, output); break;
            case TensorType.Int16: Go<short>(input, init, output); break;
            case TensorType.Int32: Go<int>(input, init, output); break;
            case TensorType.Int64: Go<long>(input, init, output); break;
            default: Go<byte>(input, init, output); break;
        }
    }

    private void Go<T>(LiteTensor input, LiteTensor init, LiteTensor output) where T : unmanaged, System.Numerics.INumber<T> =>
        Ref.ReduceWindow.Run(Kind, input.Shape, MemoryMarshal.Cast<byte, T>(input.RawBytes), MemoryMarshal.Read<T>(init.RawBytes),
            Window, Strides, BaseDilations, WindowDilations, Padding, output.Shape, MemoryMarshal.Cast<byte, T>(output.WritableBytes));
}
