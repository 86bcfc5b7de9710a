using ManagedLite.IO;
using ManagedLite.Robustness;
using ManagedLite.Schema;

namespace ManagedLite.OpConformance;

/// <summary>
/// TFLite's audio custom operators: AudioSpectrogram (power-of-two and other windows, strides below and above the
/// window, several channels, magnitude or squared, input shorter than a window) and Mfcc (typical speech settings,
/// an upper limit past Nyquist, a fed sample rate, after AudioSpectrogram as speech front ends chain them).
/// </summary>
internal static partial class OpCases
{
    private static void AddAudioCases(List<OpCaseFactory> cases)
    {
        var spectrograms = new (string Name, int Samples, int Channels, int Window, int Stride, bool Squared)[]
        {
            ("w256_s128_magnitude", 1600, 1, 256, 128, false),
            ("w300_s100_squared_stereo", 1400, 2, 300, 100, true),
            ("w64_stride_over_window", 700, 1, 64, 100, false),
            ("w2_s1", 40, 3, 2, 1, true),
            ("shorter_than_window", 100, 1, 128, 64, false),
        };
        foreach (var (vname, samples, channels, window, stride, squared) in spectrograms)
        {
            string name = $"audio_spectrogram_{vname}";
            cases.Add(new(name, seed =>
            {
                var d = new CaseData(seed);
                var m = new TinyModel();
                int x = m.Tensor("audio", TensorType.Float32, [samples, channels]);
                int frames = samples < window ? 0 : 1 + (samples - window) / stride;
                int bins = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)window) / 2 + 1;
                int o = m.Tensor("spectrogram", TensorType.Float32, [channels, frames, bins]);
                var opts = new FlexMapWriter().Int("window_size", window).Int("stride", stride).Bool("magnitude_squared", squared).Build();
                m.Custom("AudioSpectrogram", [x], [o], opts).Inputs(x).Outputs(o);
                return new OpCase(name, m.Build(), [d.Array(TensorType.Float32, [samples, channels])]) { Tolerance = 1e-5 };
            }));
        }
        var mfccs = new (string Name, int Bins, int Rate, int Upper, int Lower, int Channels, int Coefficients, bool FedRate)[]
        {
            ("speech_16k", 257, 16000, 4000, 20, 40, 13, false),
            ("wide_band_8k", 129, 8000, 3800, 0, 20, 20, false),
            ("upper_past_nyquist", 65, 8000, 5000, 20, 10, 5, false),
            ("fed_rate", 257, 16000, 7600, 125, 30, 12, true),
        };
        foreach (var v in mfccs)
        {
            string name = $"mfcc_{v.Name}";
            cases.Add(new(name, seed =>
            {
                var d = new CaseData(seed);
                int frames = d.Int(1, 5);
                var power = d.Array(TensorType.Float32, [1, frames, v.Bins], 20f);
                var f = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(power.Data.AsSpan());
                for (int i = 0; i < f.Length; i++) f[i] = i % 17 == 0 ? 0f : f[i] * f[i]; // powers, some zero (log floor)
                var m = new TinyModel();
                int x = m.Tensor("spectrogram", TensorType.Float32, [1, frames, v.Bins]);
                var rateArray = CaseData.Of(TensorType.Int32, [1], v.Rate);
                int r = m.Tensor("rate", TensorType.Int32, [1], v.FedRate ? null : rateArray.Data);
                int o = m.Tensor("mfcc", TensorType.Float32, [1, frames, v.Coefficients]);
                m.Custom("Mfcc", [x, r], [o], MfccOptions(v.Upper, v.Lower, v.Channels, v.Coefficients)).Inputs(v.FedRate ? [x, r] : [x]).Outputs(o);
                return new OpCase(name, m.Build(), v.FedRate ? [power, rateArray] : [power]) { Tolerance = 1e-5 };
            }));
        }
        cases.Add(new("mfcc_after_audio_spectrogram", seed =>
        {
            var d = new CaseData(seed);
            var m = new TinyModel();
            int x = m.Tensor("audio", TensorType.Float32, [2000, 1]);
            int s = m.Tensor("spectrogram", TensorType.Float32, [1, 1, 1]);
            int r = m.ConstInt("rate", [1], 16000);
            int o = m.Tensor("mfcc", TensorType.Float32, [1, 1, 1]);
            m.Custom("AudioSpectrogram", [x], [s], new FlexMapWriter().Int("window_size", 480).Int("stride", 320).Bool("magnitude_squared", true).Build())
             .Custom("Mfcc", [s, r], [o], MfccOptions(4000, 20, 40, 13)).Inputs(x).Outputs(o);
            return new OpCase("mfcc_after_audio_spectrogram", m.Build(), [d.Array(TensorType.Float32, [2000, 1])]) { Tolerance = 1e-5 };
        }));
    }

    private static byte[] MfccOptions(int upper, int lower, int channels, int coefficients) => new FlexMapWriter()
        .Int("upper_frequency_limit", upper).Int("lower_frequency_limit", lower)
        .Int("filterbank_channel_count", channels).Int("dct_coefficient_count", coefficients).Build();
}
