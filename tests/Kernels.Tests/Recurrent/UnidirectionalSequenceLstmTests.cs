using ManagedLite.Kernels.Params;
using ManagedLite.Kernels.Quantization;
using ManagedLite.Kernels.Recurrent;
using ManagedLite.Kernels.Reference;
using Xunit;

namespace ManagedLite.Kernels.Tests.Recurrent;

public class UnidirectionalSequenceLstmTests
{
    // TFLite lstm_test "NoCifg_NoPeephole_NoProjection_NoLayerNorm": batch 1, input 2, 4 cells, 3 steps.
    private static class Basic
    {
        public static readonly float[] InputToInput = [-0.45018822f, -0.02338299f, -0.0870589f, -0.34550029f, 0.04266912f, -0.15680569f, -0.34856534f, 0.43890524f];
        public static readonly float[] InputToCell = [-0.50013041f, 0.1370284f, 0.11810488f, 0.2013163f, -0.20583314f, 0.44344562f, 0.22077113f, -0.29909778f];
        public static readonly float[] InputToForget = [0.09701663f, 0.20334584f, -0.50592935f, -0.31343272f, -0.40032279f, 0.44781327f, 0.01387155f, -0.35593212f];
        public static readonly float[] InputToOutput = [-0.25065863f, -0.28290087f, 0.04613829f, 0.40525138f, 0.44272184f, 0.03897077f, -0.1556896f, 0.19487578f];
        public static readonly float[] InputBias = [0f, 0f, 0f, 0f];
        public static readonly float[] CellBias = [0f, 0f, 0f, 0f];
        public static readonly float[] ForgetBias = [1f, 1f, 1f, 1f];
        public static readonly float[] OutputBias = [0f, 0f, 0f, 0f];
        public static readonly float[] RecurrentToInput =
        [
            -0.0063535f, -0.2042388f, 0.31454784f, -0.35746509f, 0.28902304f, 0.08183324f, -0.16555229f, 0.02286911f,
            -0.13566875f, 0.03034258f, 0.48091322f, -0.12528998f, 0.24077177f, -0.51332325f, -0.33502164f, 0.10629296f,
        ];
        public static readonly float[] RecurrentToCell =
        [
            -0.3407414f, 0.24443203f, -0.2078532f, 0.26320225f, 0.05695659f, -0.00123841f, -0.4744786f, -0.35869038f,
            -0.06418842f, -0.13502428f, -0.501764f, 0.22830659f, -0.46367589f, 0.26016325f, -0.03894562f, -0.16368064f,
        ];
        public static readonly float[] RecurrentToForget =
        [
            -0.48684245f, -0.06655136f, 0.42224967f, 0.2112639f, 0.27654213f, 0.20864892f, -0.07646349f, 0.45877004f,
            0.00141793f, -0.14609534f, 0.36447752f, 0.09196436f, 0.28053468f, 0.01560611f, -0.20127171f, -0.01140004f,
        ];
        public static readonly float[] RecurrentToOutput =
        [
            0.43385774f, -0.17194885f, 0.2718237f, 0.09215671f, 0.24107647f, -0.39835793f, 0.18212086f, 0.01301402f,
            0.48572797f, -0.50656658f, 0.20047462f, -0.20607421f, -0.51818722f, -0.15390486f, 0.0468148f, 0.39922136f,
        ];
        public static readonly float[] Input = [2f, 3f, 3f, 4f, 1f, 1f];
        public static readonly float[] Golden =
        [
            -0.02973187f, 0.1229473f, 0.20885126f, -0.15358765f,
            -0.03716109f, 0.12507336f, 0.41193449f, -0.20860538f,
            -0.15053082f, 0.09120187f, 0.24278517f, -0.12222792f,
        ];
    }

