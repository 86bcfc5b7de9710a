using System.Diagnostics;
using ILGPU;
using ILGPU.Runtime;
using ManagedLite.Delegates.Gpu.Device;
using ManagedLite.Delegates.Gpu.Ops;

namespace ManagedLite.Delegates.Gpu.Execution;

/// <summary>
/// The kernel of one delegated partition. Built at CreateKernel (ops, weights, compiled kernels); Prepare infers every
/// shape inside the partition, plans one device arena for its tensors (greedy, largest first, by lifetime; aliases
/// share storage) and sets launch parameters; Eval uploads the partition inputs, queues every node, waits, and
/// downloads the partition outputs: the only host-device traffic of an Invoke.
/// </summary>
internal sealed class PartitionKernel : IDelegateKernel
{
    private readonly GpuDevice _device;
    private readonly GpuDelegate _owner;
    private readonly GpuOp[] _ops;
    private readonly TensorSlot[] _inputs;
    private readonly TensorSlot[] _outputs;
    private readonly List<TensorSlot> _slots;
    private readonly List<IDisposable> _owned = new();   // weights: for the kernel's lifetime
    private readonly List<IDisposable> _tables = new();  // parameter tables: until the next Prepare
    private readonly bool _profile;
    private MemoryBuffer1D<float, Stride1D.Dense>? _arena;
    private bool _prepared;
    private bool _disposed;

    // Statistics (under the device gate).
    private long _invokes, _uploadBytes, _downloadBytes;
    private long _uploadTicks, _downloadTicks, _kernelTicks;
    private readonly long[] _nodeTicks;

