using ILGPU;
using ManagedLite.Delegates.Gpu.Execution;

namespace ManagedLite.Delegates.Gpu.Ops;

/// <summary>
/// An optional float vector argument (a bias): constant data uploaded once at build time, a tensor read at run time,
/// or absent.
/// </summary>
internal readonly struct ArrayViewHolder
{
    private readonly DeviceWeights? _constant;
    private readonly TensorSlot? _slot;

    private readonly long _constantLength;

    private ArrayViewHolder(DeviceWeights? constant, TensorSlot? slot, long constantLength = 0)
    {
        _constant = constant;
        _slot = slot;
        _constantLength = constantLength;
    }

    public static ArrayViewHolder ForBias(PartitionBuilder b, TensorSlot? slot)
    {
        if (slot is null) return default;
        if (slot.IsConstant) return new ArrayViewHolder(b.Upload(slot.Root.ConstantData!, allowHalf: false), null, slot.Root.ConstantData!.Length);
        return new ArrayViewHolder(null, slot);
    }

    /// <summary>Throws unless a present vector has <paramref name="length"/> elements (the kernel reads one per output channel).</summary>
    public void Expect(int length, Func<string, Exception> fail)
    {
        long have = _constant is not null ? _constantLength : _slot?.Length ?? length;
        if (have != length) throw fail($"bias has {have} elements, expected {length}");
    }

    public (ArrayView<float> View, bool Present) Resolve(PartitionMemory m)
    {
        if (_constant is not null) return (_constant.Linear32.Data, true);
        if (_slot is not null) return (m.View(_slot), true);
        return (m.Dummy, false);
    }
}
