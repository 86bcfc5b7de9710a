using ManagedLite.IO;
using ManagedLite.Schema;

namespace ManagedLite.OpConformance;

/// <summary>
/// HASHTABLE_LOOKUP over value types and ranks: sorted keys with hits and misses, keys far apart (TFLite's a - b
/// comparator wraps), unsorted keys (bsearch finds what glibc's finds), a fed key table. LSH_PROJECTION: LshProjectionCases.cs.
/// </summary>
internal static partial class OpCases
{
    private static void AddHashtableLookupCases(List<OpCaseFactory> cases)
    {
        AddLshProjectionCases(cases);
        var variants = new (string Name, TensorType Type, int Rank, string Keys, bool FedKeys)[]
        {
            ("float_rank2", TensorType.Float32, 2, "sorted", false),
            ("int8_rank1", TensorType.Int8, 1, "sorted", false),
            ("uint8_rank3", TensorType.UInt8, 3, "sorted", false),
            ("int32_rank2_fed_keys", TensorType.Int32, 2, "sorted", true),
            ("int64_rank2", TensorType.Int64, 2, "sorted", false),
            ("int16_rank2_extreme_keys", TensorType.Int16, 2, "extreme", false),
            ("float_rank2_unsorted_keys", TensorType.Float32, 2, "unsorted", false),
            ("bool_rank2", TensorType.Bool, 2, "sorted", false),
        };
        foreach (var (vname, type, rank, keyKind, fedKeys) in variants)
        {
            string name = $"hashtable_lookup_{vname}";
            cases.Add(new(name, seed =>
            {
                var d = new CaseData(seed);
                int k = d.Int(4, 12);
                var keys = new int[k];
                for (int i = 0; i < k; i++)
                    keys[i] = keyKind == "extreme" ? d.Pick(int.MinValue, int.MinValue + 5, -3, 0, 7, int.MaxValue - 2, int.MaxValue) : d.Int(-20, 20);
                keys = keys.Distinct().ToArray();
                if (keyKind != "unsorted") Array.Sort(keys);
                k = keys.Length;
                int n = d.Int(5, 14);
                var lookup = new int[n];
                for (int i = 0; i < n; i++)
                    lookup[i] = d.Bool() ? keys[d.Int(0, k - 1)]
                        : keyKind == "extreme" ? d.Pick(int.MinValue + 1, int.MaxValue - 1, 1, -5) : d.Int(-25, 25);
                int[] valueShape = rank switch { 1 => [k], 2 => [k, d.Int(1, 4)], _ => [k, d.Int(1, 3), d.Int(1, 3)] };
                int[] outShape = [n, .. valueShape[1..]];
                return SingleOp.Build(name, BuiltinOperator.HASHTABLE_LOOKUP, 1,
                    [CaseData.Of(TensorType.Int32, [n], lookup), CaseData.Of(TensorType.Int32, [k], keys), d.Array(type, valueShape)],
                    [(type, outShape), (TensorType.UInt8, [n])], constant: [false, !fedKeys, true]);
            }));
        }
    }
}
