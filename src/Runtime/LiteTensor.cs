using System.Runtime.InteropServices;
using ManagedLite.Schema;

namespace ManagedLite;

/// <summary>
/// A tensor of an interpreter: metadata plus typed access to its data. Data lives in the interpreter's
/// arena (activations), in the model bytes (constants, read-only) or in its own buffer (variables and
/// dynamic tensors). Element access is type-checked: asking for the wrong element type is an error.
/// Not thread-safe: a tensor belongs to its interpreter and is used on the thread that runs it; spans it
/// hands out are valid until the next AllocateTensors, resize or Dispose of that interpreter.
/// </summary>
public sealed partial class LiteTensor
{
    private int[] _shape;
    private byte[]? _array;          // arena or own buffer
    private int _offset;
    private ReadOnlyMemory<byte> _constant;

    internal LiteTensor(int index, string name, TensorType type, int[] shape, int[]? shapeSignature,
                    TensorQuantization? quantization, bool isVariable)
    {
        Index = index;
        Name = name;
        DataType = type;
        _shape = shape;
        ShapeSignatureArray = shapeSignature;
        Quantization = quantization;
        IsVariable = isVariable;
    }

    /// <summary>Index of the tensor in its subgraph.</summary>
    public int Index { get; }
    /// <summary>Name in the model.</summary>
    public string Name { get; }
    /// <summary>Element type.</summary>
    public TensorType DataType { get; }
    /// <summary>Current shape (after resizing and shape propagation).</summary>
    public ReadOnlySpan<int> Shape => _shape;
    internal int[] ShapeArray => _shape;
    /// <summary>Number of dimensions.</summary>
    public int Rank => _shape.Length;
    /// <summary>Shape with -1 for dynamic dimensions (the shape itself when the model gives no signature).</summary>
    public ReadOnlySpan<int> ShapeSignature => ShapeSignatureArray ?? _shape;
    internal int[]? ShapeSignatureArray { get; }
    /// <summary>Affine quantization parameters, or null for a float tensor.</summary>
    public TensorQuantization? Quantization { get; }
    /// <summary>Sparsity metadata of a sparse constant (input of DENSIFY), or null.</summary>
    internal SparsityDef? Sparsity { get; init; }
    /// <summary>Blockwise quantization (scale and zero-point tensors of the subgraph, block size), or null.</summary>
    internal BlockwiseQuantizationDef? Blockwise { get; init; }
    /// <summary>Set on outputs between AllocateTensors and the first Invoke: reading them is an error.</summary>
    internal bool Pending { get; set; }
    /// <summary>True for constant tensors of the model (weights): read-only, backed by the model bytes.</summary>
    public bool IsConstant { get; private set; }
    /// <summary>True for variable tensors (state kept across invokes, for example LSTM cell state).</summary>
    public bool IsVariable { get; }
    /// <summary>
    /// The shape is known only when the producing node runs (data-dependent output shapes, outputs of
    /// control flow whose body changes shapes): the data lives in the tensor's own buffer, outside the arena,
    /// reused across invokes while it does not grow.
    /// </summary>
    public bool IsDynamic { get; internal set; }
    /// <summary>
    /// The value was computed during preparation (for example SHAPE of a tensor whose shape is fixed, and what
    /// follows from it): kernels may read it in Prepare like a constant.
    /// </summary>
    public bool IsPersistent { get; internal set; }
    /// <summary>True when the data can be read in Prepare: a constant, or a value computed during preparation.</summary>
    public bool IsKnownAtPrepare => IsConstant || IsPersistent;
    private byte[]? _own; // own buffer of dynamic and persistent tensors (not the arena)
    /// <summary>True once the tensor has storage (after AllocateTensors, or always for constants).</summary>
    public bool HasData => IsConstant || _array is not null;
    /// <summary>Bytes of data for the current shape.</summary>
    public int ByteLength { get; private set; }

    /// <summary>Number of elements (product of the shape).</summary>
    public long ElementCount
    {
        get
        {
            long n = 1;
            foreach (int d in _shape) n *= d;
            return n;
        }
    }

    /// <summary>Dimension <paramref name="i"/> of the current shape.</summary>
    public int Dim(int i) => _shape[i];