    // TFLite lstm_test "Cifg_Peephole_NoProjection_NoLayerNorm".
    private static class CifgPeephole
    {
        public static readonly float[] InputToCell = [-0.49770179f, -0.27711356f, -0.09624726f, 0.05100781f, 0.04717243f, 0.48944736f, -0.38535351f, -0.17212132f];
        public static readonly float[] InputToForget = [-0.55291498f, -0.42866567f, 0.13056988f, -0.3633365f, -0.22755712f, 0.28253698f, 0.24407166f, 0.33826375f];
        public static readonly float[] InputToOutput = [0.10725588f, -0.02335852f, -0.55932593f, -0.09426838f, -0.44257352f, 0.54939759f, 0.01533556f, 0.42751634f];
        public static readonly float[] RecurrentToCell =
        [
            0.54066205f, -0.32668582f, -0.43562764f, -0.56094903f, 0.42957711f, 0.01841056f, -0.32764608f, -0.33027974f,
            -0.10826075f, 0.20675004f, 0.19069612f, -0.03026325f, -0.54532051f, 0.33003211f, 0.44901288f, 0.21193194f,
        ];
        public static readonly float[] RecurrentToForget =
        [
            -0.13832897f, -0.0515101f, -0.2359007f, -0.16661474f, -0.14340827f, 0.36986142f, 0.23414481f, 0.55899f,
            0.10798943f, -0.41174671f, 0.17751795f, -0.34484994f, -0.35874045f, -0.11352962f, 0.27268326f, 0.54058349f,
        ];
        public static readonly float[] RecurrentToOutput =
        [
            0.41613156f, 0.42610586f, -0.16495961f, -0.5663873f, 0.30579174f, -0.05115908f, -0.33941799f, 0.23364776f,
            0.11178309f, 0.09481031f, -0.26424935f, 0.46261835f, 0.50248802f, 0.26114327f, -0.43736315f, 0.33149987f,
        ];
        public static readonly float[] CellToForget = [0.47485286f, -0.51955009f, -0.24458408f, 0.31544167f];
        public static readonly float[] CellToOutput = [-0.17135078f, 0.82760304f, 0.85573703f, -0.77109635f];
        public static readonly float[] Golden =
        [
            -0.36444446f, -0.00352185f, 0.12886585f, -0.05163646f,
            -0.42312205f, -0.01218222f, 0.24201041f, -0.08124574f,
            -0.358325f, -0.04621704f, 0.21641694f, -0.06471302f,
        ];
    }

    private static readonly LstmParams P = new(MaxTime: 3, Batch: 1, InputSize: 2, CellSize: 4, OutputSize: 4,
                                               TimeMajor: true, RecurrentActivation.Tanh, 0f, 0f);

    private static float[] RunFloatBasic(in LstmParams p, float[] input)
    {
        var w = new LstmFloatWeights
        {
            InputToInput = Basic.InputToInput, InputToForget = Basic.InputToForget, InputToCell = Basic.InputToCell, InputToOutput = Basic.InputToOutput,
            RecurrentToInput = Basic.RecurrentToInput, RecurrentToForget = Basic.RecurrentToForget,
            RecurrentToCell = Basic.RecurrentToCell, RecurrentToOutput = Basic.RecurrentToOutput,
            InputGateBias = Basic.InputBias, ForgetGateBias = Basic.ForgetBias, CellGateBias = Basic.CellBias, OutputGateBias = Basic.OutputBias,
        };
        var output = new float[p.MaxTime * p.Batch * 4];
        UnidirectionalSequenceLstm.EvalFloat(p, w, input, new float[p.Batch * 4], new float[p.Batch * 4], output,
                                             new float[UnidirectionalSequenceLstm.FloatScratchLength(p)]);
        return output;
    }

    private static void AssertNear(float[] expected, ReadOnlySpan<float> actual, float tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(MathF.Abs(expected[i] - actual[i]) <= tolerance, $"[{i}] {actual[i]} vs {expected[i]} (tolerance {tolerance})");
    }

    [Fact]
    public void Float_NoCifgNoPeephole_MatchesTfliteGolden() =>
        AssertNear(Basic.Golden, RunFloatBasic(P, Basic.Input), 1e-5f);

