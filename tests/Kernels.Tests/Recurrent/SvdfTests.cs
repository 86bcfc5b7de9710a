using ManagedLite.Kernels.Params;
using ManagedLite.Kernels.Quantization;
using ManagedLite.Kernels.Recurrent;
using ManagedLite.Kernels.Reference;
using Xunit;

namespace ManagedLite.Kernels.Tests.Recurrent;

public class SvdfTests
{
    // TFLite Micro svdf_test "2x2x10": batch 2, input 2, 8 filters, rank 2 (4 units), memory 10, no bias,
    // no activation; 10 invokes with golden outputs. Float tolerance 1e-5 absolute.
    private static readonly float[] Input2x2x10 =
    [
        0.12609188f, -0.46347019f, 0.35867718f, 0.36897406f, 0.14278367f, -1.64410412f, -0.57290924f, 0.12729003f,
        0.49837467f, 0.19278903f, 0.17660543f, 0.52949083f, -0.11186574f, 0.13164264f, -0.72674477f, -0.5683046f,
        -0.68892461f, 0.37783599f, -0.63690937f, 0.44483393f, -0.81299269f, -0.86831826f, -0.95760226f, 1.82078898f,
        -1.45006323f, -0.82251364f, -1.65087092f, -1.89238167f, 0.03966608f, -0.24936394f, 2.06740379f, -1.51439476f,
        0.11771342f, -0.23761693f, 0.31088525f, -1.55601168f, -0.89477462f, 1.67204106f, -0.6230064f, 0.29819036f,
    ];

    private static readonly float[] FeatureWeights2x2x10 =
    [
        -0.31930989f, 0.0079667f, 0.39296314f, 0.37613347f, 0.12416199f, 0.15785322f, 0.27901134f, 0.3905206f,
        0.21931258f, -0.36137494f, -0.10640851f, 0.31053296f, -0.36118156f, -0.0976817f, -0.36916667f, 0.22197971f,
    ];

    private static readonly float[] TimeWeights2x2x10 =
    [
        -0.31930989f, 0.37613347f, 0.27901134f, -0.36137494f, -0.36118156f, 0.22197971f, 0.27557442f, -0.06634006f, 0.0079667f, 0.12416199f,
        0.3905206f, -0.10640851f, -0.0976817f, 0.15294972f, 0.39635518f, -0.02702999f, 0.39296314f, 0.15785322f, 0.21931258f, 0.31053296f,
        -0.36916667f, 0.38031587f, -0.21580373f, 0.27072677f, 0.23622236f, 0.34936687f, 0.18174365f, 0.35907319f, -0.17493086f, 0.324846f,
        -0.10781813f, 0.27201805f, 0.14324132f, -0.23681851f, -0.27115166f, -0.01580888f, -0.14943552f, 0.15465137f, 0.09784451f, -0.0337657f,
        -0.14884081f, 0.19931212f, -0.36002168f, 0.34663299f, -0.11405486f, 0.12672701f, 0.39463779f, -0.07886535f, -0.06384811f, 0.08249187f,
        -0.26816407f, -0.19905911f, 0.29211238f, 0.31264046f, -0.28664589f, 0.05698794f, 0.11613581f, 0.14078894f, 0.02187902f, -0.21781836f,
        -0.15567942f, 0.08693647f, -0.38256618f, 0.36580828f, -0.22922277f, -0.0226903f, 0.12878349f, -0.28122205f, -0.10850525f, -0.11955214f,
        0.27179423f, -0.04710215f, 0.31069002f, 0.22672787f, 0.09580326f, 0.08682203f, 0.1258215f, 0.1851041f, 0.29228821f, 0.12366763f,
    ];

