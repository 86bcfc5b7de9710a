using ManagedLite.Kernels.Optimized.Gemm;
using ManagedLite.Kernels.Params;

namespace ManagedLite.Kernels.Optimized;

/// <summary>
/// Float CONV_3D as GEMM: output voxels are rows of A (im2col rows of FD*FH*FW*IC taps, zeros outside the input,
/// built a tile at a time in scratch; a 1x1x1 stride-1 convolution reads the input directly), the filter
/// transposed to [OC, FD*FH*FW*IC] and packed once for a <see cref="F32GemmMicrokernel"/>. Machines without a
/// supported microkernel use <see cref="Reference.Conv3D"/>.
/// </summary>
public static unsafe class Conv3D
{
    /// <summary>Same contract as <see cref="Reference.Conv3D.Run"/>; packs the filter into a temporary array (allocates).</summary>
    public static void Run(in Conv3DParams p, ReadOnlySpan<float> input, ReadOnlySpan<float> filter, ReadOnlySpan<float> bias, Span<float> output)
    {
        var uk = SelectMicrokernel(p);
        if (uk is null)
        {
            Reference.Conv3D.Run(p, input, filter, bias, output);
            return;
        }
        Run(p, uk, input, filter, bias, output);
    }

    /// <summary>Runs with the given microkernel (tests force each one); allocates packing and scratch.</summary>
    public static void Run(in Conv3DParams p, F32GemmMicrokernel uk, ReadOnlySpan<float> input, ReadOnlySpan<float> filter,
                           ReadOnlySpan<float> bias, Span<float> output)
    {
        p.Check(input.Length, filter.Length, bias.Length, output.Length);
        var packed = new float[PackedWeightsLength(p, uk)];
        PackWeights(p, uk, filter, bias, packed);
        var scratch = new float[ScratchLength(p, uk)];
        RunPacked(p, uk, input, packed, output, scratch);
    }

    /// <summary>The microkernel for this convolution, or null when the reference kernel must be used.</summary>
    public static F32GemmMicrokernel? SelectMicrokernel(in Conv3DParams p)
        => p.OutputChannels > 0 && p.PatchLength <= int.MaxValue / 64 ? F32GemmMicrokernels.Select(p.OutputChannels) : null;

    public static int PackedWeightsLength(in Conv3DParams p, F32GemmMicrokernel uk)
        => F32Gemm.PackedLength(p.OutputChannels, checked((int)p.PatchLength), uk.NR);

    /// <summary>
    /// Packs filter [FD, FH, FW, IC, OC] (already K x OC, column j of B being output channel j) and the bias into
    /// <see cref="F32Gemm"/>'s panel layout ([NR bias][K][NR weights] per panel, columns past OC zero); no allocation.
    /// </summary>
    public static void PackWeights(in Conv3DParams p, F32GemmMicrokernel uk, ReadOnlySpan<float> filter, ReadOnlySpan<float> bias, Span<float> packed)
    {
        if (filter.Length < p.FilterLength) throw new ArgumentException($"conv3d: filter has {filter.Length} elements, needs {p.FilterLength}");
        int k = checked((int)p.PatchLength), n = p.OutputChannels, nr = uk.NR;
        if (packed.Length < PackedWeightsLength(p, uk)) throw new ArgumentException("conv3d: packed buffer too short");
        if (!bias.IsEmpty && bias.Length < n) throw new ArgumentException($"conv3d: bias has {bias.Length} floats, needs {n}");
        int o = 0;
        for (int n0 = 0; n0 < n; n0 += nr)
        {
            for (int j = 0; j < nr; j++) packed[o++] = n0 + j < n && !bias.IsEmpty ? bias[n0 + j] : 0f;
            for (int kk = 0; kk < k; kk++)
            for (int j = 0; j < nr; j++)
                packed[o++] = n0 + j < n ? filter[kk * n + n0 + j] : 0f;
        }
    }

    /// <summary>True when A is the input itself: 1x1x1 filter, stride 1, no padding.</summary>
    public static bool IsPointwise(in Conv3DParams p)
        => p.FilterDepth == 1 && p.FilterHeight == 1 && p.FilterWidth == 1 && p.StrideDepth == 1 && p.StrideHeight == 1 &&
           p.StrideWidth == 1 && p.PadDepth == 0 && p.PadHeight == 0 && p.PadWidth == 0 &&
           p.OutputDepth == p.InputDepth && p.OutputHeight == p.InputHeight && p.OutputWidth == p.InputWidth;

