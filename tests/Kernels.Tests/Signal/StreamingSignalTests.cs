using ManagedLite.Kernels.Signal;
using Xunit;

namespace ManagedLite.Kernels.Tests.Signal;

/// <summary>
/// Delay, Framer, OverlapAdd and Stacker on random streams fed in chunks, against what each computes on the whole
/// stream (written here independently of the kernels' buffering): a shift, windows, a sum of shifted frames, stacked
/// windows of the left-padded frame sequence. Also: Reset returns each to its initial state.
/// </summary>
public class StreamingSignalTests
{
    [Theory]
    [InlineData(1, 8, 3)]
    [InlineData(1, 3, 5)]
    [InlineData(4, 7, 0)]
    [InlineData(3, 5, 11)]
    public void DelayShiftsEachRowsStream(int rows, int frame, int delay)
    {
        var rng = new Random(rows * 100 + frame * 10 + delay);
        int calls = 6;
        var stream = new short[rows, calls * frame];
        for (int r = 0; r < rows; r++) for (int i = 0; i < calls * frame; i++) stream[r, i] = (short)rng.Next(short.MinValue, short.MaxValue + 1);
        var d = new Delay(rows, frame, delay);
        for (int pass = 0; pass < 2; pass++)
        {
            for (int c = 0; c < calls; c++)
            {
                var input = new short[rows * frame];
                for (int r = 0; r < rows; r++) for (int i = 0; i < frame; i++) input[r * frame + i] = stream[r, c * frame + i];
                var output = new short[rows * frame];
                d.Apply(input, output);
                for (int r = 0; r < rows; r++)
                    for (int i = 0; i < frame; i++)
                    {
                        int t = c * frame + i - delay;
                        Assert.Equal(t < 0 ? (short)0 : stream[r, t], output[r * frame + i]);
                    }
            }
            d.Reset();
        }
    }

    [Theory]
    [InlineData(400, 160, true, 1)]
    [InlineData(400, 160, false, 2)]
    [InlineData(5, 2, false, 2)]
    [InlineData(2, 3, false, 1)]   // frames shorter than the step skip samples
    [InlineData(6, 6, true, 3)]
    public void FramerCutsWindowsOfTheStream(int size, int step, bool prefill, int framesPerCall)
    {
        var rng = new Random(size + step);
        int calls = 8, rows = 2, n = framesPerCall * step;
        var stream = new short[rows, calls * n];
        for (int r = 0; r < rows; r++) for (int i = 0; i < calls * n; i++) stream[r, i] = (short)rng.Next(-30000, 30000);
        // With prefill the stream is preceded by size - step zeros.
        int lead = prefill ? size - step : 0;
        short At(int r, int t) => t < lead ? (short)0 : stream[r, t - lead];
        var framer = new Framer(rows, framesPerCall, size, step, prefill);
        for (int pass = 0; pass < 2; pass++)
        {
            int produced = 0;
            for (int c = 0; c < calls; c++)
            {
                var input = new short[rows * n];
                for (int r = 0; r < rows; r++) for (int i = 0; i < n; i++) input[r * n + i] = stream[r, c * n + i];
                var output = new short[rows * framesPerCall * size];
                bool valid = framer.Apply(input, output);
                bool allValid = true;
                for (int f = 0; f < framesPerCall; f++)
                {
                    // The frame made after this step's samples ends at the latest sample if enough are buffered.
                    int end = lead + (c * framesPerCall + f + 1) * step;
                    bool ready = end >= size;
                    allValid &= ready;
                    int start = ready ? produced * step : 0;
                    for (int r = 0; r < rows; r++)
                        for (int i = 0; i < size; i++)
                            Assert.Equal(ready ? At(r, start + i) : (short)0, output[(r * framesPerCall + f) * size + i]);
                    if (ready) produced++;
                }
                Assert.Equal(allValid, valid);
            }
            framer.Reset();
        }
    }

    [Theory]
    [InlineData(3, 1, 1)]
    [InlineData(8, 4, 3)]
    [InlineData(7, 7, 2)]
    [InlineData(10, 3, 1)]
    public void OverlapAddSumsShiftedFrames(int size, int step, int framesPerCall)
    {
        var rng = new Random(size * 7 + step);
        int calls = 5, total = calls * framesPerCall;
        var frames = new float[total, size];
        for (int j = 0; j < total; j++) for (int i = 0; i < size; i++) frames[j, i] = rng.Next(-1000, 1000);
        var asFloat = new OverlapAdd(1, framesPerCall, size, step, isFloat: true);
        var asInt = new OverlapAdd(1, framesPerCall, size, step, isFloat: false);
        for (int c = 0; c < calls; c++)
        {
            var input = new float[framesPerCall * size];
            for (int f = 0; f < framesPerCall; f++) for (int i = 0; i < size; i++) input[f * size + i] = frames[c * framesPerCall + f, i];
            var y = new float[framesPerCall * step];
            var yi = new short[framesPerCall * step];
            asFloat.Apply(input, y);
            asInt.Apply(input.Select(v => (short)v).ToArray(), yi);
            for (int k = 0; k < framesPerCall * step; k++)
            {
                // Output sample t of the whole stream: every frame j covering it (j * step <= t < j * step + size).
                int t = c * framesPerCall * step + k;
                float want = 0;
                for (int j = 0; j < total; j++)
                    if (j * step <= t && t < j * step + size) want += frames[j, t - j * step];
                Assert.Equal(want, y[k]);
                Assert.Equal((short)want, yi[k]);
            }
        }
    }

    [Fact]
    public void OverlapAddSaturatesInt16Accumulators()
    {
        var oa = new OverlapAdd(1, 1, 2, 1, isFloat: false);
        var y = new short[1];
        oa.Apply([30000, 30000], y);
        Assert.Equal(30000, y[0]);
        oa.Apply([30000, 0], y);
        Assert.Equal(short.MaxValue, y[0]); // 30000 + 30000 saturates
        oa.Apply([-30000, -30000], y);
        oa.Apply([-30000, 0], y);
        Assert.Equal(short.MinValue, y[0]);
    }

    [Theory]
    [InlineData(3, 1, 0, 1)]
    [InlineData(10, 1, 0, 2)]
    [InlineData(4, 2, 3, 1)]
    [InlineData(2, 0, 2, 3)]
    [InlineData(5, 3, 1, 5)]
    public void StackerStacksWindowsOfTheLeftPaddedFrames(int channels, int left, int right, int step)
    {
        var rng = new Random(channels * 1000 + left * 100 + right * 10 + step);
        int calls = 12, window = left + 1 + right;
        var frames = new short[calls][];
        for (int j = 0; j < calls; j++) frames[j] = Enumerable.Range(0, channels).Select(_ => (short)rng.Next(-32768, 32768)).ToArray();
        // The frame sequence the stacker sees: the first frame left + 1 times, then the others.
        var padded = Enumerable.Repeat(frames[0], left).Concat(frames).ToList();
        var stacker = new Stacker(channels, left, right, step);
        for (int pass = 0; pass < 2; pass++)
        {
            int emitted = 0;
            for (int c = 0; c < calls; c++)
            {
                var output = new short[channels * window];
                bool valid = stacker.Apply(frames[c], output);
                int available = left + c + 1 - emitted * step; // padded frames received, less those dropped
                Assert.Equal(available >= window, valid);
                if (!valid)
                {
                    Assert.All(output, v => Assert.Equal(0, v));
                    continue;
                }
                var want = padded.Skip(emitted * step).Take(window).SelectMany(f => f).ToArray();
                Assert.Equal(want, output);
                emitted++;
            }
            stacker.Reset();
        }
    }
}
