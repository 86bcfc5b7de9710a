namespace ManagedLite.Kernels.Reference;

/// <summary>
/// Mfcc (TFLite's mfcc.cc and internal/mfcc*.cc): mel-frequency cepstral coefficients of each spectrogram frame (power
/// spectrum bins, as AudioSpectrogram with magnitude_squared writes): a triangular mel filterbank over the bins' square
/// roots, the log (floored at 1e-12) and a DCT-II, all in double, rounded to float. The tables depend on the bin count
/// and the sample rate; <see cref="Create"/> returns null where TFLite's initialization fails.
/// </summary>
public sealed class Mfcc
{
    private const double FilterbankFloor = 1e-12;

    private readonly int _channels, _coefficients, _bins, _start, _end;
    private readonly int[] _bandMapper;
    private readonly double[] _weights;
    private readonly double[] _cosines; // [coefficients, channels]

    public int SampleRate { get; }

    private Mfcc(int bins, int sampleRate, int channels, int coefficients, double lower, double upper)
    {
        _bins = bins; SampleRate = sampleRate; _channels = channels; _coefficients = coefficients;
        var centres = new double[channels + 1];
        double melLow = FreqToMel(lower), melHigh = FreqToMel(upper);
        double spacing = (melHigh - melLow) / (channels + 1);
        for (int i = 0; i < channels + 1; i++) centres[i] = melLow + spacing * (i + 1);
        double hzPerBin = 0.5 * sampleRate / (bins - 1);
        _start = (int)(1.5 + lower / hzPerBin);
        _end = (int)(upper / hzPerBin);
        _bandMapper = new int[bins];
        _weights = new double[bins];
        int channel = 0;
        for (int i = 0; i < bins; i++)
        {
            double melf = FreqToMel(i * hzPerBin);
            if (i < _start || i > _end) { _bandMapper[i] = -2; continue; }
            while (channel < channels && centres[channel] < melf) channel++;
            _bandMapper[i] = channel - 1;
        }
        for (int i = 0; i < bins; i++)
        {
            if (i < _start || i > _end) continue;
            int c = _bandMapper[i];
            double melf = FreqToMel(i * hzPerBin);
            _weights[i] = c >= 0 ? (centres[c + 1] - melf) / (centres[c + 1] - centres[c]) : (centres[0] - melf) / (centres[0] - melLow);
        }
        _cosines = new double[coefficients * channels];
        double fnorm = Math.Sqrt(2.0 / channels);
        double arg = Math.Atan(1.0) * 4.0 / channels;
        for (int i = 0; i < coefficients; i++)
            for (int j = 0; j < channels; j++) _cosines[i * channels + j] = fnorm * Math.Cos(i * arg * (j + 0.5));
    }

    /// <summary>The tables, or null when TFLite's Mfcc::Initialize fails (its Eval then reports an error).</summary>
    public static Mfcc? Create(int bins, int sampleRate, int filterbankChannels, int coefficients, double lowerFrequency, double upperFrequency)
    {
        if (filterbankChannels < 1 || sampleRate <= 0 || bins < 2 || lowerFrequency < 0 || upperFrequency <= lowerFrequency) return null;
        if (coefficients < 1 || coefficients > filterbankChannels) return null;
        double hzPerBin = 0.5 * sampleRate / (bins - 1);
        // TFLite converts these bin indices with static_cast<int>; keep them in range (they only bound the loops).
        if (1.5 + lowerFrequency / hzPerBin > int.MaxValue || upperFrequency / hzPerBin > int.MaxValue) return null;
        return new Mfcc(bins, sampleRate, filterbankChannels, coefficients, lowerFrequency, upperFrequency);
    }

    /// <summary>1127 ln(1 + f / 700), with an accurate log1p.</summary>
    private static double FreqToMel(double freq) => 1127.0 * Log1P(freq / 700.0);

    private static double Log1P(double x)
    {
        double u = 1.0 + x;
        return u == 1.0 ? x : Math.Log(u) * (x / (u - 1.0));
    }

    /// <summary>
    /// One frame: <paramref name="frame"/> has the bin count, <paramref name="output"/> the coefficient count;
    /// <paramref name="work"/> holds filterbank-channel doubles. As in TFLite, when the upper frequency limit's bin lies
    /// past the spectrum the filterbank produces nothing and every coefficient is 0.
    /// </summary>
    public void Compute(ReadOnlySpan<float> frame, Span<float> output, Span<double> work)
    {
        if (frame.Length != _bins || output.Length != _coefficients || work.Length < _channels) throw new ArgumentException("buffer sizes do not match the Mfcc tables");
        if (_bins <= _end)
        {
            output.Clear();
            return;
        }
        var bank = work.Slice(0, _channels);
        bank.Clear();
        for (int i = _start; i <= _end; i++)
        {
            double spec = Math.Sqrt((double)frame[i]);
            double weighted = spec * _weights[i];
            int c = _bandMapper[i];
            if (c >= 0) bank[c] += weighted;
            c++;
            if (c < _channels) bank[c] += spec - weighted;
        }
        for (int i = 0; i < _channels; i++) bank[i] = Math.Log(bank[i] < FilterbankFloor ? FilterbankFloor : bank[i]);
        for (int i = 0; i < _coefficients; i++)
        {
            double sum = 0.0;
            for (int j = 0; j < _channels; j++) sum += _cosines[i * _channels + j] * bank[j];
            output[i] = (float)sum;
        }
    }
}