    /// <summary>Output voxels per im2col tile.</summary>
    public static int TileRows(in Conv3DParams p, F32GemmMicrokernel uk)
    {
        int rows = (int)Math.Max(1, 8192 / Math.Max(1, p.PatchLength)) / uk.MR * uk.MR;
        return Math.Max(rows, uk.MR);
    }

    /// <summary>Floats of scratch <see cref="RunPacked"/> needs (an im2col tile of [TileRows, FD*FH*FW*IC]).</summary>
    public static int ScratchLength(in Conv3DParams p, F32GemmMicrokernel uk)
        => IsPointwise(p) ? 0 : checked(TileRows(p, uk) * (int)p.PatchLength);

    /// <summary>Runs on weights packed by <see cref="PackWeights"/>; no allocation.</summary>
    public static void RunPacked(in Conv3DParams p, F32GemmMicrokernel uk, ReadOnlySpan<float> input, ReadOnlySpan<float> packed,
                                 Span<float> output, Span<float> scratch)
    {
        p.Check(input.Length, (int)Math.Min(int.MaxValue, p.FilterLength), 0, output.Length);
        if (!uk.IsSupported) throw new PlatformNotSupportedException($"{uk.Id} is not supported on this machine");
        if (packed.Length < PackedWeightsLength(p, uk)) throw new ArgumentException("conv3d: packed weights too short");
        if (scratch.Length < ScratchLength(p, uk)) throw new ArgumentException("conv3d: scratch too short");
        int n = p.OutputChannels, k = checked((int)p.PatchLength);
        int totalRows = checked(p.Batches * p.OutputDepth * p.OutputHeight * p.OutputWidth);
        if (totalRows == 0) return;
        fixed (float* pIn = input)
        fixed (float* pW = packed)
        fixed (float* pOut = output)
        fixed (float* pScratch = scratch)
        {
            if (IsPointwise(p))
            {
                F32Gemm.Run(uk, totalRows, n, k, pIn, k, pW, pOut, n, p.ActivationMin, p.ActivationMax);
                return;
            }
            int tile = TileRows(p, uk);
            for (int r0 = 0; r0 < totalRows; r0 += tile)
            {
                int rows = Math.Min(tile, totalRows - r0);
                for (int r = 0; r < rows; r++) Im2ColRow(p, pIn, r0 + r, pScratch + (nint)r * k);
                F32Gemm.Run(uk, rows, n, k, pScratch, k, pW, pOut + (nint)r0 * n, n, p.ActivationMin, p.ActivationMax);
            }
        }
    }

    /// <summary>Writes the FD*FH*FW*IC inputs of output voxel <paramref name="voxel"/> in filter order, zeros outside the input.</summary>
    private static void Im2ColRow(in Conv3DParams p, float* input, int voxel, float* row)
    {
        int outW = p.OutputWidth, outH = p.OutputHeight, outD = p.OutputDepth;
        int ox = voxel % outW;
        int rest = voxel / outW;
        int oy = rest % outH;
        rest /= outH;
        int od = rest % outD;
        int b = rest / outD;
        int inD = p.InputDepth, inH = p.InputHeight, inW = p.InputWidth, c = p.InputChannels;
        int d0 = od * p.StrideDepth - p.PadDepth, y0 = oy * p.StrideHeight - p.PadHeight, x0 = ox * p.StrideWidth - p.PadWidth;
        int fw = p.FilterWidth;
        nint rowBytes = (nint)c * sizeof(float);
        for (int fd = 0; fd < p.FilterDepth; fd++)
        {
            int d = d0 + fd * p.DilationDepth;
            for (int fy = 0; fy < p.FilterHeight; fy++)
            {
                int y = y0 + fy * p.DilationHeight;
                if ((uint)d >= (uint)inD || (uint)y >= (uint)inH)
                {
                    new Span<float>(row, fw * c).Clear();
                    row += fw * c;
                    continue;
                }
                float* src = input + (((nint)(b * inD + d) * inH + y) * inW) * c;
                for (int fx = 0; fx < fw; fx++)
                {
                    int x = x0 + fx * p.DilationWidth;
                    if ((uint)x >= (uint)inW) new Span<float>(row, c).Clear();
                    else Buffer.MemoryCopy(src + (nint)x * c, row, rowBytes, rowBytes);
                    row += c;
                }
            }
        }
    }
}