    [Fact]
    public void Float_CifgPeephole_MatchesTfliteGolden()
    {
        var w = new LstmFloatWeights
        {
            InputToForget = CifgPeephole.InputToForget, InputToCell = CifgPeephole.InputToCell, InputToOutput = CifgPeephole.InputToOutput,
            RecurrentToForget = CifgPeephole.RecurrentToForget, RecurrentToCell = CifgPeephole.RecurrentToCell, RecurrentToOutput = CifgPeephole.RecurrentToOutput,
            CellToForget = CifgPeephole.CellToForget, CellToOutput = CifgPeephole.CellToOutput,
            ForgetGateBias = Basic.ForgetBias, CellGateBias = Basic.CellBias, OutputGateBias = Basic.OutputBias,
        };
        var output = new float[12];
        UnidirectionalSequenceLstm.EvalFloat(P, w, Basic.Input, new float[4], new float[4], output, new float[20]);
        AssertNear(CifgPeephole.Golden, output, 1e-5f);
    }

    [Fact]
    public void Float_BatchMajorTwoBatchesEqualsSeparateRuns()
    {
        // Batch 2, batch-major [B, T, I]: second batch row gets a different sequence.
        float[] second = [1f, -1f, 0.5f, 2f, -3f, 0f];
        var p2 = P with { Batch = 2, TimeMajor = false };
        var both = RunFloatBasic(p2, [.. Basic.Input, .. second]);
        AssertNear(RunFloatBasic(P, Basic.Input), both.AsSpan(0, 12), 0f);
        AssertNear(RunFloatBasic(P, second), both.AsSpan(12, 12), 0f);
    }

    private static sbyte[] Quantize(float[] values, out float scale)
    {
        var q = new sbyte[values.Length];
        scale = HybridQuantization.Symmetric(values, q);
        return q;
    }

    private static int[] RowSums(sbyte[] m, int rows, int cols)
    {
        var sums = new int[rows];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++) sums[r] += m[r * cols + c];
        return sums;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Hybrid_NoCifg_WithinTfliteHybridTolerance(bool asymmetric)
    {
        var ii = Quantize(Basic.InputToInput, out float sii);
        var @if = Quantize(Basic.InputToForget, out float sif);
        var ic = Quantize(Basic.InputToCell, out float sic);
        var io = Quantize(Basic.InputToOutput, out float sio);
        var ri = Quantize(Basic.RecurrentToInput, out float sri);
        var rf = Quantize(Basic.RecurrentToForget, out float srf);
        var rc = Quantize(Basic.RecurrentToCell, out float src);
        var ro = Quantize(Basic.RecurrentToOutput, out float sro);
        var w = new LstmHybridWeights
        {
            InputToInput = ii, InputToInputScale = sii, InputToForget = @if, InputToForgetScale = sif,
            InputToCell = ic, InputToCellScale = sic, InputToOutput = io, InputToOutputScale = sio,
            RecurrentToInput = ri, RecurrentToInputScale = sri, RecurrentToForget = rf, RecurrentToForgetScale = srf,
            RecurrentToCell = rc, RecurrentToCellScale = src, RecurrentToOutput = ro, RecurrentToOutputScale = sro,
            InputGateBias = Basic.InputBias, ForgetGateBias = Basic.ForgetBias, CellGateBias = Basic.CellBias, OutputGateBias = Basic.OutputBias,
            InputToInputRowSums = RowSums(ii, 4, 2), InputToForgetRowSums = RowSums(@if, 4, 2),
            InputToCellRowSums = RowSums(ic, 4, 2), InputToOutputRowSums = RowSums(io, 4, 2),
            RecurrentToInputRowSums = RowSums(ri, 4, 4), RecurrentToForgetRowSums = RowSums(rf, 4, 4),
            RecurrentToCellRowSums = RowSums(rc, 4, 4), RecurrentToOutputRowSums = RowSums(ro, 4, 4),
        };
        var output = new float[12];
        UnidirectionalSequenceLstm.EvalHybrid(P, w, asymmetric, Basic.Input, new float[4], new float[4], output,
                                              new float[20], new sbyte[UnidirectionalSequenceLstm.HybridQuantizedScratchLength(P)]);
        AssertNear(Basic.Golden, output, 0.0157651f);
    }

