using ManagedLite.IO;
using ManagedLite.Schema;
using static ManagedLite.Robustness.TinyModel;

namespace ManagedLite.OpConformance;

/// <summary>
/// LSH_PROJECTION, sparse and dense, with and without weights, over row sizes that reach every FarmHash length class
/// (keys of 5, 8, 12, 20, 36 and 84 bytes) and 32-bit signatures.
/// </summary>
internal static partial class OpCases
{
    private static void AddLshProjectionCases(List<OpCaseFactory> cases)
    {
        var variants = new (string Name, bool Sparse, bool Weighted, TensorType Type, int[] Row, int Bits)[]
        {
            ("sparse_int8_rows", true, false, TensorType.Int8, [], 8),
            ("dense_float_rows", false, false, TensorType.Float32, [], 4),
            ("sparse_weighted_float2", true, true, TensorType.Float32, [2], 6),
            ("dense_weighted_int32x4", false, true, TensorType.Int32, [4], 5),
            ("sparse_float8", true, false, TensorType.Float32, [8], 10),
            ("dense_uint8_80", false, false, TensorType.UInt8, [80], 3),
            ("sparse_32_bits", true, true, TensorType.Float32, [3], 32),
        };
        foreach (var v in variants)
        {
            string name = $"lsh_projection_{v.Name}";
            cases.Add(new(name, seed =>
            {
                var d = new CaseData(seed);
                int rows = d.Int(2, 6);
                int numHash = d.Int(2, 5);
                var hash = d.Array(TensorType.Float32, [numHash, v.Bits], 3f);
                int[] inShape = [rows, .. v.Row];
                var inputs = new List<NpyArray> { hash, d.Array(v.Type, inShape) };
                if (v.Weighted) inputs.Add(d.Array(TensorType.Float32, [rows], 2f));
                int outLength = v.Sparse ? numHash : numHash * v.Bits;
                // LSHProjectionOptions (builtin options 4): type at slot 0, SPARSE = 1, DENSE = 2.
                return SingleOp.Build(name, BuiltinOperator.LSH_PROJECTION, 1, [.. inputs], [(TensorType.Int32, [outLength])],
                    optionsType: 4, options: [new OptionField(0, OptionKind.Byte, v.Sparse ? 1 : 2)],
                    constant: [true, false, true]);
            }));
        }
    }
}