    public PartitionKernel(GpuDelegate owner, GpuDevice device, DelegatePartition partition, int id, bool halfWeights, bool profile)
    {
        _owner = owner;
        _device = device;
        Id = id;
        _profile = profile;
        FirstNode = partition.Nodes.Count > 0 ? partition.Nodes[0].Index : -1;
        var slots = new Dictionary<int, TensorSlot>();
        _slots = new List<TensorSlot>();
        TensorSlot SlotOf(LiteTensor t)
        {
            if (slots.TryGetValue(t.Index, out var s)) return s;
            s = new TensorSlot(t) { Shape = t.Shape.ToArray() };
            if (t.IsConstant && t.DataType == Schema.TensorType.Float32) s.ConstantData = t.GetData<float>().ToArray();
            slots[t.Index] = s;
            _slots.Add(s);
            return s;
        }

        _ops = new GpuOp[partition.Nodes.Count];
        for (int j = 0; j < _ops.Length; j++)
        {
            var node = partition.Nodes[j];
            var op = GpuOps.Create(node);
            var ins = new TensorSlot?[node.Inputs.Count];
            for (int i = 0; i < ins.Length; i++)
                if (node.Inputs[i] is { } t && op.IsDataInput(i)) ins[i] = SlotOf(t);
            op.In = ins;
            op.Out = node.Outputs.Select(SlotOf).ToArray();
            _ops[j] = op;
        }
        _inputs = partition.Inputs.Select(SlotOf).ToArray();
        _outputs = partition.Outputs.Select(SlotOf).ToArray();
        foreach (var s in _inputs) s.IsPartitionInput = true;
        foreach (var s in _outputs) s.IsPartitionOutput = true;
        _nodeTicks = new long[_ops.Length];

        try
        {
            lock (device.Gate)
            {
                using var bind = device.Accelerator.BindScoped();
                var builder = new PartitionBuilder(device, halfWeights, _owned);
                foreach (var op in _ops) op.Build(builder);
                WeightBytes = builder.WeightBytes;
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public int Id { get; }
    public int FirstNode { get; }
    public int NodeCount => _ops.Length;
    public long WeightBytes { get; private set; }
    public long DeviceBytes => (_arena?.Length ?? 0) * sizeof(float);

    public void Prepare(OpContext ctx)
    {
        lock (_device.Gate)
        {
            ObjectDisposedException.ThrowIf(_disposed || _device.IsDisposed, this);
            using var bind = _device.Accelerator.BindScoped();
            _prepared = false;
            // A partition input with a data-dependent shape (made by a CPU node) makes the interpreter prepare this
            // partition again before every Eval: shapes are inferred anew and the arena grows only when it must.
            for (int i = 0; i < _inputs.Length; i++) _inputs[i].Shape = ctx.Input(i).Shape.ToArray();
            foreach (var op in _ops)
            {
                op.InferShapes();
                foreach (var o in op.Out)
                    foreach (int d in o.Shape)
                        if (d < 0) throw new GpuDelegateException($"{op.Node}: output {o.Describe()} has a negative dimension");
            }
            for (int i = 0; i < _outputs.Length; i++) ctx.ResizeOutput(i, _outputs[i].Shape);

            PlanMemory();
            foreach (var t in _tables) t.Dispose();
            _tables.Clear();
            var memory = new PartitionMemory(_device, _tables);
            foreach (var op in _ops) op.Prepare(memory);
            foreach (var o in _outputs)
                if (o.IsConstant) o.View = memory.View(o);
            _prepared = true;
        }
    }

    /// <summary>Lifetimes in op order; greedy placement, largest first, at the lowest offset free during the whole lifetime.</summary>
    private void PlanMemory()
    {
        foreach (var s in _slots) { s.FirstUse = int.MaxValue; s.LastUse = -1; }
        for (int j = 0; j < _ops.Length; j++)
        {
            foreach (var s in _ops[j].In) if (s is not null) Touch(s.Root, j);
            foreach (var s in _ops[j].Out) Touch(s.Root, j);
        }
        foreach (var s in _inputs) Touch(s.Root, -1);
        foreach (var s in _outputs) Touch(s.Root, _ops.Length);

        const long align = 64; // floats (256 bytes)
        var roots = _slots.Where(s => s.AliasOf is null && !s.IsConstant && s.LastUse >= 0).ToList();
        // Scratch of an op lives only while it runs: a slot of its own for the planner.
        var scratch = new TensorSlot?[_ops.Length];
        for (int j = 0; j < _ops.Length; j++)
        {
            if (_ops[j].ScratchLength <= 0) continue;
            var t = _ops[j].Out[0].Tensor;
            scratch[j] = new TensorSlot(t) { Shape = [checked((int)_ops[j].ScratchLength)], FirstUse = j, LastUse = j };
            roots.Add(scratch[j]!);
        }
        roots.Sort((a, b) => b.Length.CompareTo(a.Length));
        var placed = new List<TensorSlot>();
        long total = 0;
        foreach (var s in roots)
        {
            long size = (Math.Max(1, s.Length) + align - 1) / align * align;
            var busy = placed.Where(p => p.FirstUse <= s.LastUse && s.FirstUse <= p.LastUse).OrderBy(p => p.Offset).ToList();
            long offset = 0;
            foreach (var p in busy)
            {
                long pSize = (Math.Max(1, p.Length) + align - 1) / align * align;
                if (offset + size <= p.Offset) break;
                offset = Math.Max(offset, p.Offset + pSize);
            }
            s.Offset = offset;
            placed.Add(s);
            total = Math.Max(total, offset + size);
        }
        if (_arena is null || _arena.Length < total)
        {
            _arena?.Dispose();
            _arena = null;
            _arena = _device.Accelerator.Allocate1D<float>(Math.Max(align, total));
        }
        foreach (var s in _slots)
        {
            var root = s.Root;
            if (root.IsConstant || root.LastUse < 0) continue;
            s.View = _arena.View.SubView(root.Offset, Math.Max(0, s.Length));
        }
        for (int j = 0; j < _ops.Length; j++)
            _ops[j].Scratch = scratch[j] is { } sc ? _arena.View.SubView(sc.Offset, sc.Length) : default;
    }

    private static void Touch(TensorSlot root, int op)
    {
        root.FirstUse = Math.Min(root.FirstUse, op);
        root.LastUse = Math.Max(root.LastUse, op);
    }

    public unsafe void Eval(OpContext ctx)
    {
        lock (_device.Gate)
        {
            ObjectDisposedException.ThrowIf(_disposed || _device.IsDisposed, this);
            if (!_prepared) throw new GpuDelegateException("the partition was not prepared");
            using var bind = _device.Accelerator.BindScoped();
            var stream = _device.Stream;
            long t0 = Stopwatch.GetTimestamp();
            for (int i = 0; i < _inputs.Length; i++)
            {
                var src = ctx.Input(i).GetData<float>();
                if (src.Length == 0) continue;
                fixed (float* p = src)
                    _inputs[i].View.SubView(0, src.Length).CopyFromCPU(stream, ref *p, src.Length);
                _uploadBytes += (long)src.Length * sizeof(float);
            }
            long t1 = Stopwatch.GetTimestamp();
            for (int j = 0; j < _ops.Length; j++)
            {
                long n0 = _profile ? Stopwatch.GetTimestamp() : 0;
                _ops[j].Enqueue(stream);
                if (_profile)
                {
                    stream.Synchronize();
                    _nodeTicks[j] += Stopwatch.GetTimestamp() - n0;
                }
            }
            stream.Synchronize();
            long t2 = Stopwatch.GetTimestamp();
            for (int i = 0; i < _outputs.Length; i++)
            {
                var dst = ctx.Output(i).GetWritableData<float>();
                if (dst.Length == 0) continue;
                fixed (float* p = dst)
                    _outputs[i].View.SubView(0, dst.Length).CopyToCPU(stream, ref *p, dst.Length);
                _downloadBytes += (long)dst.Length * sizeof(float);
            }
            long t3 = Stopwatch.GetTimestamp();
            _uploadTicks += t1 - t0;
            _kernelTicks += t2 - t1;
            _downloadTicks += t3 - t2;
            _invokes++;
        }
    }

    public GpuPartitionStatistics Snapshot()
    {
        lock (_device.Gate)
        {
            static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
            IReadOnlyList<(int, string, double)>? nodes = null;
            if (_profile)
                nodes = _ops.Select((op, j) => (op.Node.Index, op.Node.OperatorName, Ms(_nodeTicks[j]))).ToArray();
            return new GpuPartitionStatistics(Id, FirstNode, _ops.Length, _invokes, Ms(_uploadTicks), Ms(_downloadTicks), Ms(_kernelTicks),
                _uploadBytes, _downloadBytes, DeviceBytes, WeightBytes, nodes);
        }
    }

    public void ResetStatistics()
    {
        lock (_device.Gate)
        {
            _invokes = _uploadBytes = _downloadBytes = _uploadTicks = _downloadTicks = _kernelTicks = 0;
            Array.Clear(_nodeTicks);
        }
    }

    public void Dispose()
    {
        lock (_device.Gate)
        {
            if (_disposed) return;
            _disposed = true;
            _owner.Forget(this);
            if (_device.IsDisposed) return; // the accelerator already released its memory
            using var bind = _device.Accelerator.BindScoped(); // CUDA frees memory in the current context
            foreach (var t in _tables) t.Dispose();
            foreach (var w in _owned) w.Dispose();
            foreach (var s in _slots) s.ConstantBuffer?.Dispose();
            _arena?.Dispose();
            _tables.Clear();
            _owned.Clear();
        }
    }
}
