using ManagedLite.Kernels.Elementwise;
using ManagedLite.Kernels.Reference;
using ManagedLite.Schema;
using Ref = ManagedLite.Kernels.Reference.Activations;
using Opt = ManagedLite.Kernels.Optimized.Activations;
using Silu = ManagedLite.Kernels.Optimized.Silu;
using OptQ = ManagedLite.Kernels.Optimized.Quantized;
using RefQ = ManagedLite.Kernels.Reference.Quantized;

namespace ManagedLite.Ops;

/// <summary>Which parameterless activation an <see cref="ActivationOp"/> computes.</summary>
internal enum ActivationKind { Relu, Relu6, ReluN1To1, Relu0To1, Logistic, Tanh, HardSwish, Elu }

/// <summary>
/// RELU, RELU6, RELU_N1_TO_1, RELU_0_TO_1, LOGISTIC, TANH, HARD_SWISH and ELU on float32, plus TFLite's quantized paths:
/// RELU / RELU6 on int8, uint8, int16 and RELU_N1_TO_1 / RELU_0_TO_1 on int8, uint8 (rescale and clamp); LOGISTIC / TANH on
/// int8 / uint8 (256-entry tables), int16 (sigmoid-table interpolation), float16 and bfloat16 (float formula, one
/// rounding); HARD_SWISH on int8 / uint8; ELU on int8
/// (256-entry table). The optimized 8-bit paths look every byte up in a table (HARD_SWISH's built from the reference
/// kernel at Prepare). The optimized float path splits large tensors across the interpreter's threads. A float32
/// LOGISTIC with a MUL of its output by its input folded into it (pass "fuse-silu", <see cref="OpContext.MultipliesByInput"/>)
/// computes SiLU, the MUL's clamp of x * sigmoid(x), in the same pass: the bits of the two nodes.
/// </summary>
internal sealed class ActivationOp : IOpKernel
{
    private readonly ActivationKind _kind;
    private TensorType _type = TensorType.Float32;
    private RefQ.ReluQuantized.Operator _relu;
    private RefQ.HardSwishQuantized.Operator _hardSwish;
    private readonly byte[] _table = new byte[256];
    private int _int16Multiplier, _int16Shift;
    private bool _silu;
    private float _siluLo, _siluHi;

    private readonly bool _reference;

    public ActivationOp(ActivationKind kind, KernelFlavor flavor)
    {
        _kind = kind;
        _reference = flavor == KernelFlavor.Reference;
    }

