using ManagedLite.Schema;
using ManagedLite.Schema.FlexBuffers;
using static ManagedLite.Ops.IndexReduceChecks;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.Custom;

/// <summary>
/// Mfcc (TFLite's mfcc.cc, registered by TFLite's tools): a float32 spectrogram [channels, frames, bins] (as
/// AudioSpectrogram with magnitude_squared writes) and the sample rate (int32, one element) -> float32 [channels, frames,
/// dct_coefficient_count]. FlexBuffers options, each read as an integer as TFLite does: upper_frequency_limit,
/// lower_frequency_limit, filterbank_channel_count, dct_coefficient_count; a missing key reads as 0. Settings TFLite
/// cannot initialize (no channels, coefficients above the channel count, limits out of order, a rate &lt;= 0) are errors.
/// </summary>
internal sealed class MfccOp : IOpKernel
{
    /// <summary>Largest filterbank channel count accepted (its DCT table has coefficients x channels doubles).</summary>
    public const int MaxFilterbankChannels = 4096;

    private long _upper, _lower;
    private int _channels, _coefficients, _work;
    private Ref.Mfcc? _tables;

    public void Prepare(OpContext ctx)
    {
        ExpectCounts(ctx, 2, 1);
        try
        {
            if (ctx.CustomOptions.IsEmpty) throw ctx.Fail("custom options are missing: expected a FlexBuffers map (upper_frequency_limit, lower_frequency_limit, filterbank_channel_count, dct_coefficient_count)");
            var m = FlexBuffer.GetRootMap(ctx.CustomOptions);
            long Int(string key) => m.TryGetValue(key, out var v) ? v.AsInt64() : 0;
            _upper = Int("upper_frequency_limit");
            _lower = Int("lower_frequency_limit");
            long channels = Int("filterbank_channel_count"), coefficients = Int("dct_coefficient_count");
            if (channels < 1 || channels > MaxFilterbankChannels)
                throw ctx.Fail($"filterbank_channel_count is {channels}; it must be in [1, {MaxFilterbankChannels}]");
            if (coefficients < 1 || coefficients > channels)
                throw ctx.Fail($"dct_coefficient_count is {coefficients}; it must be in [1, filterbank_channel_count = {channels}]");
            _channels = (int)channels;
            _coefficients = (int)coefficients;
        }
        catch (ModelFormatException e)
        {
            throw ctx.Fail($"custom options: {e.Message}");
        }
        if (_lower < 0 || _upper <= _lower)
            throw ctx.Fail($"frequency limits [{_lower}, {_upper}] must satisfy 0 <= lower_frequency_limit < upper_frequency_limit");
        var spectrogram = ctx.Input(0);
        var rate = ctx.Input(1);
        ExpectType(ctx, spectrogram, "spectrogram", TensorType.Float32);
        ExpectType(ctx, rate, "sample rate", TensorType.Int32);
        ExpectType(ctx, ctx.Output(0), "output", TensorType.Float32);
        if (spectrogram.Rank != 3) throw ctx.Fail($"spectrogram {Describe(spectrogram)} must have shape [channels, frames, bins]");
        if (spectrogram.Dim(2) < 2) throw ctx.Fail($"spectrogram {Describe(spectrogram)} must have at least 2 bins");
        if (rate.ElementCount != 1) throw ctx.Fail($"sample rate {Describe(rate)} must hold exactly one value");
        ctx.ResizeOutput(0, [spectrogram.Dim(0), spectrogram.Dim(1), _coefficients]);
        _work = ctx.RequestScratch(_channels * sizeof(double));
        _tables = null;
        if (rate.IsKnownAtPrepare) _tables = Tables(ctx);
    }

    private Ref.Mfcc Tables(OpContext ctx)
    {
        int rate = ctx.Input(1).GetData<int>()[0];
        int bins = ctx.Input(0).Dim(2);
        if (_tables is { } t && t.SampleRate == rate) return t;
        if (rate <= 0) throw ctx.Fail($"sample rate {Describe(ctx.Input(1))} is {rate}; it must be > 0");
        return Ref.Mfcc.Create(bins, rate, _channels, _coefficients, _lower, _upper)
            ?? throw ctx.Fail($"the mel filterbank cannot be built for {bins} bins at {rate} Hz with limits [{_lower}, {_upper}]");
    }

    public void Eval(OpContext ctx)
    {
        var tables = _tables = Tables(ctx);
        var spectrogram = ctx.Input(0);
        int frames = spectrogram.Dim(0) * spectrogram.Dim(1), bins = spectrogram.Dim(2);
        var input = spectrogram.GetData<float>();
        var output = ctx.Output(0).GetWritableData<float>();
        var work = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, double>(ctx.GetScratch(_work));
        for (int f = 0; f < frames; f++)
            tables.Compute(input.Slice(f * bins, bins), output.Slice(f * _coefficients, _coefficients), work);
    }

    /// <summary>Work: per frame, the bins and the DCT (coefficients x filterbank channels).</summary>
    public static long EstimateWork(OpContext ctx)
    {
        var output = ctx.Output(0);
        var input = ctx.Input(0);
        if (output.Rank != 3 || input.Rank != 3) return OpWork.Linear(ctx);
        long frames = OpWork.Mul(input.Dim(0), input.Dim(1));
        long channels = MaxFilterbankChannels;
        try
        {
            if (FlexBuffer.GetRootMap(ctx.CustomOptions).TryGetValue("filterbank_channel_count", out var v))
                channels = Math.Clamp(v.AsInt64(), 1, MaxFilterbankChannels);
        }
        catch (ModelFormatException) { }
        long dct = OpWork.Mul(output.Dim(2), channels);
        return OpWork.Add(OpWork.Mul(frames, OpWork.Add(input.Dim(2), dct)), OpWork.Linear(ctx));
    }
}
