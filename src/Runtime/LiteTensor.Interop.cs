using System.Numerics.Tensors;
using ManagedLite.Schema;

namespace ManagedLite;

/// <summary>Interop with System.Numerics.Tensors, and quantization helpers.</summary>
public sealed partial class LiteTensor
{
    /// <summary>
    /// The data as a writable <see cref="TensorSpan{T}"/> of this tensor's shape, without copying (valid like
    /// <see cref="GetWritableData{T}"/>: until the interpreter reallocates). <typeparamref name="T"/> must be the
    /// element type; constants cannot be written (use <see cref="AsReadOnlyTensorSpan{T}"/>).
    /// </summary>
    public TensorSpan<T> AsTensorSpan<T>() where T : unmanaged => new(GetWritableData<T>(), NativeLengths());

    /// <summary>The data as a <see cref="ReadOnlyTensorSpan{T}"/> of this tensor's shape, without copying.</summary>
    public ReadOnlyTensorSpan<T> AsReadOnlyTensorSpan<T>() where T : unmanaged => new(GetData<T>(), NativeLengths());

    /// <summary>A copy of the data as a <see cref="Tensor{T}"/> of this tensor's shape.</summary>
    public Tensor<T> ToTensor<T>() where T : unmanaged => Tensor.Create(GetData<T>().ToArray(), NativeLengths());

    /// <summary>Copies <paramref name="source"/> (any strides) into the tensor; its lengths must equal <see cref="Shape"/>.</summary>
    public void CopyFrom<T>(scoped in ReadOnlyTensorSpan<T> source) where T : unmanaged
    {
        var dst = GetWritableData<T>();
        ReadOnlySpan<nint> lengths = source.Lengths;
        bool same = lengths.Length == _shape.Length;
        for (int i = 0; same && i < lengths.Length; i++) same = lengths[i] == _shape[i];
        if (!same)
            throw new TensorException(Name, $"expected a tensor span of shape [{string.Join(",", _shape)}], got [{string.Join(",", lengths.ToArray())}]");
        source.FlattenTo(dst);
    }

    private nint[] NativeLengths()
    {
        var lengths = new nint[_shape.Length];
        for (int i = 0; i < lengths.Length; i++) lengths[i] = _shape[i];
        return lengths;
    }

    /// <summary>
    /// The real values of a quantized tensor (int8, uint8, int16, int32, int64 with scales; per tensor or per channel):
    /// real = scale * (q - zeroPoint). For a float32 tensor, a copy of its data.
    /// </summary>
    public float[] Dequantize()
    {
        var result = new float[ElementCount];
        Dequantize(result);
        return result;
    }

    /// <summary>Writes the real values of the tensor into <paramref name="destination"/> (length <see cref="ElementCount"/>); see <see cref="Dequantize()"/>.</summary>
    public void Dequantize(Span<float> destination)
    {
        if (destination.Length != ElementCount)
            throw new TensorException(Name, $"destination has {destination.Length} elements, the tensor {ElementCount}");
        if (DataType == TensorType.Float32)
        {
            GetData<float>().CopyTo(destination);
            return;
        }
        var (scales, zeroPoints, inner, channels) = QuantizationLayout("dequantize");
        for (int i = 0; i < destination.Length; i++)
        {
            int c = channels == 1 ? 0 : (int)(i / inner % channels);
            destination[i] = (float)(scales[c] * (double)(RawValue(i) - (zeroPoints.Length == 0 ? 0 : zeroPoints[Math.Min(c, zeroPoints.Length - 1)])));
        }
    }

    /// <summary>
    /// Stores real <paramref name="values"/> (length <see cref="ElementCount"/>) in a quantized tensor:
    /// q = clamp(round(value / scale) + zeroPoint) with TFLite's rounding (half away from zero), per tensor or per
    /// channel. For a float32 tensor, a plain copy.
    /// </summary>
    public void Quantize(ReadOnlySpan<float> values)
    {
        if (values.Length != ElementCount)
            throw new TensorException(Name, $"expected {ElementCount} values, got {values.Length}");
        if (DataType == TensorType.Float32)
        {
            values.CopyTo(GetWritableData<float>());
            return;
        }
        var (scales, zeroPoints, inner, channels) = QuantizationLayout("quantize");
        _ = WritableBytes; // throws for constants
        for (int i = 0; i < values.Length; i++)
        {
            int c = channels == 1 ? 0 : (int)(i / inner % channels);
            long zp = zeroPoints.Length == 0 ? 0 : zeroPoints[Math.Min(c, zeroPoints.Length - 1)];
            double q = Math.Round(values[i] / (double)scales[c], MidpointRounding.AwayFromZero) + zp;
            WriteRawValue(i, q);
        }
    }

    private (float[] Scales, long[] ZeroPoints, long Inner, int Channels) QuantizationLayout(string what)
    {
        if (Quantization is not { ScalesArray.Length: > 0 } q)
            throw new TensorException(Name, $"cannot {what}: the {TensorTypes.Name(DataType)} tensor has no quantization scales");
        if (DataType is not (TensorType.Int8 or TensorType.UInt8 or TensorType.Int16 or TensorType.Int32 or TensorType.Int64))
            throw new TensorException(Name, $"cannot {what} a {TensorTypes.Name(DataType)} tensor (int8, uint8, int16, int32 or int64 expected)");
        int channels = q.ScalesArray.Length;
        long inner = 1;
        if (channels > 1)
        {
            int dim = q.QuantizedDimension;
            if ((uint)dim >= (uint)_shape.Length || _shape[dim] != channels)
                throw new TensorException(Name, $"cannot {what}: {channels} scales along dimension {dim} of shape [{string.Join(",", _shape)}]");
            for (int d = dim + 1; d < _shape.Length; d++) inner *= _shape[d];
        }
        return (q.ScalesArray, q.ZeroPointsArray, inner, channels);
    }

    private long RawValue(int i) => DataType switch
    {
        TensorType.Int8 => GetData<sbyte>()[i],
        TensorType.UInt8 => GetData<byte>()[i],
        TensorType.Int16 => GetData<short>()[i],
        TensorType.Int32 => GetData<int>()[i],
        _ => GetData<long>()[i],
    };

    private void WriteRawValue(int i, double q)
    {
        switch (DataType)
        {
            case TensorType.Int8: GetWritableData<sbyte>()[i] = (sbyte)Math.Clamp(q, sbyte.MinValue, sbyte.MaxValue); break;
            case TensorType.UInt8: GetWritableData<byte>()[i] = (byte)Math.Clamp(q, byte.MinValue, byte.MaxValue); break;
            case TensorType.Int16: GetWritableData<short>()[i] = (short)Math.Clamp(q, short.MinValue, short.MaxValue); break;
            case TensorType.Int32: GetWritableData<int>()[i] = (int)Math.Clamp(q, int.MinValue, int.MaxValue); break;
            default: GetWritableData<long>()[i] = (long)Math.Clamp(q, long.MinValue, long.MaxValue); break;
        }
    }
}