    private sealed record IntegerModel(LstmIntegerParams Q, sbyte[][] InputWeights, sbyte[][] RecurrentWeights,
                                       int[][] InputBias, int[][] RecurrentBias, float InputScale, int InputZp,
                                       float OutputScale, int OutputZp);

    /// <summary>Quantizes the basic float model as the converter would (int8 x int8 -> int16 cell 2^-11).</summary>
    private static IntegerModel QuantizeBasic(float inputScale, int inputZp, float outputScale, int outputZp)
    {
        float[][] wIn = [Basic.InputToInput, Basic.InputToForget, Basic.InputToCell, Basic.InputToOutput];
        float[][] wRec = [Basic.RecurrentToInput, Basic.RecurrentToForget, Basic.RecurrentToCell, Basic.RecurrentToOutput];
        float[][] bias = [Basic.InputBias, Basic.ForgetBias, Basic.CellBias, Basic.OutputBias];
        var qIn = new sbyte[4][]; var qRec = new sbyte[4][]; var sIn = new float[4]; var sRec = new float[4];
        var effIn = new int[4][]; var effRec = new int[4][];
        for (int g = 0; g < 4; g++)
        {
            qIn[g] = Quantize(wIn[g], out sIn[g]);
            qRec[g] = Quantize(wRec[g], out sRec[g]);
            effIn[g] = new int[4];
            effRec[g] = new int[4];
            for (int r = 0; r < 4; r++)
            {
                int b = (int)MathF.Round(bias[g][r] / (inputScale * sIn[g]));
                effIn[g][r] = b - inputZp * (qIn[g][r * 2] + qIn[g][r * 2 + 1]);
                int rs = 0;
                for (int c = 0; c < 4; c++) rs += qRec[g][r * 4 + c];
                effRec[g][r] = -outputZp * rs;
            }
        }
        var q = LstmIntegerParams.Create(new LstmIntegerScales
        {
            Input = inputScale, OutputState = outputScale, OutputStateZeroPoint = outputZp, CellState = 1f / 2048,
            InputToInput = sIn[0], InputToForget = sIn[1], InputToCell = sIn[2], InputToOutput = sIn[3],
            RecurrentToInput = sRec[0], RecurrentToForget = sRec[1], RecurrentToCell = sRec[2], RecurrentToOutput = sRec[3],
            HiddenScale = outputScale, HiddenZeroPoint = outputZp,
        }, out string? error);
        Assert.Null(error);
        return new IntegerModel(q!, qIn, qRec, effIn, effRec, inputScale, inputZp, outputScale, outputZp);
    }

    private static sbyte[] RunInteger(IntegerModel m, in LstmParams p, sbyte[] input, sbyte[] outputState, short[] cellState)
    {
        var w = new LstmIntegerWeights
        {
            InputToInput = m.InputWeights[0], InputToForget = m.InputWeights[1], InputToCell = m.InputWeights[2], InputToOutput = m.InputWeights[3],
            RecurrentToInput = m.RecurrentWeights[0], RecurrentToForget = m.RecurrentWeights[1],
            RecurrentToCell = m.RecurrentWeights[2], RecurrentToOutput = m.RecurrentWeights[3],
            InputToInputBias = m.InputBias[0], InputToForgetBias = m.InputBias[1], InputToCellBias = m.InputBias[2], InputToOutputBias = m.InputBias[3],
            RecurrentToInputBias = m.RecurrentBias[0], RecurrentToForgetBias = m.RecurrentBias[1],
            RecurrentToCellBias = m.RecurrentBias[2], RecurrentToOutputBias = m.RecurrentBias[3],
        };
        var output = new sbyte[p.MaxTime * p.Batch * 4];
        UnidirectionalSequenceLstm.EvalInteger(p, w, m.Q, input, outputState, cellState, output,
                                               new short[UnidirectionalSequenceLstm.IntegerScratchLength(p)],
                                               new sbyte[UnidirectionalSequenceLstm.IntegerHiddenScratchLength(p)]);
        return output;
    }

