using System.Text;
using ManagedLite.Schema;
using static ManagedLite.Robustness.TinyModel;

namespace ManagedLite.Robustness;

internal static partial class TinyModels
{
    /// <summary>
    /// String tensors (a fuzz seed): a constant vocabulary gathered by int32 ids (zeros are valid), then SKIP_GRAM,
    /// TILE, RESHAPE, EQUAL with a constant and LSH_PROJECTION of the gathered strings.
    /// </summary>
    public static byte[] Strings()
    {
        var m = new TinyModel();
        byte[][] words = [.. new[] { "the cat", "sat on", "a mat", "" }.Select(Encoding.UTF8.GetBytes)];
        var layout = new byte[Kernels.Reference.StringBuffer.Size(words)];
        Kernels.Reference.StringBuffer.Write(words, layout);
        int vocab = m.Tensor("vocab", TensorType.String, [4], layout);
        int ids = m.Input("ids", TensorType.Int32, 3);
        int picked = m.Tensor("picked", TensorType.String, [3]);
        int grams = m.Tensor("grams", TensorType.String, [1]);
        int multiples = m.ConstInt("multiples", [1], 2);
        int tiled = m.Tensor("tiled", TensorType.String, [6]);
        int shape = m.ConstInt("shape", [2], 2, 3);
        int grid = m.Tensor("grid", TensorType.String, [2, 3]);
        byte[][] expected = [.. new[] { "the cat", "", "a mat" }.Select(Encoding.UTF8.GetBytes)];
        var expectedLayout = new byte[Kernels.Reference.StringBuffer.Size(expected)];
        Kernels.Reference.StringBuffer.Write(expected, expectedLayout);
        int row = m.Tensor("row", TensorType.String, [3], expectedLayout);
        int same = m.Tensor("same", TensorType.Bool, [2, 3]);
        int seeds = m.ConstFloat("seeds", [2, 4], 0.5f, -1.5f, 2.25f, 3f, -0.75f, 1f, 4f, -2f);
        int hashes = m.Tensor("hashes", TensorType.Int32, [2]);
        m.Op(BuiltinOperator.GATHER, [vocab, ids], [picked], 1, 23, [new(0, OptionKind.Int, 0)])
            .Op(BuiltinOperator.SKIP_GRAM, [picked], [grams], 1, 18, [new(0, OptionKind.Int, 2), new(1, OptionKind.Int, 1), new(2, OptionKind.Bool, 1)])
            .Op(BuiltinOperator.TILE, [picked, multiples], [tiled], 2)
            .Op(BuiltinOperator.RESHAPE, [tiled, shape], [grid])
            .Op(BuiltinOperator.EQUAL, [grid, row], [same], 3)
            .Op(BuiltinOperator.LSH_PROJECTION, [seeds, grid], [hashes], 1, 4, [new(0, OptionKind.Byte, 1)])
            .Inputs(ids).Outputs(grams, same, hashes);
        return m.Build();
    }
}
