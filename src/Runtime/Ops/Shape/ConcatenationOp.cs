using ManagedLite.Schema;
using static ManagedLite.Ops.Shape.ShapeOpHelpers;
using Opt = ManagedLite.Kernels.Optimized;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.Shape;

/// <summary>
/// CONCATENATION along one axis (negative allowed). All inputs share type and rank and match outside the axis.
/// float32 may have a fused Relu / Relu6 / ReluN1To1; uint8 inputs whose quantization differs from the output's
/// are requantized (TFLite's ConcatenationWithScaling); int8 inputs must share the output's quantization and
/// int16 ones a zero point of 0 (TFLite's restrictions).
/// </summary>
internal sealed class ConcatenationOp : IOpKernel
{
    private readonly bool _reference;

    public ConcatenationOp(KernelFlavor flavor) => _reference = flavor == KernelFlavor.Reference;

    private int _outer, _outputBlock, _elementSize;
    private int[] _blocks = [];
    private int[] _offsets = [];
    private bool _applyActivation;
    private float _actMin, _actMax;
    private bool[] _requantize = [];
    private float[] _inputScales = [];
    private int[] _inputZeroPoints = [];
    private float _outputScale;
    private int _outputZeroPoint;

    public void Prepare(OpContext context)
    {
        var options = context.GetOptions<ConcatenationOptions>();
        int count = context.InputCount;
        if (count < 1) throw context.Fail("expected at least one input");
        var first = context.Input(0);
        var output = context.Output(0);
        ExpectSameType(context, first, output, "output");
        _elementSize = ElementSize(context, first, "input 0");
        int rank = first.Rank;
        if (rank == 0)
        {
            PrepareScalars(context, options, count);
            return;
        }
        int axis = NormalizeAxis(context, options.Axis, rank, "axis");

        var outShape = first.Shape.ToArray();
        long axisSum = 0;
        for (int i = 0; i < count; i++)
        {
            var t = context.Input(i);
            ExpectSameType(context, first, t, $"input {i}");
            if (t.Rank != rank)
                throw context.Fail($"input {i} '{t.Name}' has shape {Format(t.Shape)}, expected rank {rank} like '{first.Name}' {Format(first.Shape)}");
            for (int d = 0; d < rank; d++)
                if (d != axis && t.Dim(d) != first.Dim(d))
                    throw context.Fail($"input {i} '{t.Name}' has shape {Format(t.Shape)}, which differs from '{first.Name}' {Format(first.Shape)} outside axis {axis}");
            axisSum += t.Dim(axis);
        }
        if (axisSum > int.MaxValue) throw context.Fail("concatenated axis is too large");
        outShape[axis] = (int)axisSum;
        if (ElementCount(outShape) > int.MaxValue) throw context.Fail($"output shape {Format(outShape)} is too large");

        _outer = Product(outShape, 0, axis);
        int inner = Product(outShape, axis + 1, rank);
        _outputBlock = outShape[axis] * inner;
        _blocks = new int[count];
        _offsets = new int[count];
        for (int i = 0, offset = 0; i < count; i++)
        {
            _blocks[i] = context.Input(i).Dim(axis) * inner;
            _offsets[i] = offset;
            offset += _blocks[i];
        }

        var act = options.FusedActivation;
        _applyActivation = false;
        if (act != ActivationFunctionType.None)
        {
            if (first.DataType != TensorType.Float32 || act is not (ActivationFunctionType.Relu or ActivationFunctionType.Relu6 or ActivationFunctionType.ReluN1To1))
                throw context.Fail($"fused activation {act} is not supported for {TensorTypes.Name(first.DataType)} concatenation");
            (_actMin, _actMax) = OpHelpers.FloatActivationRange(act);
            _applyActivation = true;
        }

        _outputScale = output.Quantization?.Scale ?? 0f;
        _outputZeroPoint = output.Quantization?.ZeroPoint ?? 0;
        _requantize = new bool[count];
        _inputScales = new float[count];
        _inputZeroPoints = new int[count];
        for (int i = 0; i < count; i++)
        {
            var t = context.Input(i);
            _inputScales[i] = t.Quantization?.Scale ?? 0f;
            _inputZeroPoints[i] = t.Quantization?.ZeroPoint ?? 0;
            bool same = _inputScales[i] == _outputScale && _inputZeroPoints[i] == _outputZeroPoint;
            switch (first.DataType)
            {
                case TensorType.UInt8:
                    _requantize[i] = !same;
                    if (!same && _outputScale == 0f)
                        throw context.Fail($"output '{output.Name}' needs a non-zero scale to requantize input {i} '{t.Name}'");
                    break;
                case TensorType.Int8 when !same:
                    throw context.Fail($"int8 input {i} '{t.Name}' (scale {_inputScales[i]}, zero point {_inputZeroPoints[i]}) must share the output's quantization (scale {_outputScale}, zero point {_outputZeroPoint})");
                case TensorType.Int16 when _inputZeroPoints[i] != 0 || _outputZeroPoint != 0:
                    throw context.Fail($"int16 input {i} '{t.Name}' and output '{output.Name}' must have zero point 0");
            }
        }
        context.ResizeOutput(0, outShape);
    }