    private static readonly float[] Golden2x2x10 =
    [
        -0.044205f, -0.013757f, 0.050369f, -0.018447f, 0.073010f, 0.025142f, -0.021154f, 0.013551f,
        -0.209613f, -0.062421f, 0.150209f, -0.108334f, 0.028256f, -0.006950f, -0.030885f, 0.009603f,
        -0.076800f, -0.037075f, -0.087198f, -0.155183f, 0.091069f, 0.098446f, -0.016083f, 0.106475f,
        -0.082123f, -0.162238f, -0.084434f, -0.141074f, -0.029340f, -0.090685f, 0.053302f, -0.030604f,
        -0.201440f, 0.088424f, 0.139877f, 0.012416f, -0.113212f, 0.103893f, -0.100842f, 0.122780f,
        -0.166632f, -0.116705f, 0.175298f, -0.047163f, 0.313077f, -0.166485f, -0.285860f, 0.129069f,
        -0.625911f, 0.046134f, 0.138081f, -0.129581f, -0.521455f, -0.061579f, 0.230289f, 0.114963f,
        -0.216693f, -0.161643f, -0.179177f, -0.052599f, -0.213239f, 0.029502f, 0.260858f, 0.275045f,
        -0.213689f, -0.323608f, -0.285635f, -0.317687f, -0.324092f, -0.317972f, -0.208450f, -0.462504f,
        -0.255126f, -0.218576f, -0.041528f, 0.179421f, -0.440583f, 0.072127f, -0.284136f, 0.241570f,
    ];

    private static readonly SvdfShape Shape2x2x10 = new(Batch: 2, InputSize: 2, NumFilters: 8, Rank: 2, MemorySize: 10);

