using ManagedLite.Kernels.Signal;
using ManagedLite.Schema;
using static ManagedLite.Ops.Signal.SignalOpHelpers;

namespace ManagedLite.Ops.Signal;

/// <summary>
/// SignalRfft (TFLite Micro): input [..., L] of type T (option), zero-padded to fft_length (option); output
/// [..., fft_length + 2] of interleaved (real, imag) bins. Implemented for T = int16 (KISS FFT Q15 arithmetic).
/// </summary>
internal sealed class SignalRfftOp : IOpKernel
{
    private RfftInt16? _plan;
    private short[] _frame = [];
    private int _inputLength;

    public void Prepare(OpContext context)
    {
        ExpectCounts(context, 1, 1);
        var input = context.Input(0);
        var output = context.Output(0);
        var options = Options(context);
        int type = Int(context, options, "T");
        int fftLength = Int(context, options, "fft_length", 2, 1 << 24);
        if ((fftLength & 1) != 0) throw context.Fail($"fft_length {fftLength} must be even");
        if (type != (int)TensorType.Int16)
            throw context.Fail($"SignalRfft with T = {TensorTypes.Name((TensorType)type)} is not supported (int16 only)");
        OpHelpers.ExpectType(context, input, TensorType.Int16, "input");
        OpHelpers.ExpectType(context, output, TensorType.Int16, "output");
        if (input.Rank < 1) throw context.Fail($"input '{input.Name}' must have rank 1 or more");
        _inputLength = input.Dim(input.Rank - 1);
        if (_inputLength > fftLength)
            throw context.Fail($"input '{input.Name}' frames have {_inputLength} samples, more than fft_length {fftLength}");
        if (_plan is null || _plan.FftLength != fftLength) _plan = new RfftInt16(fftLength);
        _frame = new short[fftLength];
        var shape = input.Shape.ToArray();
        shape[^1] = fftLength + 2;
        context.ResizeOutput(0, shape);
    }

    public void Eval(OpContext context)
    {
        var plan = _plan!;
        var input = context.Input(0).GetData<short>();
        var output = context.Output(0).GetWritableData<short>();
        int outLength = plan.OutputLength, frames = _inputLength == 0 ? 0 : input.Length / _inputLength;
        var frame = _frame.AsSpan();
        frame[_inputLength..].Clear();
        for (int f = 0; f < frames; f++)
        {
            input.Slice(f * _inputLength, _inputLength).CopyTo(frame);
            plan.Apply(frame, output.Slice(f * outLength, outLength));
        }
    }
}
