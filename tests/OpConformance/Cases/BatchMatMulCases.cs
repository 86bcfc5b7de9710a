using ManagedLite.Schema;


namespace ManagedLite.OpConformance;

/// <summary>
/// BATCH_MATMUL against native TFLite's reference kernels: float with every adj_x / adj_y combination, broadcast batch
/// dimensions (rank 4 x rank 3) and sizes off the GEMM tiles (the optimized path packs the rhs per batch); int8 and
/// int16 (zero points 0, per-tensor scales); a constant rhs (packed once per model by the optimized path).
/// </summary>
internal static partial class OpCases
{
    static partial void AddBatchMatMul(List<OpCaseFactory> cases)
    {
        const byte options = 101;
        (string Name, int[] Lhs, int[] Rhs, bool AdjX, bool AdjY, int[] Out)[] floats =
        [
            ("batch_matmul_float", [2, 9, 13], [2, 13, 35], false, false, [2, 9, 35]),
            ("batch_matmul_float_adj_y_attention", [1, 3, 17, 16], [1, 3, 19, 16], false, true, [1, 3, 17, 19]),
            ("batch_matmul_float_adj_x", [2, 12, 7], [2, 12, 33], true, false, [2, 7, 33]),
            ("batch_matmul_float_adj_xy_broadcast", [2, 1, 11, 5], [3, 40, 11], true, true, [2, 3, 5, 40]),
        ];
        foreach (var c in floats)
            cases.Add(new(c.Name, seed =>
            {
                var d = new CaseData(seed);
                return SingleOp.Build(c.Name, BuiltinOperator.BATCH_MATMUL, 1, [d.Array(TensorType.Float32, c.Lhs), d.Array(TensorType.Float32, c.Rhs)],
                    [(TensorType.Float32, c.Out)], options, [Sh.Bool(0, c.AdjX), Sh.Bool(1, c.AdjY)]);
            }));
        cases.Add(new("batch_matmul_float_constant_rhs", seed =>
        {
            var d = new CaseData(seed);
            return SingleOp.Build("batch_matmul_float_constant_rhs", BuiltinOperator.BATCH_MATMUL, 1,
                [d.Array(TensorType.Float32, [3, 10, 24]), d.Array(TensorType.Float32, [24, 18])], [(TensorType.Float32, [3, 10, 18])],
                options, [Sh.Bool(0, false), Sh.Bool(1, false)], constant: [false, true]);
        }));
        cases.Add(new("batch_matmul_int8", seed =>
        {
            var d = new CaseData(seed);
            return SingleOp.Build("batch_matmul_int8", BuiltinOperator.BATCH_MATMUL, 2,
                [d.Array(TensorType.Int8, [2, 6, 20]), d.Array(TensorType.Int8, [2, 20, 9])], [(TensorType.Int8, [2, 6, 9])],
                options, [Sh.Bool(0, false), Sh.Bool(1, false)], inputQuant: [(0.05f, 0), (0.02f, 0)], outputQuant: [(0.3f, 0)]);
        }));
        cases.Add(new("batch_matmul_int16", seed =>
        {
            var d = new CaseData(seed);
            return SingleOp.Build("batch_matmul_int16", BuiltinOperator.BATCH_MATMUL, 3,
                [d.Array(TensorType.Int16, [1, 5, 12]), d.Array(TensorType.Int16, [1, 7, 12])], [(TensorType.Int16, [1, 5, 7])],
                options, [Sh.Bool(0, false), Sh.Bool(1, true)], inputQuant: [(0.001f, 0), (0.002f, 0)], outputQuant: [(0.05f, 0)]);
        }));
    }

}
