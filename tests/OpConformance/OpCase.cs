using System.Runtime.InteropServices;
using ManagedLite.IO;
using ManagedLite.Robustness;
using ManagedLite.Schema;

namespace ManagedLite.OpConformance;

/// <summary>
/// One single-operator (or small) model with its inputs, built deterministically from a seed by the project's own
/// model builder. Its reference outputs come from native TFLite's reference kernels (scripts/gen-op-references.sh
/// writes them under references/NAME/), never from ManagedLite.
/// </summary>
internal sealed record OpCase(string Name, byte[] Model, NpyArray[] Inputs)
{
    /// <summary>Float outputs may differ from the reference by this much, relative to max(1, max |reference|).</summary>
    public double Tolerance { get; init; } = 1e-5;
    /// <summary>Subgraph to run (tflite_run --subgraph); 0 = the primary one.</summary>
    public int Subgraph { get; init; }
    /// <summary>Why the case is not compared against native TFLite (it rejects or crashes on it); null = compared.</summary>
    public string? NativeUnsupported { get; init; }
    /// <summary>
    /// tflite_run's kernel set for the reference: "ref" (TFLite's reference kernels, the default), or "builtin" for
    /// operators the reference resolver does not register (CEIL, ROUND, ELU).
    /// </summary>
    public string NativeKernels { get; init; } = "ref";
}

/// <summary>A named family of cases, each built from a seed (the committed references use <see cref="OpCases.ReferenceSeed"/>).</summary>
internal sealed record OpCaseFactory(string Name, Func<uint, OpCase> Build);

/// <summary>Helpers for writing cases: seeded data of any type, inputs, shapes.</summary>
internal sealed class CaseData(uint seed)
{
    private readonly SeededInputs _rng = new(seed);
    private readonly Random _shapes = new(unchecked((int)seed));

    /// <summary>A random integer in [min, max] (inclusive), from the shape stream.</summary>
    public int Int(int min, int max) => _shapes.Next(min, max + 1);
    public bool Bool() => _shapes.Next(2) == 1;
    public T Pick<T>(params T[] items) => items[_shapes.Next(items.Length)];

    /// <summary>A random shape of the given rank with dimensions in [1, maxDim].</summary>
    public int[] Shape(int rank, int maxDim = 5)
    {
        var s = new int[rank];
        for (int i = 0; i < rank; i++) s[i] = Int(1, maxDim);
        return s;
    }

    /// <summary>Seeded data of <paramref name="type"/> (float in [-1, 1) times <paramref name="scale"/>; ints per SeededInputs, or in [lo, hi]).</summary>
    public NpyArray Array(TensorType type, int[] shape, float scale = 1f, long? lo = null, long? hi = null)
    {
        long count = 1;
        foreach (int d in shape) count *= d;
        int size = TensorTypes.ElementSize(type);
        var bytes = new byte[count * size];
        _rng.Fill(type, bytes);
        if (type == TensorType.Float32 && scale != 1f)
        {
            var f = MemoryMarshal.Cast<byte, float>(bytes.AsSpan());
            for (int i = 0; i < f.Length; i++) f[i] *= scale;
        }
        if (type == TensorType.Bool)
            for (int i = 0; i < bytes.Length; i++) bytes[i] = (byte)(bytes[i] & 1);
        if (lo is not null && hi is not null)
        {
            long span = hi.Value - lo.Value + 1;
            for (long i = 0; i < count; i++)
            {
                long v = lo.Value + (long)(_rng.Next() % (ulong)span);
                WriteInteger(type, bytes, i, v);
            }
        }
        return new NpyArray(type, shape, bytes);
    }

    public static NpyArray Of<T>(TensorType type, int[] shape, params T[] values) where T : unmanaged =>
        new(type, shape, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    private static void WriteInteger(TensorType type, byte[] bytes, long i, long v)
    {
        var span = bytes.AsSpan();
        switch (type)
        {
            case TensorType.Int8: span[(int)i] = (byte)(sbyte)v; break;
            case TensorType.UInt8: case TensorType.Bool: span[(int)i] = (byte)v; break;
            case TensorType.Int16: MemoryMarshal.Cast<byte, short>(span)[(int)i] = (short)v; break;
            case TensorType.UInt16: MemoryMarshal.Cast<byte, ushort>(span)[(int)i] = (ushort)v; break;
            case TensorType.Int32: MemoryMarshal.Cast<byte, int>(span)[(int)i] = (int)v; break;
            case TensorType.UInt32: MemoryMarshal.Cast<byte, uint>(span)[(int)i] = (uint)v; break;
            case TensorType.Int64: MemoryMarshal.Cast<byte, long>(span)[(int)i] = v; break;
            default: throw new ArgumentException($"{type} is not an integer type");
        }
    }
}

/// <summary>Builds a model whose graph inputs are the given arrays' tensors: the common shape of a single-op case.</summary>
internal static class SingleOp
{
    /// <summary>
    /// A model with one operator: <paramref name="inputs"/> become graph inputs (or constants, where
    /// <paramref name="constant"/> says so), outputs have the given types and (possibly placeholder) shapes.
    /// </summary>
    public static OpCase Build(string name, BuiltinOperator op, int version, NpyArray[] inputs, (TensorType Type, int[] Shape)[] outputs,
        byte optionsType = 0, TinyModel.OptionField[]? options = null, bool[]? constant = null,
        (float Scale, long ZeroPoint)?[]? inputQuant = null, (float Scale, long ZeroPoint)?[]? outputQuant = null, bool options2 = false)
    {
        var m = new TinyModel();
        var ins = new int[inputs.Length];
        var graphInputs = new List<int>();
        var fed = new List<NpyArray>();
        for (int i = 0; i < inputs.Length; i++)
        {
            var q = inputQuant?[i];
            bool isConst = constant?[i] == true;
            ins[i] = m.Tensor($"in{i}", inputs[i].Type, inputs[i].Shape, isConst ? inputs[i].Data : null,
                scale: q is null ? null : [q.Value.Scale], zeroPoint: q is null ? null : [q.Value.ZeroPoint]);
            if (!isConst) { graphInputs.Add(ins[i]); fed.Add(inputs[i]); }
        }
        var outs = new int[outputs.Length];
        for (int o = 0; o < outputs.Length; o++)
        {
            var q = outputQuant?[o];
            outs[o] = m.Tensor($"out{o}", outputs[o].Type, outputs[o].Shape,
                scale: q is null ? null : [q.Value.Scale], zeroPoint: q is null ? null : [q.Value.ZeroPoint]);
        }
        if (options2) m.Op2(op, ins, outs, version, optionsType, options ?? []);
        else m.Op(op, ins, outs, version, optionsType, options ?? []);
        m.Inputs(graphInputs.ToArray()).Outputs(outs);
        return new OpCase(name, m.Build(), fed.ToArray());
    }
}
