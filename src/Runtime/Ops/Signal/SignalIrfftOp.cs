using ManagedLite.Kernels.Signal;
using ManagedLite.Schema;
using static ManagedLite.Ops.Signal.SignalOpHelpers;

namespace ManagedLite.Ops.Signal;

/// <summary>
/// SignalIrfft (TFLite Micro): input T [..., fft_length + 2] of interleaved (real, imag) bins, output T
/// [..., fft_length] real samples; T (option) int16, int32 or float32, fft_length (option) even. KISS FFT arithmetic.
/// </summary>
internal sealed class SignalIrfftOp : IOpKernel
{
    internal const int MaxFftLength = 1 << 20;

    private TensorType _type;
    private int _fftLength, _frames, _inputStride;
    private Irfft<short, KissQ15>? _q15;
    private Irfft<int, KissQ31>? _q31;
    private Irfft<float, KissFloat>? _float;
    private long _charged;

    public void Prepare(OpContext context)
    {
        ExpectCounts(context, 1, 1);
        var input = context.Input(0);
        var options = Options(context);
        int t = Int(context, options, "T");
        if (t != (int)TensorType.Int16 && t != (int)TensorType.Int32 && t != (int)TensorType.Float32)
            throw context.Fail($"SignalIrfft with T = {TensorTypes.Name((TensorType)t)} is not supported (int16, int32 or float32)");
        _type = (TensorType)t;
        int fftLength = Int(context, options, "fft_length", 2, MaxFftLength);
        if ((fftLength & 1) != 0) throw context.Fail($"fft_length {fftLength} must be even");
        OpHelpers.ExpectType(context, input, _type, "input");
        OpHelpers.ExpectType(context, context.Output(0), _type, "output");
        if (input.Rank < 1) throw context.Fail($"input {ModelText.Quote(input.Name)} must have rank 1 or more, got a scalar");
        int last = input.Dim(input.Rank - 1);
        if (last < fftLength + 2 || (last & 1) != 0)
            throw context.Fail($"input {ModelText.Quote(input.Name)} frames must hold fft_length / 2 + 1 = {fftLength / 2 + 1} complex bins ({fftLength + 2} values, even), got {last}");
        _inputStride = last;
        _frames = FlatSize(context, input) / last;
        if ((long)_frames * fftLength > int.MaxValue) throw context.Fail($"the output would have {(long)_frames * fftLength} elements");
        if (_fftLength != fftLength)
        {
            _q15 = null; _q31 = null; _float = null;
        }
        _fftLength = fftLength;
        // The plan: twiddles, super-twiddles and a work buffer of complex values.
        ChargeState(context, ref _charged, 2L * (_type == TensorType.Int16 ? 2 : 4) * (2L * fftLength));
        switch (_type)
        {
            case TensorType.Int16: _q15 ??= new Irfft<short, KissQ15>(fftLength); break;
            case TensorType.Int32: _q31 ??= new Irfft<int, KissQ31>(fftLength); break;
            default: _float ??= new Irfft<float, KissFloat>(fftLength); break;
        }
        var shape = input.Shape.ToArray();
        shape[^1] = fftLength;
        context.ResizeOutput(0, shape);
    }

    public void Eval(OpContext context)
    {
        switch (_type)
        {
            case TensorType.Int16: Run(_q15!, context.Input(0).GetData<short>(), context.Output(0).GetWritableData<short>()); break;
            case TensorType.Int32: Run(_q31!, context.Input(0).GetData<int>(), context.Output(0).GetWritableData<int>()); break;
            default: Run(_float!, context.Input(0).GetData<float>(), context.Output(0).GetWritableData<float>()); break;
        }
    }

    private void Run<T, TMath>(Irfft<T, TMath> plan, ReadOnlySpan<T> input, Span<T> output) where T : struct where TMath : IKissMath<T>
    {
        for (int f = 0; f < _frames; f++)
            plan.Apply(input.Slice(f * _inputStride, _inputStride), output.Slice(f * _fftLength, _fftLength));
    }

    /// <summary>Frames x fft_length x log2(fft_length) butterfly operations.</summary>
    internal static long EstimateWork(OpContext ctx)
    {
        var output = ctx.Output(0);
        if (output.Rank < 1) return OpWork.Linear(ctx);
        long n = Math.Max(2, output.Dim(output.Rank - 1));
        long frames = n == 0 ? 0 : output.ElementCount / n;
        return OpWork.Add(OpWork.Mul(OpWork.Mul(frames, n), 1 + (long)Math.Log2(n)), OpWork.Linear(ctx));
    }
}
