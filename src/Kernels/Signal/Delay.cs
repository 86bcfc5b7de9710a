namespace ManagedLite.Kernels.Signal;

/// <summary>
/// TFLite Micro SignalDelay: every row (the innermost dimension) of an int16 signal delayed by DelayLength samples
/// across calls. The first call outputs DelayLength zeros followed by the start of its input; the last DelayLength
/// samples of each row are kept for the next call. State is per row and starts (and resets) to zeros.
/// </summary>
public sealed class Delay
{
    private readonly int _rows, _frame, _delay;
    private readonly short[] _state;   // [rows, delay]: the most recent delay samples of each row, oldest first
    private readonly short[] _scratch; // [delay + frame]

    public Delay(int rows, int frameSize, int delayLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(frameSize);
        ArgumentOutOfRangeException.ThrowIfNegative(delayLength);
        _rows = rows;
        _frame = frameSize;
        _delay = delayLength;
        _state = new short[checked(rows * delayLength)];
        _scratch = new short[checked(delayLength + frameSize)];
    }

    /// <summary>Back to the state of a new node: DelayLength zeros in every row.</summary>
    public void Reset() => Array.Clear(_state);

    /// <summary>Delays <paramref name="input"/> ([rows, frame]) into <paramref name="output"/> (same shape).</summary>
    public void Apply(ReadOnlySpan<short> input, Span<short> output)
    {
        if (input.Length != _rows * _frame || output.Length != _rows * _frame)
            throw new ArgumentException($"input and output must hold {_rows * _frame} samples");
        var line = _scratch.AsSpan();
        for (int r = 0; r < _rows; r++)
        {
            var state = _state.AsSpan(r * _delay, _delay);
            // The row's line is the kept samples followed by the new ones; the output is its first frame samples
            // and the new state its last delay samples.
            state.CopyTo(line);
            input.Slice(r * _frame, _frame).CopyTo(line[_delay..]);
            line[.._frame].CopyTo(output.Slice(r * _frame, _frame));
            line[_frame..].CopyTo(state);
        }
    }
}