    /// <summary>The data as read-only elements of <typeparamref name="T"/>, which must be this tensor's element type.</summary>
    public ReadOnlySpan<T> GetData<T>() where T : unmanaged
    {
        CheckType<T>();
        return MemoryMarshal.Cast<byte, T>(RawBytes);
    }

    /// <summary>The data as writable elements of <typeparamref name="T"/>; constants cannot be written.</summary>
    public Span<T> GetWritableData<T>() where T : unmanaged
    {
        CheckType<T>();
        return MemoryMarshal.Cast<byte, T>(WritableBytes);
    }

    /// <summary>Copies <paramref name="source"/> into the tensor; its length must equal the element count.</summary>
    public void CopyFrom<T>(ReadOnlySpan<T> source) where T : unmanaged
    {
        var dst = GetWritableData<T>();
        if (source.Length != dst.Length)
            throw new TensorException(Name, $"expected {dst.Length} elements of {TensorTypes.Name(DataType)} (shape [{string.Join(",", _shape)}]), got {source.Length}");
        source.CopyTo(dst);
    }

    /// <summary>A copy of the data as an array of <typeparamref name="T"/>.</summary>
    public T[] ToArray<T>() where T : unmanaged => GetData<T>().ToArray();

    /// <summary>The raw little-endian bytes of the data.</summary>
    public ReadOnlySpan<byte> RawBytes
    {
        get
        {
            if (IsConstant) return _constant.Span;
            if (UsesBoundMemory) return BoundSpan();
            if (_array is null) throw new TensorException(Name, "has no data yet: call AllocateTensors (and Invoke for outputs) first");
            if (Pending) throw new TensorException(Name, "is an output that has not been computed yet: call Invoke first");
            return new ReadOnlySpan<byte>(_array, _offset, ByteLength);
        }
    }

    /// <summary>The raw bytes, writable. Throws for constant tensors.</summary>
    public Span<byte> WritableBytes
    {
        get
        {
            if (IsConstant) throw new TensorException(Name, "is a constant of the model and cannot be written");
            if (UsesBoundMemory) return BoundSpan();
            if (_array is null) throw new TensorException(Name, "has no data yet: call AllocateTensors first");
            return new Span<byte>(_array, _offset, ByteLength);
        }
    }

    internal void CheckType<T>() where T : unmanaged
    {
        if (!TensorTypes.Matches<T>(DataType))
            throw new TensorException(Name, $"holds {TensorTypes.Name(DataType)} elements, not {typeof(T).Name}");
    }

    internal void SetShape(int[] shape) => _shape = shape;

    /// <summary>
    /// Gives the tensor its own buffer of <paramref name="bytes"/> bytes (dynamic and persistent tensors), reusing
    /// the previous one when it is large enough. Returns the bytes newly allocated (0 when reused).
    /// </summary>
    internal long UseOwnStorage(int bytes)
    {
        long allocated = 0;
        if (_own is null || _own.Length < bytes)
        {
            allocated = bytes - (_own?.Length ?? 0);
            _own = null;
            _own = new byte[bytes];
        }
        IsConstant = false;
        _array = _own;
        _offset = 0;
        ByteLength = bytes;
        return allocated;
    }

    /// <summary>Bytes held by the tensor's own buffer (dynamic and persistent tensors).</summary>
    internal long OwnBytes => _own?.Length ?? 0;

    internal void SetConstant(ReadOnlyMemory<byte> data)
    {
        IsConstant = true;
        _constant = data;
        _array = null;
        ByteLength = data.Length;
    }

    internal void SetStorage(byte[] array, int offset, int byteLength)
    {
        IsConstant = false;
        _array = array;
        _offset = offset;
        ByteLength = byteLength;
    }

    internal void ClearStorage()
    {
        if (!IsConstant) _array = null;
        _own = null;
        Unbind();
    }

    /// <summary>Bytes needed for the current shape, or -1 on overflow / unknown element size.</summary>
    internal long RequiredBytes()
    {
        // Resource and variant tensors hold one int32 handle per element in the runtime.
        int size = DataType is TensorType.Resource or TensorType.Variant ? 4 : TensorTypes.ElementSize(DataType);
        if (size == 0) return -1;
        long n = size;
        foreach (int d in _shape)
        {
            if (d < 0) return -1;
            n *= d;
            if (n > int.MaxValue) return -1;
        }
        return n;
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name} {TensorTypes.Name(DataType)}[{string.Join(",", _shape)}]";
}
