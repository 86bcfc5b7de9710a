using System.Runtime.InteropServices;
using ManagedLite.Schema;
using ManagedLite.Schema.FlexBuffers;
using static ManagedLite.Ops.IndexReduceChecks;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.Custom;

/// <summary>
/// AudioSpectrogram (TFLite's audio_spectrogram.cc, registered by TFLite's tools): float32 audio [samples, channels]
/// -> float32 [channels, frames, fft_length / 2 + 1], frames = 1 + (samples - window_size) / stride (0 when shorter
/// than a window). FlexBuffers options: window_size (&gt;= 2), stride (&gt;= 1), magnitude_squared (else the magnitude);
/// a missing key reads as 0 / false, as in TFLite.
/// </summary>
internal sealed class AudioSpectrogramOp : IOpKernel
{
    /// <summary>Largest window accepted (2^24 samples).</summary>
    public const int MaxWindowSize = 1 << 24;

    private int _window, _stride, _scratch;
    private bool _squared;

    public void Prepare(OpContext ctx)
    {
        ExpectCounts(ctx, 1, 1);
        long window, stride;
        try
        {
            if (ctx.CustomOptions.IsEmpty) throw ctx.Fail("custom options are missing: expected a FlexBuffers map (window_size, stride, magnitude_squared)");
            var m = FlexBuffer.GetRootMap(ctx.CustomOptions);
            window = m.TryGetValue("window_size", out var w) ? w.AsInt64() : 0;
            stride = m.TryGetValue("stride", out var s) ? s.AsInt64() : 0;
            _squared = m.TryGetValue("magnitude_squared", out var q) && q.AsBool();
        }
        catch (ModelFormatException e)
        {
            throw ctx.Fail($"custom options: {e.Message}");
        }
        if (window < 2 || window > MaxWindowSize) throw ctx.Fail($"window_size is {window}; it must be in [2, {MaxWindowSize}]");
        if (stride < 1 || stride > int.MaxValue) throw ctx.Fail($"stride is {stride}; it must be in [1, {int.MaxValue}]");
        _window = (int)window;
        _stride = (int)stride;
        var input = ctx.Input(0);
        ExpectType(ctx, input, "input", TensorType.Float32);
        ExpectType(ctx, ctx.Output(0), "output", TensorType.Float32);
        if (input.Rank != 2) throw ctx.Fail($"input {Describe(input)} must have shape [samples, channels]");
        int frames = Ref.AudioSpectrogram.FrameCount(input.Dim(0), _window, _stride);
        ctx.ResizeOutput(0, [input.Dim(1), frames, Ref.AudioSpectrogram.FftLength(_window) / 2 + 1]);
        _scratch = ctx.RequestScratch(checked((int)(Ref.AudioSpectrogram.ScratchDoubles(_window) * sizeof(double))));
    }

    public void Eval(OpContext ctx)
    {
        var input = ctx.Input(0);
        Ref.AudioSpectrogram.Run(input.GetData<float>(), input.Dim(0), input.Dim(1), _window, _stride, _squared,
            ctx.Output(0).GetWritableData<float>(), MemoryMarshal.Cast<byte, double>(ctx.GetScratch(_scratch)));
    }

    /// <summary>Work: one FFT of fft_length x log2(fft_length) per frame and channel, plus the windowing.</summary>
    public static long EstimateWork(OpContext ctx)
    {
        var output = ctx.Output(0);
        if (output.Rank != 3) return OpWork.Linear(ctx);
        long fft = Math.Max(1, 2L * (output.Dim(2) - 1));
        long frames = OpWork.Mul(output.Dim(0), output.Dim(1));
        return OpWork.Add(OpWork.Mul(frames, OpWork.Mul(fft, 2 + (long)Math.Log2(Math.Max(2, fft)))), OpWork.Linear(ctx));
    }
}
