namespace ManagedLite.Kernels.Signal;

/// <summary>
/// TFLite Micro SignalStacker: stacks LeftContext + 1 + RightContext consecutive int16 frames of Channels values.
/// Each call appends one frame; the very first frame is repeated LeftContext extra times (left padding). When
/// enough frames are buffered, the oldest LeftContext + 1 + RightContext are output and Step frames are dropped;
/// otherwise the output is zeros and not valid. State resets to an empty buffer awaiting its first frame.
/// </summary>
public sealed class Stacker
{
    private readonly int _channels, _left, _step;
    private readonly short[] _buffer; // capacity = channels * (left + right + 1)
    private int _count;
    private bool _hasFirstFrame;

    public Stacker(int channels, int leftContext, int rightContext, int step)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(leftContext);
        ArgumentOutOfRangeException.ThrowIfNegative(rightContext);
        ArgumentOutOfRangeException.ThrowIfLessThan(step, 1);
        int frames = checked(leftContext + rightContext + 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(step, frames);
        _channels = channels;
        _left = leftContext;
        _step = step;
        _buffer = new short[checked(channels * frames)];
    }

    /// <summary>Values of one stacked output frame.</summary>
    public int OutputLength => _buffer.Length;

    public void Reset()
    {
        Array.Clear(_buffer);
        _count = 0;
        _hasFirstFrame = false;
    }

    /// <summary>Appends <paramref name="input"/> (Channels values); returns whether <paramref name="output"/> holds a stacked frame.</summary>
    public bool Apply(ReadOnlySpan<short> input, Span<short> output)
    {
        if (input.Length != _channels || output.Length != _buffer.Length)
            throw new ArgumentException("input or output length does not match the stacker's shape");
        var buffer = _buffer.AsSpan();
        input.CopyTo(buffer[_count..]);
        _count += _channels;
        if (!_hasFirstFrame)
        {
            for (int i = 0; i < _left; i++)
            {
                input.CopyTo(buffer[_count..]);
                _count += _channels;
            }
            _hasFirstFrame = true;
        }
        if (_count < buffer.Length)
        {
            output.Clear();
            return false;
        }
        buffer.CopyTo(output);
        int drop = _step * _channels;
        buffer[drop..].CopyTo(buffer);
        _count -= drop;
        return true;
    }
}
