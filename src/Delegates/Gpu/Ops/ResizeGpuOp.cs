using ILGPU;
using ILGPU.Runtime;
using ManagedLite.Delegates.Gpu.Execution;
using ManagedLite.Delegates.Gpu.Kernels;
using ManagedLite.Schema;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Delegates.Gpu.Ops;

/// <summary>
/// RESIZE_BILINEAR and RESIZE_NEAREST_NEIGHBOR (float32, NHWC, constant size, align_corners / half_pixel_centers).
/// The per-row and per-column source indices and fractions come from the reference kernels' own coordinate
/// functions, computed on the host at Prepare and uploaded as small tables.
/// </summary>
internal sealed class ResizeGpuOp : GpuOp
{
    private readonly bool _bilinear;
    private Action<AcceleratorStream, KernelConfig, ResizeBilinearBody, LinearRange>? _bilinearKernel;
    private Action<AcceleratorStream, KernelConfig, ResizeNearestBody, LinearRange>? _nearestKernel;
    private bool _alignCorners, _halfPixel;
    private int _outH, _outW;
    private ResizeBilinearBody _b;
    private ResizeNearestBody _n;
    private KernelConfig _config;
    private LinearRange _range;

    public ResizeGpuOp(DelegateNode node) : base(node) => _bilinear = node.Operator == BuiltinOperator.RESIZE_BILINEAR;

    public override bool IsDataInput(int index) => index == 0;

    public static string? Check(DelegateNode node)
    {
        if (GpuChecks.First(GpuChecks.Inputs(node, 2, 2), GpuChecks.Outputs(node)) is { } r) return r;
        bool align, half;
        if (node.Operator == BuiltinOperator.RESIZE_BILINEAR)
        {
            var o = node.GetOptions<ResizeBilinearOptions>();
            (align, half) = (o.AlignCorners, o.HalfPixelCenters);
        }
        else
        {
            var o = node.GetOptions<ResizeNearestNeighborOptions>();
            (align, half) = (o.AlignCorners, o.HalfPixelCenters);
        }
        var size = node.Inputs[1]!;
        return GpuChecks.First(GpuChecks.Float(node.Inputs[0], "input"), GpuChecks.Float(node.Outputs[0], "output"),
            GpuChecks.Rank(node.Inputs[0]!, 4, "input"), GpuChecks.ConstantInts(size, "size"),
            size.DataType != TensorType.Int32 || size.ElementCount != 2 ? $"size '{size.Name}' must be two int32 values" : null,
            align && half && node.Operator == BuiltinOperator.RESIZE_BILINEAR ? "half_pixel_centers and align_corners cannot both be true" : null);
    }

    public override void Build(PartitionBuilder b)
    {
        if (_bilinear)
        {
            var o = Node.GetOptions<ResizeBilinearOptions>();
            (_alignCorners, _halfPixel) = (o.AlignCorners, o.HalfPixelCenters);
            _bilinearKernel = b.Device.Load<ResizeBilinearBody, LinearRange>(ForEachKernel.Run);
        }
        else
        {
            var o = Node.GetOptions<ResizeNearestNeighborOptions>();
            (_alignCorners, _halfPixel) = (o.AlignCorners, o.HalfPixelCenters);
            _nearestKernel = b.Device.Load<ResizeNearestBody, LinearRange>(ForEachKernel.Run);
        }
        var size = Node.Inputs[1]!.GetData<int>();
        (_outH, _outW) = (size[0], size[1]);
    }

    public override void InferShapes()
    {
        var s = Input(0).Shape;
        if (s.Length != 4) throw Fail($"input must have rank 4, got {Format(s)}");
        if (_outH <= 0 || _outW <= 0) throw Fail($"size [{_outH},{_outW}] must be positive");
        if ((s[1] == 0 || s[2] == 0) && s[0] != 0 && s[3] != 0) throw Fail($"input {Format(s)} has no pixels to resize");
        Out[0].Shape = [s[0], _outH, _outW, s[3]];
    }

    public override void Prepare(PartitionMemory m)
    {
        var s = Input(0).Shape;
        int inH = s[1], inW = s[2], c = s[3];
        _config = m.Linear(Out[0].Length, out _range);
        if (_range.Count == 0) return;
        if (_bilinear)
        {
            float hs = Ref.ResizeBilinear.Scale(inH, _outH, _alignCorners), ws = Ref.ResizeBilinear.Scale(inW, _outW, _alignCorners);
            var rows = new int[2 * _outH];
            var cols = new int[2 * _outW];
            var rowFrac = new float[_outH];
            var colFrac = new float[_outW];
            for (int y = 0; y < _outH; y++)
            {
                Ref.ResizeBilinear.Interpolation(y, hs, _halfPixel, inH, out float inY, out int y0, out int y1);
                (rows[2 * y], rows[2 * y + 1], rowFrac[y]) = (y0, y1, inY - y0);
            }
            for (int x = 0; x < _outW; x++)
            {
                Ref.ResizeBilinear.Interpolation(x, ws, _halfPixel, inW, out float inX, out int x0, out int x1);
                (cols[2 * x], cols[2 * x + 1], colFrac[x]) = (x0, x1, inX - x0);
            }
            _b = new ResizeBilinearBody
            {
                Input = m.View(Input(0)), Output = m.View(Out[0]), Rows = m.Table(rows), Cols = m.Table(cols),
                RowFrac = m.Table(rowFrac), ColFrac = m.Table(colFrac),
                InputHeight = inH, InputWidth = inW, Channels = c, OutputHeight = _outH, OutputWidth = _outW,
            };
        }
        else
        {
            var rows = new int[_outH];
            var cols = new int[_outW];
            for (int y = 0; y < _outH; y++) rows[y] = Ref.ResizeNearestNeighbor.Source(y, inH, _outH, _alignCorners, _halfPixel);
            for (int x = 0; x < _outW; x++) cols[x] = Ref.ResizeNearestNeighbor.Source(x, inW, _outW, _alignCorners, _halfPixel);
            _n = new ResizeNearestBody
            {
                Input = m.View(Input(0)), Output = m.View(Out[0]), Rows = m.Table(rows), Cols = m.Table(cols),
                InputHeight = inH, InputWidth = inW, Channels = c, OutputHeight = _outH, OutputWidth = _outW,
            };
        }
    }

    public override void Enqueue(AcceleratorStream stream)
    {
        if (_range.Count == 0) return;
        if (_bilinear) _bilinearKernel!(stream, _config, _b, _range);
        else _nearestKernel!(stream, _config, _n, _range);
    }
}