    [Fact]
    public void Float_MatchesTfliteMicroGolden()
    {
        var s = Shape2x2x10;
        var state = new float[s.StateSize];
        var scratch = new float[s.Batch * s.NumFilters];
        var output = new float[s.Batch * s.NumUnits];
        for (int step = 0; step < 10; step++)
        {
            Svdf.EvalFloat(s, Input2x2x10.AsSpan(step * 4, 4), FeatureWeights2x2x10, TimeWeights2x2x10,
                           new float[4], state, scratch, output, RecurrentActivation.None);
            for (int i = 0; i < 8; i++)
                Assert.True(MathF.Abs(output[i] - Golden2x2x10[step * 8 + i]) < 1e-5f,
                            $"step {step} output {i}: {output[i]} vs {Golden2x2x10[step * 8 + i]}");
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Hybrid_TracksFloatGoldenWithinQuantizationError(bool asymmetric)
    {
        var s = Shape2x2x10;
        var wq = new sbyte[FeatureWeights2x2x10.Length];
        float wScale = HybridQuantization.Symmetric(FeatureWeights2x2x10, wq);
        var tq = new sbyte[TimeWeights2x2x10.Length];
        float tScale = HybridQuantization.Symmetric(TimeWeights2x2x10, tq);
        var tDeq = tq.Select(v => v * tScale).ToArray();
        var rowSums = new int[s.NumFilters];
        for (int f = 0; f < s.NumFilters; f++) rowSums[f] = wq[f * 2] + wq[f * 2 + 1];

        var state = new float[s.StateSize];
        var output = new float[8];
        for (int step = 0; step < 10; step++)
        {
            Svdf.EvalHybrid(s, Input2x2x10.AsSpan(step * 4, 4), wq, wScale, tDeq, default, state,
                            new float[16], new sbyte[4], new float[2], new int[2], rowSums, asymmetric, output,
                            RecurrentActivation.None);
            for (int i = 0; i < 8; i++)
                Assert.True(MathF.Abs(output[i] - Golden2x2x10[step * 8 + i]) < 0.01f,
                            $"step {step} output {i}: {output[i]} vs {Golden2x2x10[step * 8 + i]}");
        }
    }

    [Fact]
    public void Hybrid_AllZeroInputSkipsMatmulAndWritesZeroActivation()
    {
        var s = new SvdfShape(1, 2, 1, 1, 2);
        float[] state = [5f, 7f];
        var output = new float[1];
        Svdf.EvalHybrid(s, new float[2], new sbyte[] { 1, 1 }, 1f, new float[] { 1f, 10f }, new float[] { 0.5f },
                        state, new float[1], new sbyte[2], new float[1], new int[1], new int[] { 2 }, false, output,
                        RecurrentActivation.None);
        Assert.Equal(new[] { 7f, 0f }, state);
        Assert.Equal(7f + 0.5f, output[0]);
    }

    // Hand-computed integer SVDF: batch 1, input 2, 2 filters, rank 1, memory 2. Scale1 = 0.5
    // (Q31 1<<30, shift 0), Scale2 = 1.0 (1<<30, shift 1), output zero point -3, bias [5, 100].
    private static readonly sbyte[] FeatureWeights = [1, 2, 3, -1];
    private static readonly int[] Bias = [5, 100];

    [Fact]
    public void Integer_HandComputedThreeSteps()
    {
        var s = new SvdfShape(1, 2, 2, 1, 2);
        var q = new SvdfIntegerParams(0, 0, -3, 1 << 30, 0, 1 << 30, 1);
        short[] timeWeights = [2, 3, 1, -2];
        var state = new short[4];
        var output = new sbyte[2];
        var scratch = new int[2];
        var temp = new int[2];

        // Step 1: features [-2, 36] * 0.5 -> [-1, 18]; time dots [-3, -36] + bias -> [2, 64]; -3 -> [-1, 61].
        Svdf.EvalInteger(s, q, new sbyte[] { 10, -6 }, FeatureWeights, timeWeights, Bias, state, scratch, temp, output);
        Assert.Equal(new short[] { 0, -1, 0, 18 }, state);
        Assert.Equal(new sbyte[] { -1, 61 }, output);

        // Step 2: features [3, 2] * 0.5 -> [2, 1] (1.5 rounds up); the whole state shifts left by one.
        Svdf.EvalInteger(s, q, new sbyte[] { 1, 1 }, FeatureWeights, timeWeights, Bias, state, scratch, temp, output);
        Assert.Equal(new short[] { -1, 2, 18, 1 }, state);
        Assert.Equal(new sbyte[] { 6, 113 }, output);

        // Step 3: features [300, 200] -> [150, 100]; time dots [454, -199] + bias -> [459, -99]; saturates at 127.
        Svdf.EvalInteger(s, q, new sbyte[] { 100, 100 }, FeatureWeights, timeWeights, Bias, state, scratch, temp, output);
        Assert.Equal(new short[] { 2, 150, 1, 100 }, state);
        Assert.Equal(new sbyte[] { 127, -102 }, output);
    }

    [Fact]
    public void Integer_InputZeroPointAndStateSaturation()
    {
        var s = new SvdfShape(1, 1, 1, 1, 1);
        // Input zero point 10: (x - 10) * w; Scale1 = 2^20 saturates the int16 state.
        var q = new SvdfIntegerParams(10, 0, 0, 1 << 30, 21, 1 << 30, -14);
        var state = new short[1];
        var output = new sbyte[1];
        Svdf.EvalInteger(s, q, new sbyte[] { 11 }, new sbyte[] { 1 }, new short[] { 1 }, default, state, new int[1], new int[1], output);
        Assert.Equal(short.MaxValue, state[0]);
        Assert.Equal(1, output[0]); // 32767 * 2^-15: high mul gives 16384, then / 2^14 -> 1
    }

    [Fact]
    public void Integer8State_MicroSemanticsWithStateZeroPoint()
    {
        // Same network as the int16 hand case, but int8 time weights and an int8 state with zero point 5.
        var s = new SvdfShape(1, 2, 2, 1, 2);
        var q = new SvdfIntegerParams(0, 5, -3, 1 << 30, 0, 1 << 30, 1);
        sbyte[] timeWeights = [2, 3, 1, -2];
        sbyte[] state = [5, 5, 5, 5]; // the runtime resets int8 variables to their zero point
        var output = new sbyte[2];

        Svdf.EvalInteger8State(s, q, new sbyte[] { 10, -6 }, FeatureWeights, timeWeights, Bias, state, new int[2], new int[2], output);
        Assert.Equal(new sbyte[] { 5, 4, 5, 23 }, state);
        Assert.Equal(new sbyte[] { -1, 61 }, output);

        // Feature 150 clamps to 127 before the zero point is added: 127 + 5 wraps to -124 (TFLite Micro, issue #2721).
        Svdf.EvalInteger8State(s, q, new sbyte[] { 100, 100 }, FeatureWeights, timeWeights, Bias, state, new int[2], new int[2], output);
        Assert.Equal(new sbyte[] { 4, -124, 23, 105 }, state);
        // time: (4-5)*2 + (-124-5)*3 = -389; (23-5)*1 + (105-5)*-2 = -182; + bias -> [-384, -82] - 3 -> [-128, -85]
        Assert.Equal(new sbyte[] { -128, -85 }, output);
    }
}
