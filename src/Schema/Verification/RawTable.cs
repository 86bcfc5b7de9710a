using Google.FlatBuffers;

namespace ManagedLite.Schema.Verification;

/// <summary>Captures the absolute position of a union value table through the generated accessors.</summary>
internal struct RawTable : IFlatbufferObject
{
    public int Position;
    private ByteBuffer _bb;

    public readonly ByteBuffer ByteBuffer => _bb;

    public void __init(int _i, ByteBuffer _bb)
    {
        Position = _i;
        this._bb = _bb;
    }
}
