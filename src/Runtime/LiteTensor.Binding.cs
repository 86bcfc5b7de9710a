using System.Buffers;

namespace ManagedLite;

/// <summary>Caller-owned memory bound to a graph input or output (<see cref="Interpreter.BindInput{T}(int, Memory{T})"/>).</summary>
public sealed partial class LiteTensor
{
    private MemoryHandle _boundPin;
    private unsafe byte* _bound;
    private int _boundBytes;

    /// <summary>True while caller memory is bound to this tensor (see <see cref="Interpreter.BindInput{T}(int, Memory{T})"/>).</summary>
    public unsafe bool IsBound => _bound != null;

    /// <summary>
    /// Whether reads and writes go to the bound memory: for tensors the schedule writes during Invoke (or inputs). A
    /// bound output that the runtime keeps elsewhere (computed at preparation, or shaped at run time) is copied into the
    /// bound memory after each Invoke instead (<see cref="CopyToBound"/>).
    /// </summary>
    private bool UsesBoundMemory => IsBound && !IsConstant && !IsPersistent && !IsDynamic;

    internal unsafe void Bind(MemoryHandle pin, int byteLength)
    {
        Unbind();
        _boundPin = pin;
        _bound = (byte*)pin.Pointer;
        _boundBytes = byteLength;
    }

    internal unsafe void Unbind()
    {
        if (_bound == null) return;
        _bound = null;
        _boundBytes = 0;
        _boundPin.Dispose();
        _boundPin = default;
    }

    internal void CheckBoundSize()
    {
        if (UsesBoundMemory) _ = BoundSpan();
    }

    private unsafe Span<byte> BoundSpan()
    {
        if (_boundBytes != ByteLength)
            throw new TensorException(Name, $"the bound memory holds {_boundBytes} bytes but shape [{string.Join(",", _shape)}] of {TensorTypes.Name(DataType)} needs {ByteLength}: bind memory of the new size after a resize");
        return new Span<byte>(_bound, _boundBytes);
    }

    /// <summary>After Invoke: a bound output kept outside the bound memory is copied into it (one copy, sizes checked).</summary>
    internal void CopyToBound()
    {
        if (!IsBound || UsesBoundMemory) return;
        var source = IsConstant ? _constant.Span : new ReadOnlySpan<byte>(_array, _offset, ByteLength);
        source.CopyTo(BoundSpan());
    }
}
