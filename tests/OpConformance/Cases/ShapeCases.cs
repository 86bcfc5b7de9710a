using ManagedLite.IO;
using ManagedLite.Schema;
using static ManagedLite.Robustness.TinyModel;

namespace ManagedLite.OpConformance;

/// <summary>
/// Cases of the shape and data-movement operators: PACK ... DYNAMIC_UPDATE_SLICE, and the older RESHAPE ... RESIZE_*,
/// over every element type and option their TFLite kernels accept, with shape inputs both constant and fed at run time
/// (dynamic outputs). Small shapes; the random ones come from the case seed.
/// </summary>
internal static partial class OpCases
{
    static partial void AddShape(List<OpCaseFactory> cases)
    {
        var c = new ShapeCaseList(cases);
        ShapeCasesNew.Add(c);
        ShapeCasesExisting.Add(c);
        ShapeCasesGraphs.Add(c);
    }
}

/// <summary>Adds named cases; each build gets the seeded data source and the case name.</summary>
internal sealed class ShapeCaseList(List<OpCaseFactory> cases)
{
    public void Add(string name, Func<CaseData, string, OpCase> build) => cases.Add(new(name, seed => build(new CaseData(seed), name)));
}

/// <summary>Small helpers for writing shape cases.</summary>
internal static class Sh
{
    public static NpyArray I32(params int[] v) => CaseData.Of(TensorType.Int32, [v.Length], v);
    public static NpyArray I32(int[] shape, params int[] v) => CaseData.Of(TensorType.Int32, shape, v);
    public static NpyArray I64(params long[] v) => CaseData.Of(TensorType.Int64, [v.Length], v);
    public static NpyArray I64(int[] shape, params long[] v) => CaseData.Of(TensorType.Int64, shape, v);
    public static NpyArray ScalarI32(int v) => CaseData.Of(TensorType.Int32, [], v);
    public static NpyArray ScalarI64(long v) => CaseData.Of(TensorType.Int64, [], v);
    public static NpyArray ScalarF32(float v) => CaseData.Of(TensorType.Float32, [], v);

    /// <summary>Seeded data of any type the cases use (uint32 reuses the int32 generator's bits).</summary>
    public static NpyArray Data(CaseData d, TensorType type, int[] shape) => type switch
    {
        TensorType.UInt32 => new NpyArray(TensorType.UInt32, shape, d.Array(TensorType.Int32, shape).Data),
        _ => d.Array(type, shape),
    };

    /// <summary>Quantization for a type: per-tensor scale / zero point for the quantized integer types, none otherwise.</summary>
    public static (float Scale, long ZeroPoint)? Q(TensorType type, float scale = 0.05f, long zeroPoint = -3) => type switch
    {
        TensorType.Int8 => (scale, zeroPoint),
        TensorType.UInt8 => (scale, zeroPoint + 128),
        TensorType.Int16 => (scale, 0),
        _ => null,
    };

    public static OptionField Int(int slot, int value) => new(slot, OptionKind.Int, value);
    public static OptionField Bool(int slot, bool value) => new(slot, OptionKind.Bool, value ? 1 : 0);
    public static OptionField Byte(int slot, int value) => new(slot, OptionKind.Byte, value);

    public static readonly int[] Unknown = [];

    /// <summary>A single-op case with the given inputs (constant where <paramref name="constant"/> says), one output of <paramref name="outType"/>.</summary>
    public static OpCase One(string name, BuiltinOperator op, int version, NpyArray[] inputs, bool[] constant, TensorType outType,
                             byte optionsType = 0, OptionField[]? options = null, (float Scale, long ZeroPoint)?[]? inputQuant = null,
                             (float Scale, long ZeroPoint)? outputQuant = null, int[]? outShape = null) =>
        SingleOp.Build(name, op, version, inputs, [(outType, outShape ?? Unknown)], optionsType, options, constant, inputQuant,
                       outputQuant is null ? null : [outputQuant]);

    public static string N(TensorType t) => TensorTypes.Name(t);
}
