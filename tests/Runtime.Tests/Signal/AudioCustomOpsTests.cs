using ManagedLite.Robustness;
using ManagedLite.Schema;
using Xunit;

namespace ManagedLite.Runtime.Tests.Signal;

/// <summary>
/// AudioSpectrogram and Mfcc option and shape checks: what TFLite's Initialize rejects (window &lt; 2, stride &lt; 1,
/// coefficients above the channel count, limits out of order, a rate &lt;= 0 fed at run time) is an
/// <see cref="OperatorException"/>, huge windows fail before allocating, and a tone lands in its frequency bin.
/// </summary>
public class AudioCustomOpsTests
{
    private static byte[] Spectrogram(byte[]? options, int samples = 64, int[]? shape = null)
    {
        var m = new TinyModel();
        int x = m.Tensor("audio", TensorType.Float32, shape ?? [samples, 1]);
        int o = m.Tensor("spec", TensorType.Float32, [1, 1, 1]);
        m.Custom("AudioSpectrogram", [x], [o], options).Inputs(x).Outputs(o);
        return m.Build();
    }

    private static byte[] Mfcc(byte[]? options, int bins = 33, bool fedRate = false, int rate = 8000)
    {
        var m = new TinyModel();
        int x = m.Tensor("spec", TensorType.Float32, [1, 2, bins]);
        int r = fedRate ? m.Tensor("rate", TensorType.Int32, [1]) : m.ConstInt("rate", [1], rate);
        int o = m.Tensor("mfcc", TensorType.Float32, [1, 1, 1]);
        m.Custom("Mfcc", [x, r], [o], options).Inputs(fedRate ? [x, r] : [x]).Outputs(o);
        return m.Build();
    }

    private static byte[] SpecOptions(long window, long stride) => new FlexMapWriter().Int("window_size", window).Int("stride", stride).Bool("magnitude_squared", true).Build();

    private static byte[] MfccOptions(long upper = 3000, long lower = 20, long channels = 10, long coefficients = 5) => new FlexMapWriter()
        .Int("upper_frequency_limit", upper).Int("lower_frequency_limit", lower).Int("filterbank_channel_count", channels).Int("dct_coefficient_count", coefficients).Build();

    private static void PrepareFails(byte[] model, string fragment)
    {
        using var interp = new Interpreter(Model.FromBytes(model));
        var e = Assert.Throws<OperatorException>(() => interp.AllocateTensors());
        Assert.Contains(fragment, e.Message);
    }

    [Fact]
    public void SpectrogramOptionsAreChecked()
    {
        PrepareFails(Spectrogram(null), "custom options are missing");
        PrepareFails(Spectrogram(new FlexMapWriter().Int("stride", 4).Build()), "window_size is 0");
        PrepareFails(Spectrogram(SpecOptions(16, 0)), "stride is 0");
        PrepareFails(Spectrogram(SpecOptions(1L << 40, 1)), "window_size is 1099511627776");
        PrepareFails(Spectrogram(SpecOptions(16, 8), shape: [64]), "must have shape [samples, channels]");
    }

    [Fact]
    public void ToneLandsInItsBin()
    {
        using var interp = new Interpreter(Model.FromBytes(Spectrogram(SpecOptions(32, 32), samples: 64)));
        interp.AllocateTensors();
        var audio = new float[64];
        for (int i = 0; i < 64; i++) audio[i] = MathF.Sin(2 * MathF.PI * 4 * i / 32f);
        interp.Inputs[0].CopyFrom<float>(audio);
        interp.Invoke();
        Assert.Equal(new[] { 1, 2, 17 }, interp.Outputs[0].Shape.ToArray());
        var row = interp.Outputs[0].ToArray<float>().AsSpan(0, 17).ToArray();
        Assert.Equal(4, Array.IndexOf(row, row.Max()));
    }

    [Fact]
    public void MfccSettingsTfliteCannotInitializeAreErrors()
    {
        PrepareFails(Mfcc(null), "custom options are missing");
        PrepareFails(Mfcc(MfccOptions(coefficients: 11)), "dct_coefficient_count is 11");
        PrepareFails(Mfcc(MfccOptions(channels: 0)), "filterbank_channel_count is 0");
        PrepareFails(Mfcc(MfccOptions(upper: 20, lower: 20)), "frequency limits [20, 20]");
        PrepareFails(Mfcc(MfccOptions(), bins: 1), "at least 2 bins");
        PrepareFails(Mfcc(MfccOptions(), rate: 0), "is 0; it must be > 0");
        using var interp = new Interpreter(Model.FromBytes(Mfcc(MfccOptions(), fedRate: true)));
        interp.AllocateTensors();
        interp.Inputs[0].CopyFrom(new float[66]);
        interp.Inputs[1].CopyFrom<int>([-8000]);
        var e = Assert.Throws<OperatorException>(() => interp.Invoke());
        Assert.Contains("must be > 0", e.Message);
        interp.Inputs[1].CopyFrom<int>([8000]);
        interp.Invoke();
        // Silence: every filterbank channel is floored at 1e-12 before the log, so only the DC coefficient is non-zero.
        var c = interp.Outputs[0].ToArray<float>();
        Assert.Equal((float)(Math.Log(1e-12) * Math.Sqrt(2.0 / 10) * 10), c[0], 3);
        Assert.All(c.AsSpan(1, 4).ToArray(), v => Assert.True(Math.Abs(v) < 1e-4));
    }
}
