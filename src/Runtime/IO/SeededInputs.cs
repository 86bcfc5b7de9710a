using System.Buffers.Binary;
using ManagedLite.Schema;

namespace ManagedLite.IO;

/// <summary>
/// Deterministic pseudo-random tensor data (Mulberry32), bit-identical to the LiteRT.js oracle script in
/// tools/oracle: one stream per run, filling input 0, then input 1, ... in C order. Float32 values are in
/// [-1, 1) (exactly representable), int8 and uint8 cover their full range, int16/int32/int64 are in [-1000, 1000].
/// </summary>
public sealed class SeededInputs
{
    private uint _state;

    /// <summary>A generator started from <paramref name="seed"/>.</summary>
    public SeededInputs(uint seed) => _state = seed;

    /// <summary>The next 32-bit value.</summary>
    public uint Next()
    {
        _state += 0x6D2B79F5u;
        uint t = _state;
        t = (t ^ (t >> 15)) * (t | 1u);
        t ^= t + (t ^ (t >> 7)) * (t | 61u);
        return t ^ (t >> 14);
    }

    /// <summary>The next value in [-1, 1).</summary>
    public float NextFloat() => ((int)(Next() >> 8) - 8388608) / 8388608f;

    /// <summary>Fills <paramref name="bytes"/> (elements of <paramref name="type"/>) from the stream.</summary>
    public void Fill(TensorType type, Span<byte> bytes)
    {
        switch (type)
        {
            case TensorType.Float32:
                for (int i = 0; i + 4 <= bytes.Length; i += 4) BinaryPrimitives.WriteSingleLittleEndian(bytes[i..], NextFloat());
                break;
            case TensorType.Float16:
                for (int i = 0; i + 2 <= bytes.Length; i += 2) BinaryPrimitives.WriteHalfLittleEndian(bytes[i..], (Half)NextFloat());
                break;
            case TensorType.Int8:
                for (int i = 0; i < bytes.Length; i++) bytes[i] = (byte)(sbyte)((int)(Next() >> 24) - 128);
                break;
            case TensorType.UInt8:
                for (int i = 0; i < bytes.Length; i++) bytes[i] = (byte)(Next() >> 24);
                break;
            case TensorType.Bool:
                for (int i = 0; i < bytes.Length; i++) bytes[i] = (byte)(Next() >> 31);
                break;
            case TensorType.Int16:
                for (int i = 0; i + 2 <= bytes.Length; i += 2) BinaryPrimitives.WriteInt16LittleEndian(bytes[i..], (short)(Next() % 2001 - 1000));
                break;
            case TensorType.Int32:
                for (int i = 0; i + 4 <= bytes.Length; i += 4) BinaryPrimitives.WriteInt32LittleEndian(bytes[i..], (int)(Next() % 2001) - 1000);
                break;
            case TensorType.Int64:
                for (int i = 0; i + 8 <= bytes.Length; i += 8) BinaryPrimitives.WriteInt64LittleEndian(bytes[i..], (long)(Next() % 2001) - 1000);
                break;
            default:
                throw new NotSupportedException($"no seeded generator for {TensorTypes.Name(type)} tensors");
        }
    }

    /// <summary>Fills every input of <paramref name="interpreter"/> (allocating tensors first) from seed <paramref name="seed"/>.</summary>
    public static void FillInputs(Interpreter interpreter, uint seed)
    {
        interpreter.AllocateTensors();
        var gen = new SeededInputs(seed);
        var inputs = interpreter.Inputs;
        for (int i = 0; i < inputs.Count; i++)
        {
            if (inputs[i].DataType == TensorType.String) interpreter.SetInputStrings(i, gen.Strings(inputs[i].ElementCount));
            else gen.Fill(inputs[i].DataType, inputs[i].WritableBytes);
        }
    }

    /// <summary><paramref name="count"/> seeded strings for string inputs: one to four words "w0".."w99" separated by spaces.</summary>
    public string[] Strings(long count)
    {
        var result = new string[count];
        for (long i = 0; i < count; i++)
            result[i] = string.Join(' ', Enumerable.Range(0, 1 + (int)(Next() % 4)).Select(_ => "w" + (Next() % 100).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return result;
    }
}
