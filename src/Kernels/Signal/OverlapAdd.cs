namespace ManagedLite.Kernels.Signal;

/// <summary>
/// TFLite Micro SignalOverlapAdd: the inverse of framing. Each row holds frames of FrameSize samples spaced
/// FrameStep apart; each frame is added into a FrameSize accumulator (int16 saturates, float adds), the first
/// FrameStep accumulated samples are output, and the accumulator shifts by FrameStep with zeros entering at the
/// end. The accumulators persist across calls and start (and reset) at zero.
/// </summary>
public sealed class OverlapAdd
{
    private readonly int _rows, _frames, _size, _step;
    private readonly short[] _int16; // [rows, size] when int16
    private readonly float[] _float; // [rows, size] when float

    public OverlapAdd(int rows, int framesPerCall, int frameSize, int frameStep, bool isFloat)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(framesPerCall);
        ArgumentOutOfRangeException.ThrowIfLessThan(frameStep, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(frameSize, frameStep);
        _rows = rows;
        _frames = framesPerCall;
        _size = frameSize;
        _step = frameStep;
        _int16 = isFloat ? [] : new short[checked(rows * frameSize)];
        _float = isFloat ? new float[checked(rows * frameSize)] : [];
    }

    public void Reset()
    {
        Array.Clear(_int16);
        Array.Clear(_float);
    }

    /// <summary><paramref name="input"/> is [rows, frames, FrameSize]; <paramref name="output"/> [rows, frames * FrameStep].</summary>
    public void Apply(ReadOnlySpan<short> input, Span<short> output)
    {
        Check(input.Length, output.Length, _int16.Length);
        for (int r = 0; r < _rows; r++)
        {
            var acc = _int16.AsSpan(r * _size, _size);
            for (int f = 0; f < _frames; f++)
            {
                int frame = r * _frames + f;
                var x = input.Slice(frame * _size, _size);
                for (int i = 0; i < _size; i++) acc[i] = (short)Math.Clamp(acc[i] + x[i], short.MinValue, short.MaxValue);
                acc[.._step].CopyTo(output.Slice(frame * _step, _step));
                acc[_step..].CopyTo(acc);
                acc[(_size - _step)..].Clear();
            }
        }
    }

    /// <summary>The float version: plain float additions.</summary>
    public void Apply(ReadOnlySpan<float> input, Span<float> output)
    {
        Check(input.Length, output.Length, _float.Length);
        for (int r = 0; r < _rows; r++)
        {
            var acc = _float.AsSpan(r * _size, _size);
            for (int f = 0; f < _frames; f++)
            {
                int frame = r * _frames + f;
                var x = input.Slice(frame * _size, _size);
                for (int i = 0; i < _size; i++) acc[i] += x[i];
                acc[.._step].CopyTo(output.Slice(frame * _step, _step));
                acc[_step..].CopyTo(acc);
                acc[(_size - _step)..].Clear();
            }
        }
    }

    private void Check(int input, int output, int state)
    {
        if (state != _rows * _size) throw new InvalidOperationException("this overlap-add was built for the other element type");
        if (input != _rows * _frames * _size || output != _rows * _frames * _step)
            throw new ArgumentException("input or output length does not match the overlap-add's shape");
    }
}
