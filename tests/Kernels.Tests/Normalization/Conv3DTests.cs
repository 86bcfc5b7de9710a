using ManagedLite.Kernels.Optimized.Gemm;
using ManagedLite.Kernels.Params;
using ManagedLite.Kernels.Tests.Convolution;
using Xunit;
using Opt = ManagedLite.Kernels.Optimized;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Kernels.Tests.Normalization;

/// <summary>CONV_3D: the reference against a hand-computed case and a direct formula; the im2col + GEMM path against the reference.</summary>
public class Conv3DTests
{
    private static Conv3DParams Geometry(int n, int d, int h, int w, int ic, int fd, int fh, int fw, int oc, int sd, int sh, int sw,
                                         int dd, int dh, int dw, bool same, float min = float.MinValue, float max = float.MaxValue)
    {
        int Out(int size, int f, int s, int dil) => same ? (size + s - 1) / s : (size + s - ((f - 1) * dil + 1)) / s;
        int Pad(int size, int f, int s, int dil, int o) => Math.Max(0, (o - 1) * s + (f - 1) * dil + 1 - size) / 2;
        int od = Out(d, fd, sd, dd), oh = Out(h, fh, sh, dh), ow = Out(w, fw, sw, dw);
        return new Conv3DParams
        {
            Batches = n, InputDepth = d, InputHeight = h, InputWidth = w, InputChannels = ic,
            FilterDepth = fd, FilterHeight = fh, FilterWidth = fw, OutputChannels = oc,
            OutputDepth = od, OutputHeight = oh, OutputWidth = ow,
            StrideDepth = sd, StrideHeight = sh, StrideWidth = sw, DilationDepth = dd, DilationHeight = dh, DilationWidth = dw,
            PadDepth = Pad(d, fd, sd, dd, od), PadHeight = Pad(h, fh, sh, dh, oh), PadWidth = Pad(w, fw, sw, dw, ow),
            ActivationMin = min, ActivationMax = max,
        };
    }

    [Fact]
    public void TwoByTwoByTwoSumsItsCube()
    {
        // Input 2x2x2, one channel, values 1..8; a 2x2x2 all-ones filter, VALID: one output = 36 (+ bias 0.5).
        var p = Geometry(1, 2, 2, 2, 1, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, same: false);
        var input = Enumerable.Range(1, 8).Select(i => (float)i).ToArray();
        var output = new float[1];
        Ref.Conv3D.Run(p, input, Enumerable.Repeat(1f, 8).ToArray(), [0.5f], output);
        Assert.Equal(36.5f, output[0]);
    }

    [Fact]
    public void ActivationClampsAndPaddingSkipsOutsideTaps()
    {
        // SAME 3x3x3 on a 1x1x1 input: only the centre tap is inside.
        var p = Geometry(1, 1, 1, 1, 1, 3, 3, 3, 2, 1, 1, 1, 1, 1, 1, same: true, min: 0f, max: 6f);
        var filter = new float[27 * 2];
        filter[13 * 2] = 10f;      // centre tap, output channel 0
        filter[13 * 2 + 1] = -3f;  // centre tap, output channel 1
        for (int i = 0; i < filter.Length; i++) if (i / 2 != 13) filter[i] = 100f;
        var output = new float[2];
        Ref.Conv3D.Run(p, [1f], filter, default, output);
        Assert.Equal([6f, 0f], output);
    }