    public void Prepare(OpContext context)
    {
        ElementwiseOpHelpers.ExpectCounts(context, 1, 1);
        var input = context.Input(0);
        var output = context.Output(0);
        _type = input.DataType;
        _silu = context.MultipliesByInput;
        if (_silu && (_kind != ActivationKind.Logistic || _type != TensorType.Float32 || output.DataType != TensorType.Float32))
            throw context.Fail($"the MUL folded into this {context.OperatorName} (pass \"fuse-silu\") needs float32 LOGISTIC, got input '{input.Name}' {QuantizedOpHelpers.TypeText(input)}; disable that pass for this model");
        (_siluLo, _siluHi) = context.InputMultiplyRange;
        if (_type is TensorType.Float16 or TensorType.BFloat16 && _kind is ActivationKind.Logistic or ActivationKind.Tanh)
        {
            if (output.DataType != _type)
                throw context.Fail($"output '{output.Name}' is {QuantizedOpHelpers.TypeText(output)}, input '{input.Name}' {QuantizedOpHelpers.TypeText(input)}; they must match");
            context.ResizeOutput(0, input.Shape);
            return;
        }
        if (_type == TensorType.Float32 || !QuantizedOpHelpers.IsQuantizedType(_type))
        {
            _type = TensorType.Float32;
            ElementwiseOpHelpers.PrepareUnaryFloat(context);
            PrepareSplit(context);
            return;
        }
        if (output.DataType != _type)
            throw context.Fail($"output '{output.Name}' is {QuantizedOpHelpers.TypeText(output)}, input '{input.Name}' {QuantizedOpHelpers.TypeText(input)}; they must match");
        bool supported = _kind switch
        {
            ActivationKind.Relu or ActivationKind.Relu6 or ActivationKind.Logistic or ActivationKind.Tanh => true,
            ActivationKind.ReluN1To1 or ActivationKind.Relu0To1 or ActivationKind.HardSwish => _type != TensorType.Int16,
            ActivationKind.Elu => _type == TensorType.Int8,
            _ => false,
        };
        if (!supported)
            throw context.Fail($"input '{input.Name}' is {QuantizedOpHelpers.TypeText(input)}: {QuantizedOpHelpers.TypeText(input)} not supported for {context.OperatorName}");
        var (si, zi) = QuantizedOpHelpers.Params(context, input, "input");
        var (so, zo) = QuantizedOpHelpers.Params(context, output, "output");
        var (tmin, tmax) = QuantizedOpHelpers.TypeRange(_type);
        bool int16 = _type == TensorType.Int16;
        bool uint8 = _type == TensorType.UInt8;
        switch (_kind)
        {
            case ActivationKind.Elu:
                RefQ.EluQuantized.PopulateTable(si, zi, so, zo, _table);
                break;
            case ActivationKind.Relu:
            case ActivationKind.Relu6:
            case ActivationKind.ReluN1To1:
            case ActivationKind.Relu0To1:
                if (int16)
                {
                    QuantizedOpHelpers.ExpectZeroPointZero(context, input, zi, "input");
                    QuantizedOpHelpers.ExpectZeroPointZero(context, output, zo, "output");
                }
                var (lo, hi) = _kind switch
                {
                    ActivationKind.Relu => (0f, float.PositiveInfinity),
                    ActivationKind.Relu6 => (0f, 6f),
                    ActivationKind.Relu0To1 => (0f, 1f),
                    _ => (-1f, 1f),
                };
                _relu = QuantizedOpHelpers.Guard(context, "relu multiplier", () => RefQ.ReluQuantized.Create(si, zi, so, zo, lo, hi, tmin, tmax));
                if (!_reference && _type is TensorType.Int8 or TensorType.UInt8) ReluTable();
                break;
            case ActivationKind.HardSwish:
                _hardSwish = QuantizedOpHelpers.Guard(context, "hard swish multipliers", () => RefQ.HardSwishQuantized.Create(si, zi, so, zo, tmin, tmax));
                if (!_reference) HardSwishTable();
                break;
            case ActivationKind.Logistic:
            case ActivationKind.Tanh:
                if (!int16)
                {
                    if (_kind == ActivationKind.Logistic && so != 1f / 256)
                        throw context.Fail($"output '{output.Name}' scale is {so}; quantized LOGISTIC needs 1/256");
                    if (_kind == ActivationKind.Logistic) RefQ.LogisticQuantized.PopulateTable(si, zi, so, zo, uint8, _table);
                    else RefQ.TanhQuantized.PopulateTable(si, zi, so, zo, uint8, _table);
                    break;
                }
                QuantizedOpHelpers.ExpectZeroPointZero(context, input, zi, "input");
                QuantizedOpHelpers.ExpectZeroPointZero(context, output, zo, "output");
                if (!Kernels.Params.QuantizedAddSubParams.TryLog2(so, out int outLog2) || outLog2 != -15)
                    throw context.Fail($"output '{output.Name}' scale is {so}; int16 {context.OperatorName} needs 2^-15");
                if (_kind == ActivationKind.Logistic) RefQ.LogisticQuantized.Int16Params(si, out _int16Multiplier, out _int16Shift);
                else RefQ.TanhQuantized.Int16Params(si, out _int16Multiplier, out _int16Shift);
                break;
        }
        context.ResizeOutput(0, input.Shape);
    }

