using System.Numerics;
using System.Runtime.InteropServices;
using ManagedLite.Kernels.Elementwise;
using ManagedLite.Kernels.Reference;
using ManagedLite.Schema;
using static ManagedLite.Ops.ComparisonOpHelpers;

namespace ManagedLite.Ops.StableHlo;

/// <summary>The computation of a StableHLO element-wise binary operator (TFLite's stablehlo_elementwise.h).</summary>
internal enum StableHloBinaryKind { Add, Multiply, Maximum, Minimum, And }

/// <summary>
/// STABLEHLO_ADD, STABLEHLO_MULTIPLY, STABLEHLO_MAXIMUM, STABLEHLO_MINIMUM and STABLEHLO_AND (TFLite's
/// stablehlo_elementwise.cc): two operands of one type and one shape (no broadcasting), output of that shape.
/// Integers wrap on overflow (two's complement). Float32 and the integer types run through the project's existing
/// element-wise kernels (<see cref="BinaryElementwise"/>, <see cref="IntegerArithmetic"/>); AND is bitwise on
/// integers and logical on bool, and rejects floats as TFLite does. Float16 and float64 (which TFLite also runs)
/// are reported as unsupported.
/// </summary>
internal sealed class StableHloElementwiseOp(StableHloBinaryKind kind) : IOpKernel
{
    private static readonly TensorType[] ArithmeticTypes =
        [TensorType.Float32, TensorType.Int8, TensorType.Int16, TensorType.Int32, TensorType.Int64,
         TensorType.UInt8, TensorType.UInt16, TensorType.UInt32, TensorType.UInt64];

    private static readonly TensorType[] AndTypes =
        [TensorType.Bool, TensorType.Int8, TensorType.Int16, TensorType.Int32, TensorType.Int64,
         TensorType.UInt8, TensorType.UInt16, TensorType.UInt32, TensorType.UInt64];

    /// <summary>The types each kind runs (the OpTraits of its registration).</summary>
    public static TensorType[] TypesOf(StableHloBinaryKind kind) => kind == StableHloBinaryKind.And ? AndTypes : ArithmeticTypes;

    private BroadcastPlan? _plan;

    public void Prepare(OpContext context)
    {
        ExpectCounts(context, 2, 1);
        var a = context.Input(0);
        var b = context.Input(1);
        ExpectSameType(context, a, b);
        ExpectSameShape(context, a, b);
        var types = TypesOf(kind);
        if (Array.IndexOf(types, a.DataType) < 0)
            throw Unsupported(context, a, string.Join(", ", types.Select(TensorTypes.Name)));
        ExpectOutputType(context, context.Output(0), a.DataType);
        context.ResizeOutput(0, a.Shape);
        _plan = kind == StableHloBinaryKind.And && a.DataType == TensorType.Bool ? BroadcastPlan.Create(a.Shape, b.Shape) : null;
    }

    /// <summary>StableHLO operands have identical shapes (TFLite checks rank and every dimension).</summary>
    public static void ExpectSameShape(OpContext context, LiteTensor a, LiteTensor b)
    {
        if (!a.Shape.SequenceEqual(b.Shape))
            throw context.Fail($"operands {Describe(a)} and {Describe(b)} must have the same shape (StableHLO does not broadcast)");
    }

    public void Eval(OpContext context)
    {
        var a = context.Input(0);
        var b = context.Input(1);
        var output = context.Output(0);
        switch (a.DataType)
        {
            case TensorType.Float32: RunFloat(a, b, output); break;
            case TensorType.Bool: Logical.And(_plan ?? throw context.Fail("Eval before Prepare"), a.RawBytes, b.RawBytes, output.WritableBytes); break;
            case TensorType.Int8: RunInteger<sbyte>(a, b, output); break;
            case TensorType.Int16: RunInteger<short>(a, b, output); break;
            case TensorType.Int32: RunInteger<int>(a, b, output); break;
            case TensorType.Int64: RunInteger<long>(a, b, output); break;
            case TensorType.UInt8: RunInteger<byte>(a, b, output); break;
            case TensorType.UInt16: RunInteger<ushort>(a, b, output); break;
            case TensorType.UInt32: RunInteger<uint>(a, b, output); break;
            default: RunInteger<ulong>(a, b, output); break;
        }
    }

    private void RunFloat(LiteTensor a, LiteTensor b, LiteTensor output)
    {
        var x = a.GetData<float>();
        var y = b.GetData<float>();
        var z = output.GetWritableData<float>();
        switch (kind)
        {
            case StableHloBinaryKind.Add: BinaryElementwise.Add(a.Shape, x, b.Shape, y, output.Shape, z, float.NegativeInfinity, float.PositiveInfinity); break;
            case StableHloBinaryKind.Multiply: BinaryElementwise.Mul(a.Shape, x, b.Shape, y, output.Shape, z, float.NegativeInfinity, float.PositiveInfinity); break;
            case StableHloBinaryKind.Maximum: BinaryElementwise.Maximum(a.Shape, x, b.Shape, y, output.Shape, z); break;
            default: BinaryElementwise.Minimum(a.Shape, x, b.Shape, y, output.Shape, z); break;
        }
    }

    private void RunInteger<T>(LiteTensor a, LiteTensor b, LiteTensor output) where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
    {
        var x = MemoryMarshal.Cast<byte, T>(a.RawBytes);
        var y = MemoryMarshal.Cast<byte, T>(b.RawBytes);
        var z = MemoryMarshal.Cast<byte, T>(output.WritableBytes);
        if (kind == StableHloBinaryKind.And)
        {
            StableHloElementwise.And(x, y, z);
            return;
        }
        var k = kind switch
        {
            StableHloBinaryKind.Add => IntegerArithmeticKind.Add,
            StableHloBinaryKind.Multiply => IntegerArithmeticKind.Mul,
            StableHloBinaryKind.Maximum => IntegerArithmeticKind.Maximum,
            _ => IntegerArithmeticKind.Minimum,
        };
        IntegerArithmetic.Run(k, a.Shape, x, b.Shape, y, output.Shape, z, T.MinValue, T.MaxValue);
    }
}