    public static TheoryData<int> Seeds()
    {
        var d = new TheoryData<int>();
        for (int s = 0; s < 24; s++) d.Add(s);
        return d;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void OptimizedMatchesReferenceForEveryMicrokernel(int seed)
    {
        var rng = new Random(seed);
        int oc = ConvTestUtil.Channels[seed % ConvTestUtil.Channels.Length];
        int fd = rng.Next(1, 4), fh = rng.Next(1, 4), fw = rng.Next(1, 4);
        int sd = rng.Next(1, 3), sh = rng.Next(1, 3), sw = rng.Next(1, 3);
        int dd = rng.Next(1, 3), dh = rng.Next(1, 3), dw = rng.Next(1, 3);
        bool same = rng.Next(2) == 0;
        int d = (fd - 1) * dd + rng.Next(1, 4), h = (fh - 1) * dh + rng.Next(1, 5), w = (fw - 1) * dw + rng.Next(1, 5);
        var p = Geometry(rng.Next(1, 3), d, h, w, rng.Next(1, 6), fd, fh, fw, oc, sd, sh, sw, dd, dh, dw, same,
                         min: seed % 3 == 0 ? 0f : float.MinValue, max: seed % 3 == 0 ? 6f : float.MaxValue);
        if (seed % 5 == 0) p = Geometry(2, 3, 4, 5, 3, 1, 1, 1, oc, 1, 1, 1, 1, 1, 1, same: false);  // pointwise: A is the input
        var input = ConvTestUtil.Random(rng, p.InputLength);
        var filter = ConvTestUtil.Random(rng, p.FilterLength);
        var bias = ConvTestUtil.Random(rng, oc);
        var expected = new float[p.OutputLength];
        Ref.Conv3D.Run(p, input, filter, bias, expected);
        var sums = new float[p.OutputLength];
        Ref.Conv3D.Run(p with { ActivationMin = float.MinValue, ActivationMax = float.MaxValue }, ConvTestUtil.Abs(input),
                       ConvTestUtil.Abs(filter), ConvTestUtil.Abs(bias), sums);
        int ran = 0;
        foreach (var uk in F32GemmMicrokernels.All.Where(k => k.IsSupported))
        {
            var got = new float[p.OutputLength];
            Opt.Conv3D.Run(p, uk, input, filter, bias, got);
            ConvTestUtil.AssertClose(expected, got, sums, $"{uk.Id} seed {seed}");
            ran++;
        }
        var auto = new float[p.OutputLength];
        Opt.Conv3D.Run(p, input, filter, bias, auto);  // falls back to the reference without a microkernel
        ConvTestUtil.AssertClose(expected, auto, sums, $"dispatch seed {seed}");
        Assert.True(ran > 0 || F32GemmMicrokernels.Select(oc) is null);
    }

    [Fact]
    public void TransposeIsTheAdjointOfConv3D()
    {
        // <conv3d(x, f), y> == <x, conv3d_transpose(y, f)>, no bias.
        var rng = new Random(7);
        var p = Geometry(1, 4, 5, 3, 2, 2, 3, 2, 3, 2, 1, 2, 1, 1, 1, same: true);
        var x = ConvTestUtil.Random(rng, p.InputLength);
        var f = ConvTestUtil.Random(rng, p.FilterLength);   // [FD, FH, FW, IC, OC]
        var y = ConvTestUtil.Random(rng, p.OutputLength);
        var conv = new float[p.OutputLength];
        Ref.Conv3D.Run(p, x, f, default, conv);
        // The transposed convolution's filter [FD, FH, FW, OC', IC'] with OC' = IC and IC' = OC is the same array.
        var ft = f;
        var tp = p with
        {
            InputDepth = p.OutputDepth, InputHeight = p.OutputHeight, InputWidth = p.OutputWidth, InputChannels = p.OutputChannels,
            OutputDepth = p.InputDepth, OutputHeight = p.InputHeight, OutputWidth = p.InputWidth, OutputChannels = p.InputChannels,
        };
        var back = new float[tp.OutputLength];
        Ref.Conv3DTranspose.Run(tp, y, ft, default, back);
        double lhs = 0, rhs = 0;
        for (int i = 0; i < conv.Length; i++) lhs += conv[i] * (double)y[i];
        for (int i = 0; i < back.Length; i++) rhs += back[i] * (double)x[i];
        Assert.True(Math.Abs(lhs - rhs) < 1e-4 * (1 + Math.Abs(lhs)), $"{lhs} vs {rhs}");
    }
}