    public void Eval(OpContext context)
    {
        if (_type is TensorType.Float16 or TensorType.BFloat16)
        {
            EvalHalf(context);
            return;
        }
        if (_type != TensorType.Float32)
        {
            EvalQuantized(context);
            return;
        }
        if (_tasks > 1)
        {
            context.Parallel.For(_tasks, _work!);
            return;
        }
        EvalFloat(context, 0, (int)context.Output(0).ElementCount);
    }

    /// <summary>Split points of a float activation fall on whole 512-bit vectors, so no piece takes the scalar tail alone.</summary>
    private const int Alignment = 16;

    private int _tasks = 1;
    private int _length;
    private RangeWork? _work;

    /// <summary>
    /// The optimized float path splits its elements across the interpreter's threads, in contiguous ranges, when every
    /// thread gets at least <see cref="BinaryArithmeticOp.MinElementsPerTask"/> elements.
    /// </summary>
    private void PrepareSplit(OpContext context)
    {
        _length = (int)context.Input(0).ElementCount;
        _tasks = _reference ? 1 : ParallelSplit.Tasks(context.Parallel.Concurrency, _length, 1, BinaryArithmeticOp.MinElementsPerTask, Alignment);
        if (_tasks > 1) _work ??= new RangeWork(this, context);
    }

    /// <summary>One task per thread: a contiguous range of elements.</summary>
    private sealed class RangeWork(ActivationOp op, OpContext context) : ManagedLite.Kernels.Threading.IParallelWork
    {
        public void Execute(int task)
            => op.EvalFloat(context, ParallelSplit.Start(op._length, task, op._tasks, Alignment), ParallelSplit.Start(op._length, task + 1, op._tasks, Alignment));
    }

    /// <summary>Elements [start, end) of the float activation.</summary>
    private void EvalFloat(OpContext context, int start, int end)
    {
        var x = context.Input(0).GetData<float>()[start..end];
        var y = context.Output(0).GetWritableData<float>()[start..end];
        bool r = _reference;
        switch (_kind)
        {
            case ActivationKind.Relu: if (r) Ref.Relu(x, y); else Opt.Relu(x, y); break;
            case ActivationKind.Relu6: if (r) Ref.Relu6(x, y); else Opt.Relu6(x, y); break;
            case ActivationKind.ReluN1To1: if (r) Ref.ReluN1To1(x, y); else Opt.ReluN1To1(x, y); break;
            case ActivationKind.Relu0To1: if (r) Ref.Relu0To1(x, y); else Opt.Relu0To1(x, y); break;
            case ActivationKind.Logistic when _silu: if (r) Ref.Silu(x, y, _siluLo, _siluHi); else Silu.Apply(x, y, _siluLo, _siluHi); break;
            case ActivationKind.Logistic: if (r) Ref.Logistic(x, y); else Opt.Logistic(x, y); break;
            case ActivationKind.Tanh: if (r) Ref.Tanh(x, y); else Opt.Tanh(x, y); break;
            case ActivationKind.HardSwish: if (r) Ref.HardSwish(x, y); else Opt.HardSwish(x, y); break;
            case ActivationKind.Elu: if (r) Ref.Elu(x, y); else Opt.Elu(x, y); break;
        }
    }

    // TFLite's Tanh / Logistic on half and bfloat16: the float formula on the widened value, rounded once.
    private void EvalHalf(OpContext context)
    {
        var input = context.Input(0);
        var output = context.Output(0);
        bool logistic = _kind == ActivationKind.Logistic;
        if (_type == TensorType.Float16)
        {
            if (logistic) UnaryMath.MapHalf<LogisticOperator>(input.GetData<Half>(), output.GetWritableData<Half>());
            else UnaryMath.MapHalf<TanhOperator>(input.GetData<Half>(), output.GetWritableData<Half>());
        }
        else
        {
            if (logistic) UnaryMath.MapBFloat16<LogisticOperator>(input.GetData<ushort>(), output.GetWritableData<ushort>());
            else UnaryMath.MapBFloat16<TanhOperator>(input.GetData<ushort>(), output.GetWritableData<ushort>());
        }
    }

