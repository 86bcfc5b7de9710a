using System.Text;
using ManagedLite.Kernels.Reference;
using ManagedLite.Robustness;
using ManagedLite.Schema;
using static ManagedLite.Robustness.TinyModel;

namespace ManagedLite.OpConformance;

/// <summary>
/// HASHTABLE, HASHTABLE_IMPORT, HASHTABLE_FIND and HASHTABLE_SIZE against native TFLite (its builtin kernels: the reference
/// resolver has no hash tables). Outputs are int64, so string values are checked through a second, string-to-int64 table.
/// </summary>
internal static class HashtableFamilyCases
{
    private const byte HashtableOptions = 107;

    public static void Add(List<OpCaseFactory> cases)
    {
        cases.Add(new("hashtable_string_to_int64", seed =>
        {
            var d = new CaseData(seed);
            var (keys, values) = Entries(d, 6);
            // Queries: every key, two misses, a repeated key; the default comes from the graph input.
            var queries = keys.Concat(["missing", "", keys[0]]).ToArray();
            var m = new TinyModel();
            int handle = m.Tensor("table", TensorType.Resource, [1]);
            int k = StringConst(m, "keys", keys), v = m.Const("values", TensorType.Int64, [values.Length], values);
            int q = StringConst(m, "queries", queries);
            int def = m.Tensor("default", TensorType.Int64, [1]);
            int found = m.Tensor("found", TensorType.Int64, [queries.Length]), size = m.Tensor("size", TensorType.Int64, [1]);
            m.Op(BuiltinOperator.HASHTABLE, [], [handle], 1, HashtableOptions, Table(3, TensorType.String, TensorType.Int64))
                .Op(BuiltinOperator.HASHTABLE_IMPORT, [handle, k, v], [])
                .Op(BuiltinOperator.HASHTABLE_FIND, [handle, q, def], [found])
                .Op(BuiltinOperator.HASHTABLE_SIZE, [handle], [size])
                .Inputs(def).Outputs(found, size);
            return new OpCase("hashtable_string_to_int64", m.Build(), [CaseData.Of(TensorType.Int64, [1], (long)d.Int(-99, -1))]) { NativeKernels = "builtin" };
        }));
        cases.Add(new("hashtable_int64_to_string_roundtrip", seed =>
        {
            var d = new CaseData(seed);
            var (names, ids) = Entries(d, 5);
            // Table 1: id -> name (a repeated id keeps its first name); table 2: name -> id + 1000. Queries are fed.
            var dupIds = ids.Append(ids[0]).ToArray();
            var dupNames = names.Append("shadowed").ToArray();
            var m = new TinyModel();
            int h1 = m.Tensor("by_id", TensorType.Resource, [1]), h2 = m.Tensor("by_name", TensorType.Resource, [1]);
            int k1 = m.Const("ids", TensorType.Int64, [dupIds.Length], dupIds), v1 = StringConst(m, "names", dupNames);
            int k2 = StringConst(m, "names2", names.Append("?").ToArray());
            int v2 = m.Const("ids2", TensorType.Int64, [names.Length + 1], ids.Select(x => x + 1000).Append(-7L).ToArray());
            int query = m.Tensor("query", TensorType.Int64, [2, 4]);
            int def1 = StringConst(m, "unknown", ["?"]), def2 = m.Const("minus_one", TensorType.Int64, [1], -1L);
            int strings = m.Tensor("strings", TensorType.String, [2, 4]), back = m.Tensor("back", TensorType.Int64, [2, 4]);
            int s1 = m.Tensor("size1", TensorType.Int64, [1]), s2 = m.Tensor("size2", TensorType.Int64, [1]);
            m.Op(BuiltinOperator.HASHTABLE, [], [h1], 1, HashtableOptions, Table(1, TensorType.Int64, TensorType.String))
                .Op(BuiltinOperator.HASHTABLE, [], [h2], 1, HashtableOptions, Table(2, TensorType.String, TensorType.Int64))
                .Op(BuiltinOperator.HASHTABLE_IMPORT, [h1, k1, v1], [])
                .Op(BuiltinOperator.HASHTABLE_IMPORT, [h2, k2, v2], [])
                .Op(BuiltinOperator.HASHTABLE_FIND, [h1, query, def1], [strings])
                .Op(BuiltinOperator.HASHTABLE_FIND, [h2, strings, def2], [back])
                .Op(BuiltinOperator.HASHTABLE_SIZE, [h1], [s1])
                .Op(BuiltinOperator.HASHTABLE_SIZE, [h2], [s2])
                .Inputs(query).Outputs(back, s1, s2);
            var q = new long[8];
            for (int i = 0; i < q.Length; i++) q[i] = i % 3 == 2 ? 424242 : ids[d.Int(0, ids.Length - 1)];
            return new OpCase("hashtable_int64_to_string_roundtrip", m.Build(), [CaseData.Of(TensorType.Int64, [2, 4], q)]) { NativeKernels = "builtin" };
        }));
    }

    private static OptionField[] Table(int id, TensorType key, TensorType value) =>
        [new(0, OptionKind.Int, id), new(1, OptionKind.Byte, (int)key), new(2, OptionKind.Byte, (int)value)];

    /// <summary>n distinct short strings (ASCII and UTF-8) with distinct int64 values.</summary>
    private static (string[] Keys, long[] Values) Entries(CaseData d, int n)
    {
        string[] pool = ["alpha", "beta", "gamma", "delta", "épsilon", "zeta", "η", "theta", "iota", "kappa"];
        var keys = pool.OrderBy(_ => d.Int(0, 1000)).Take(n).ToArray();
        var values = keys.Select((_, i) => (long)d.Int(1, 1 << 30) * 16 + i).ToArray();
        return (keys, values);
    }

    private static int StringConst(TinyModel m, string name, string[] strings)
    {
        var bytes = strings.Select(Encoding.UTF8.GetBytes).ToArray();
        var buffer = new byte[StringBuffer.Size(bytes)];
        StringBuffer.Write(bytes, buffer);
        return m.Tensor(name, TensorType.String, [strings.Length], buffer);
    }
}

/// <summary>String-tensor operators: the hash tables, SKIP_GRAM and string variants of builtins (Cases/StringCases.cs).</summary>
internal static partial class OpCases
{
    static partial void AddStrings(List<OpCaseFactory> cases)
    {
        HashtableFamilyCases.Add(cases);
        StringOpCases.Add(cases);
    }
}
