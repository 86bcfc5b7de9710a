using Xunit;

namespace ManagedLite.Kernels.Tests.Elementwise;

/// <summary>
/// The optimized float SOFTMAX on many short rows (the 16-float rows of YOLOv8's DFL head take one 512-bit vector each):
/// within the optimized softmax's tolerance of the reference (4e-7 relative, as <see cref="OptimizedRowAndReduceTests"/>),
/// for several betas, large and negative logits, -inf and NaN lanes, and in place.
/// </summary>
public class SoftmaxShortRowTests
{
    [Theory]
    [InlineData(1)] [InlineData(7)] [InlineData(8)] [InlineData(15)] [InlineData(16)] [InlineData(17)] [InlineData(31)]
    [InlineData(32)] [InlineData(33)] [InlineData(63)] [InlineData(64)] [InlineData(65)]
    public void ManyRowsMatchReference(int depth)
    {
        var rng = new Random(300 + depth);
        foreach (float beta in new[] { 1f, 0.7f, 2.5f, -1f })
            foreach (int rows in new[] { 1, 2, 7, 8, 65, 1000 })
            {
                var x = TestUtil.Random(rng, rows * depth, -20f, 20f);
                if (rows > 2 && beta > 0 && depth > 1) for (int i = 0; i < x.Length; i += 97) x[i] = float.NegativeInfinity; // one -inf logit in some rows: exp 0
                var want = new float[x.Length];
                var got = new float[x.Length];
                Reference.Softmax.Eval(x, want, depth, beta);
                Optimized.Softmax.Eval(x, got, depth, beta);
                TestUtil.AssertClose(want, got, 4e-7f, $"softmax depth={depth} rows={rows} beta={beta}");
                var inplace = (float[])x.Clone();
                Optimized.Softmax.Eval(inplace, inplace, depth, beta);
                Assert.Equal(got, inplace);
            }
    }

    /// <summary>Logits far from 0 (the row maximum is subtracted first) and rows with a NaN: NaN rows are NaN as in the reference.</summary>
    [Fact]
    public void Depth16LargeLogitsAndNaN()
    {
        var rng = new Random(316);
        const int depth = 16, rows = 64;
        var x = TestUtil.Random(rng, rows * depth, -1e4f, 1e4f);
        for (int r = 0; r < rows; r += 8) x[r * depth + r % depth] = float.NaN;
        var want = new float[x.Length];
        var got = new float[x.Length];
        Reference.Softmax.Eval(x, want, depth, 1f);
        Optimized.Softmax.Eval(x, got, depth, 1f);
        for (int i = 0; i < x.Length; i++)
            Assert.True(float.IsNaN(want[i]) ? float.IsNaN(got[i]) : Math.Abs(want[i] - got[i]) <= 4e-7f * Math.Max(1f, Math.Abs(want[i])),
                        $"element {i}: expected {want[i]:R}, got {got[i]:R}");
    }
}