    /// <summary>
    /// The optimized 8-bit HARD_SWISH is a table lookup: its output depends on the input byte alone, so the reference
    /// kernel run once over all 256 byte values gives the table, and every output byte is the reference's.
    /// </summary>
    private void HardSwishTable()
    {
        if (_type == TensorType.Int8)
            RefQ.HardSwishQuantized.Run(_hardSwish, OptQ.ByteTable.AllSBytes, System.Runtime.InteropServices.MemoryMarshal.Cast<byte, sbyte>(_table.AsSpan()));
        else RefQ.HardSwishQuantized.Run(_hardSwish, OptQ.ByteTable.AllBytes, _table);
    }

    /// <summary>The optimized 8-bit RELU family: the reference's rescale-and-clamp as a table, as for HARD_SWISH.</summary>
    private void ReluTable()
    {
        if (_type == TensorType.Int8)
            RefQ.ReluQuantized.Run(_relu, OptQ.ByteTable.AllSBytes, System.Runtime.InteropServices.MemoryMarshal.Cast<byte, sbyte>(_table.AsSpan()));
        else RefQ.ReluQuantized.Run(_relu, OptQ.ByteTable.AllBytes, _table);
    }

    private void EvalQuantized(OpContext context)
    {
        var input = context.Input(0);
        var output = context.Output(0);
        switch (_kind)
        {
            case ActivationKind.Relu:
            case ActivationKind.Relu6:
            case ActivationKind.ReluN1To1:
            case ActivationKind.Relu0To1:
                switch (_type)
                {
                    case TensorType.Int8 or TensorType.UInt8 when !_reference: OptQ.ByteTable.Lookup(input.RawBytes, output.WritableBytes, _table); break;
                    case TensorType.Int8: RefQ.ReluQuantized.Run(_relu, input.GetData<sbyte>(), output.GetWritableData<sbyte>()); break;
                    case TensorType.UInt8: RefQ.ReluQuantized.Run(_relu, input.GetData<byte>(), output.GetWritableData<byte>()); break;
                    default: RefQ.ReluQuantized.Run(_relu, input.GetData<short>(), output.GetWritableData<short>()); break;
                }
                break;
            case ActivationKind.Elu:
                if (_reference) RefQ.EluQuantized.Run(input.GetData<sbyte>(), output.GetWritableData<sbyte>(), _table);
                else OptQ.ByteTable.Lookup(input.GetData<sbyte>(), output.GetWritableData<sbyte>(), _table);
                break;
            case ActivationKind.HardSwish when !_reference:
                OptQ.ByteTable.Lookup(input.RawBytes, output.WritableBytes, _table);
                break;
            case ActivationKind.HardSwish:
                if (_type == TensorType.Int8) RefQ.HardSwishQuantized.Run(_hardSwish, input.GetData<sbyte>(), output.GetWritableData<sbyte>());
                else RefQ.HardSwishQuantized.Run(_hardSwish, input.GetData<byte>(), output.GetWritableData<byte>());
                break;
            case ActivationKind.Logistic:
            case ActivationKind.Tanh:
                switch (_type)
                {
                    case TensorType.Int8 or TensorType.UInt8 when !_reference: OptQ.ByteTable.Lookup(input.RawBytes, output.WritableBytes, _table); break;
                    case TensorType.Int8: RefQ.LogisticQuantized.Run(input.GetData<sbyte>(), output.GetWritableData<sbyte>(), _table); break;
                    case TensorType.UInt8: RefQ.LogisticQuantized.Run(input.GetData<byte>(), output.GetWritableData<byte>(), _table); break;
                    default:
                        if (_kind == ActivationKind.Logistic)
                            RefQ.LogisticQuantized.RunInt16(input.GetData<short>(), output.GetWritableData<short>(), _int16Multiplier, _int16Shift);
                        else
                            RefQ.TanhQuantized.RunInt16(input.GetData<short>(), output.GetWritableData<short>(), _int16Multiplier, _int16Shift);
                        break;
                }
                break;
        }
    }
}