    private static sbyte[] QuantizeInput(float[] x, float scale, int zp) =>
        x.Select(v => (sbyte)Math.Clamp((int)MathF.Round(v / scale) + zp, -128, 127)).ToArray();

    [Theory]
    [InlineData(0, 0)]
    [InlineData(-10, 3)]
    public void Integer_TracksFloatGolden(int inputZp, int outputZp)
    {
        var m = QuantizeBasic(1f / 16, inputZp, 1f / 128, outputZp);
        var state = Enumerable.Repeat((sbyte)outputZp, 4).ToArray(); // int8 variables start at their zero point
        var output = RunInteger(m, P, QuantizeInput(Basic.Input, m.InputScale, inputZp), state, new short[4]);
        var dequantized = output.Select(v => (v - outputZp) * m.OutputScale).ToArray();
        AssertNear(Basic.Golden, dequantized, 0.02f);
    }

    [Fact]
    public void Integer_StateCarriesAcrossInvokesAndBatchRowsAreIndependent()
    {
        var m = QuantizeBasic(1f / 16, -10, 1f / 128, 3);
        var x = QuantizeInput(Basic.Input, m.InputScale, -10);
        var whole = RunInteger(m, P, x, [3, 3, 3, 3], new short[4]);

        // The same sequence one step per invoke, keeping the variable states.
        var one = P with { MaxTime = 1 };
        sbyte[] h = [3, 3, 3, 3];
        var c = new short[4];
        var stepped = new List<sbyte>();
        for (int t = 0; t < 3; t++) stepped.AddRange(RunInteger(m, one, x.AsSpan(t * 2, 2).ToArray(), h, c));
        Assert.Equal(whole, stepped.ToArray());

        // Time-major with two batch rows (the second is the same sequence negated) equals two single runs.
        var neg = QuantizeInput(Basic.Input.Select(v => -v).ToArray(), m.InputScale, -10);
        var interleaved = new sbyte[12];
        for (int t = 0; t < 3; t++)
        {
            interleaved[t * 4] = x[t * 2]; interleaved[t * 4 + 1] = x[t * 2 + 1];
            interleaved[t * 4 + 2] = neg[t * 2]; interleaved[t * 4 + 3] = neg[t * 2 + 1];
        }
        var both = RunInteger(m, P with { Batch = 2 }, interleaved, [3, 3, 3, 3, 3, 3, 3, 3], new short[8]);
        var negOnly = RunInteger(m, P, neg, [3, 3, 3, 3], new short[4]);
        for (int t = 0; t < 3; t++)
        {
            Assert.Equal(whole.AsSpan(t * 4, 4).ToArray(), both.AsSpan(t * 8, 4).ToArray());
            Assert.Equal(negOnly.AsSpan(t * 4, 4).ToArray(), both.AsSpan(t * 8 + 4, 4).ToArray());
        }
    }

    [Fact]
    public void IntegerParams_RejectNonPowerOfTwoCellScale()
    {
        Assert.Null(LstmIntegerParams.Create(new LstmIntegerScales { CellState = 0.001f }, out string? error));
        Assert.Contains("power of two", error);
        var q = LstmIntegerParams.Create(new LstmIntegerScales { CellState = 1f / 4096, CellClip = 10f, OutputState = 1f / 128, HiddenScale = 1f / 128 }, out _);
        Assert.Equal(-12, q!.CellScale);
        Assert.Equal(32767, q.QuantizedCellClip); // 10 / 2^-12 = 40960 saturates
        // Hidden scale 2^-15 / (1/128) * 2^-15 = 2^-23: Q31 0.5 with shift -22.
        Assert.Equal(1 << 30, q.HiddenMultiplier);
        Assert.Equal(-22, q.HiddenShift);
    }
}