    /// <summary>
    /// Scalar inputs, all known at preparation, concatenated along axis 0 into [count] (TFLite's special case: the
    /// values are copied as they are).
    /// </summary>
    private void PrepareScalars(OpContext context, ConcatenationOptions options, int count)
    {
        var first = context.Input(0);
        if (options.Axis != 0) throw context.Fail($"axis {options.Axis} is out of range for scalar inputs (expected 0)");
        for (int i = 0; i < count; i++)
        {
            var t = context.Input(i);
            ExpectSameType(context, first, t, $"input {i}");
            if (t.Rank != 0) throw context.Fail($"input {i} '{t.Name}' has shape {Format(t.Shape)}, expected a scalar like '{first.Name}'");
            if (!CanRead(context, t))
                throw context.Fail($"scalar input {i} '{t.Name}' must be known at preparation (TFLite concatenates scalars only then)");
        }
        if (options.FusedActivation != ActivationFunctionType.None)
            throw context.Fail($"fused activation {options.FusedActivation} is not supported for scalar concatenation");
        _outer = 1;
        _outputBlock = count;
        _blocks = new int[count];
        _offsets = new int[count];
        for (int i = 0; i < count; i++) { _blocks[i] = 1; _offsets[i] = i; }
        _applyActivation = false;
        _requantize = new bool[count];
        context.ResizeOutput(0, [count]);
    }

    public void Eval(OpContext context)
    {
        switch (_elementSize)
        {
            case 1: Run<byte>(context); break;
            case 2: Run<ushort>(context); break;
            case 4: Run<uint>(context); break;
            default: Run<ulong>(context); break;
        }
        if (_applyActivation)
            Ref.Concatenation.ApplyActivation(context.Output(0).GetWritableData<float>(), _actMin, _actMax);
    }

    private void Run<T>(OpContext context) where T : unmanaged
    {
        var output = Write<T>(context.Output(0));
        for (int i = 0; i < _blocks.Length; i++)
        {
            if (_requantize[i])
            {
                Ref.Concatenation.CopyInputRequantized(context.Input(i).RawBytes, _outer, _blocks[i], _outputBlock, _offsets[i],
                    _inputScales[i], _inputZeroPoints[i], _outputScale, _outputZeroPoint, context.Output(0).WritableBytes);
            }
            else if (_reference)
            {
                Ref.Concatenation.CopyInput(Read<T>(context.Input(i)), _outer, _blocks[i], _outputBlock, _offsets[i], output);
            }
            else
            {
                Opt.Concatenation.CopyInput(Read<T>(context.Input(i)), _outer, _blocks[i], _outputBlock, _offsets[i], output);
            }
        }
    }
}
