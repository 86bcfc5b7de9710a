using ILGPU;
using ILGPU.Runtime;
using ManagedLite.Delegates.Gpu.Execution;
using ManagedLite.Schema;

namespace ManagedLite.Delegates.Gpu.Ops;

/// <summary>
/// TRANSPOSE (constant permutation, rank up to 8), DEPTH_TO_SPACE and SPACE_TO_DEPTH (NHWC, float32): each is a
/// permutation of a (split) view of the input, run as one strided gather.
/// </summary>
internal sealed class PermuteGpuOp : GpuOp
{
    private StridedCopy _copy = null!;
    private int[] _perm = [];
    private int _block;
    private readonly List<(int, int, int)> _dims = new();

    public PermuteGpuOp(DelegateNode node) : base(node) { }

    public override bool IsDataInput(int index) => index == 0;

    public static string? Check(DelegateNode node)
    {
        bool transpose = node.Operator == BuiltinOperator.TRANSPOSE;
        if (GpuChecks.First(GpuChecks.Inputs(node, transpose ? 2 : 1, transpose ? 2 : 1), GpuChecks.Outputs(node)) is { } r) return r;
        int block = node.Operator switch
        {
            BuiltinOperator.DEPTH_TO_SPACE => node.GetOptions<DepthToSpaceOptions>().BlockSize,
            BuiltinOperator.SPACE_TO_DEPTH => node.GetOptions<SpaceToDepthOptions>().BlockSize,
            _ => 1,
        };
        return GpuChecks.First(GpuChecks.Float(node.Inputs[0], "input"), GpuChecks.Float(node.Outputs[0], "output"),
            transpose ? GpuChecks.ConstantInts(node.Inputs[1], "perm") : GpuChecks.Rank(node.Inputs[0]!, 4, "input"),
            transpose ? GpuChecks.MaxRank(node.Inputs[0]!, 8, "input") : null,
            block < 1 ? $"block_size must be >= 1, got {block}" : null);
    }

    public override void Build(PartitionBuilder b)
    {
        _copy = new StridedCopy(b.Device);
        switch (Node.Operator)
        {
            case BuiltinOperator.TRANSPOSE: _perm = GpuChecks.ReadInts(Node.Inputs[1]!); break;
            case BuiltinOperator.DEPTH_TO_SPACE: _block = Node.GetOptions<DepthToSpaceOptions>().BlockSize; break;
            default: _block = Node.GetOptions<SpaceToDepthOptions>().BlockSize; break;
        }
    }

    public override void InferShapes()
    {
        var s = Input(0).Shape;
        _dims.Clear();
        switch (Node.Operator)
        {
            case BuiltinOperator.TRANSPOSE:
            {
                int rank = s.Length;
                if (_perm.Length != rank) throw Fail($"perm {Format(_perm)} does not match input {Format(s)}");
                var seen = new bool[rank];
                var inStrides = StridedCopy.Strides(s);
                var shape = new int[rank];
                for (int d = 0; d < rank; d++)
                {
                    int p = _perm[d] < 0 ? _perm[d] + rank : _perm[d];
                    if (p < 0 || p >= rank || seen[p]) throw Fail($"perm {Format(_perm)} is not a permutation of rank {rank}");
                    seen[p] = true;
                    shape[d] = s[p];
                }
                var outStrides = StridedCopy.Strides(shape);
                for (int d = 0; d < rank; d++)
                {
                    int p = _perm[d] < 0 ? _perm[d] + rank : _perm[d];
                    _dims.Add((shape[d], inStrides[p], outStrides[d]));
                }
                Out[0].Shape = shape;
                break;
            }
            case BuiltinOperator.DEPTH_TO_SPACE:
            {
                if (s.Length != 4) throw Fail($"input must have rank 4, got {Format(s)}");
                int n = s[0], h = s[1], w = s[2], c = s[3], bs = _block;
                if (c % (bs * bs) != 0) throw Fail($"depth {c} is not divisible by block_size^2 = {bs * bs}");
                int oc = c / (bs * bs);
                // Output [N, H, bs, W, bs, C'] reads input [N, H, W, bs, bs, C'].
                int oW = w * bs * oc, oRow = bs * oW;
                _dims.AddRange([(n, h * w * c, h * oRow), (h, w * c, oRow), (bs, bs * oc, oW), (w, c, bs * oc), (bs, oc, oc), (oc, 1, 1)]);
                Out[0].Shape = [n, h * bs, w * bs, oc];
                break;
            }
            default:
            {
                if (s.Length != 4) throw Fail($"input must have rank 4, got {Format(s)}");
                int n = s[0], h = s[1], w = s[2], c = s[3], bs = _block;
                if (h % bs != 0 || w % bs != 0) throw Fail($"height {h} and width {w} must be divisible by block_size {bs}");
                int oh = h / bs, ow = w / bs, oc = c * bs * bs;
                // Output [N, H', W', bs, bs, C] reads input [N, H', bs, W', bs, C].
                _dims.AddRange([(n, h * w * c, oh * ow * oc), (oh, bs * w * c, ow * oc), (ow, bs * c, oc), (bs, w * c, bs * c), (bs, c, c), (c, 1, 1)]);
                Out[0].Shape = [n, oh, ow, oc];
                break;
            }
        }
    }

    public override void Prepare(PartitionMemory m) => _copy.Prepare(m, m.View(Input(0)), m.View(Out[0]), _dims, 0, 0);

    public override void Enqueue(AcceleratorStream stream) => _copy.Enqueue(stream);
}
