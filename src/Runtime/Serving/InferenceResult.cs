using System.Runtime.InteropServices;
using ManagedLite.Schema;

namespace ManagedLite.Serving;

/// <summary>The outputs of one pooled request, copied out of the interpreter (it serves other requests afterwards).</summary>
public sealed class InferenceResult
{
    internal InferenceResult(long generation, TensorOutput[] outputs)
    {
        Generation = generation;
        Outputs = outputs;
    }

    /// <summary>The model generation that served the request (0 = the pool's first model, +1 per swap).</summary>
    public long Generation { get; }

    /// <summary>Outputs of the primary subgraph, in model order.</summary>
    public IReadOnlyList<TensorOutput> Outputs { get; }

    /// <summary>The output named <paramref name="name"/>; <see cref="KeyNotFoundException"/> lists the names when there is none.</summary>
    public TensorOutput this[string name]
    {
        get
        {
            foreach (var o in Outputs)
                if (o.Name == name) return o;
            throw new KeyNotFoundException($"no output named {ModelText.Quote(name)}; the model has: {string.Join(", ", Outputs.Select(o => ModelText.Quote(o.Name)))}");
        }
    }
}

/// <summary>A copy of one output tensor: name, element type, shape, quantization and raw little-endian bytes.</summary>
public sealed class TensorOutput
{
    internal TensorOutput(LiteTensor tensor)
    {
        Name = tensor.Name;
        DataType = tensor.DataType;
        Shape = tensor.Shape.ToArray();
        Quantization = tensor.Quantization;
        Data = tensor.RawBytes.ToArray();
    }

    /// <summary>Tensor name in the model.</summary>
    public string Name { get; }
    /// <summary>Element type.</summary>
    public TensorType DataType { get; }
    /// <summary>Shape of the output of this request.</summary>
    public IReadOnlyList<int> Shape { get; }
    /// <summary>Affine quantization of the tensor, or null for a float tensor.</summary>
    public TensorQuantization? Quantization { get; }
    /// <summary>Raw little-endian bytes.</summary>
    public byte[] Data { get; }

    /// <summary>The data as elements of <typeparamref name="T"/>, which must be the tensor's element type.</summary>
    public ReadOnlySpan<T> AsSpan<T>() where T : unmanaged
    {
        if (!TensorTypes.Matches<T>(DataType))
            throw new TensorException(Name, $"is {TensorTypes.Name(DataType)}, not {typeof(T).Name}");
        return MemoryMarshal.Cast<byte, T>(Data);
    }

    /// <summary>
    /// The values as float32: float32 as is, float16 widened, int8/uint8/int16/int32 dequantized with the per-tensor
    /// scale and zero point (or converted as they are when the tensor is not quantized).
    /// </summary>
    public float[] ToFloatArray()
    {
        float scale = Quantization is { ScalesArray.Length: 1 } q ? q.Scale : 1f;
        int zero = Quantization is { ScalesArray.Length: 1 } q2 ? q2.ZeroPoint : 0;
        switch (DataType)
        {
            case TensorType.Float32: return AsSpan<float>().ToArray();
            case TensorType.Float16: { var s = AsSpan<Half>(); var r = new float[s.Length]; for (int i = 0; i < s.Length; i++) r[i] = (float)s[i]; return r; }
            case TensorType.Int8: { var s = AsSpan<sbyte>(); var r = new float[s.Length]; for (int i = 0; i < s.Length; i++) r[i] = scale * (s[i] - zero); return r; }
            case TensorType.UInt8: { var s = AsSpan<byte>(); var r = new float[s.Length]; for (int i = 0; i < s.Length; i++) r[i] = scale * (s[i] - zero); return r; }
            case TensorType.Int16: { var s = AsSpan<short>(); var r = new float[s.Length]; for (int i = 0; i < s.Length; i++) r[i] = scale * (s[i] - zero); return r; }
            case TensorType.Int32: { var s = AsSpan<int>(); var r = new float[s.Length]; for (int i = 0; i < s.Length; i++) r[i] = scale * ((long)s[i] - zero); return r; }
            case TensorType.Int64: { var s = AsSpan<long>(); var r = new float[s.Length]; for (int i = 0; i < s.Length; i++) r[i] = s[i]; return r; }
            case TensorType.Bool: { var s = AsSpan<byte>(); var r = new float[s.Length]; for (int i = 0; i < s.Length; i++) r[i] = s[i] != 0 ? 1f : 0f; return r; }
            default: throw new TensorException(Name, $"{TensorTypes.Name(DataType)} values have no float32 view");
        }
    }
}
