namespace ManagedLite.Kernels.Signal;

/// <summary>
/// TFLite Micro SignalFramer: cuts each row of an int16 stream into overlapping frames of FrameSize samples,
/// FrameStep apart. Each call takes FramesPerCall * FrameStep new samples per row; for each step it appends the
/// samples to the row's buffer and, once FrameSize samples are buffered, emits the oldest FrameSize samples and
/// drops FrameStep of them. With prefill the buffer starts with FrameSize - FrameStep zeros, so every frame is
/// valid. A frame that cannot be produced yet is written as zeros (TFLite Micro leaves it undefined) and clears
/// the valid flag of the call.
/// </summary>
public sealed class Framer
{
    private readonly int _rows, _size, _step, _frames;
    private readonly bool _prefill;
    private readonly short[] _buffer; // [rows, capacity]
    private readonly int[] _count;    // buffered samples per row
    private readonly int _capacity;

    public Framer(int rows, int framesPerCall, int frameSize, int frameStep, bool prefill)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(framesPerCall);
        ArgumentOutOfRangeException.ThrowIfLessThan(frameSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(frameStep, 1);
        if (prefill && frameSize < frameStep) throw new ArgumentException("prefill needs frame_size >= frame_step");
        _rows = rows;
        _frames = framesPerCall;
        _size = frameSize;
        _step = frameStep;
        _prefill = prefill;
        // The smallest multiple of the step that holds a frame, as TFLite Micro sizes its circular buffer.
        _capacity = checked((frameSize + frameStep - 1) / frameStep * frameStep);
        _buffer = new short[checked(rows * _capacity)];
        _count = new int[rows];
        Reset();
    }

    public int FrameSize => _size;

    /// <summary>Empties every row's buffer (then prefills it with zeros when configured).</summary>
    public void Reset()
    {
        Array.Clear(_buffer);
        Array.Fill(_count, _prefill ? _size - _step : 0);
    }

    /// <summary>
    /// One call: <paramref name="input"/> is [rows, FramesPerCall * FrameStep], <paramref name="output"/>
    /// [rows, FramesPerCall, FrameSize]. Returns whether every frame was produced.
    /// </summary>
    public bool Apply(ReadOnlySpan<short> input, Span<short> output)
    {
        if (input.Length != _rows * _frames * _step || output.Length != _rows * _frames * _size)
            throw new ArgumentException("input or output length does not match the framer's shape");
        bool valid = true;
        for (int r = 0; r < _rows; r++)
        {
            var buffer = _buffer.AsSpan(r * _capacity, _capacity);
            ref int count = ref _count[r];
            for (int f = 0; f < _frames; f++)
            {
                int frame = r * _frames + f;
                input.Slice(frame * _step, _step).CopyTo(buffer[count..]);
                count += _step;
                var dst = output.Slice(frame * _size, _size);
                if (count >= _size)
                {
                    buffer[.._size].CopyTo(dst);
                    buffer[_step..count].CopyTo(buffer);
                    count -= _step;
                }
                else
                {
                    dst.Clear();
                    valid = false;
                }
            }
        }
        return valid;
    }
}
