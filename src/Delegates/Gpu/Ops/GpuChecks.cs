using ILGPU;
using ManagedLite.Schema;

namespace ManagedLite.Delegates.Gpu.Ops;

/// <summary>
/// Support checks shared by the ops (IsNodeSupported): each returns null when fine or the reason the node stays on
/// the CPU, naming the tensor and what the GPU delegate needs.
/// </summary>
internal static class GpuChecks
{
    public static string? Inputs(DelegateNode node, int min, int max)
    {
        int n = node.Inputs.Count;
        if (n < min || n > max) return min == max ? $"expects {min} inputs, has {n}" : $"expects {min} to {max} inputs, has {n}";
        for (int i = 0; i < min; i++)
            if (node.Inputs[i] is null) return $"input {i} is omitted";
        return null;
    }

    public static string? Outputs(DelegateNode node, int count = 1) =>
        node.Outputs.Count == count ? null : $"expects {count} output(s), has {node.Outputs.Count}";

    /// <summary>Float32 data, with a shape that has no unknown dimension.</summary>
    public static string? Float(LiteTensor? t, string role)
    {
        if (t is null) return null;
        if (t.DataType != TensorType.Float32) return $"{role} '{t.Name}' is {TensorTypes.Name(t.DataType)} (the GPU delegate runs float32 only)";
        foreach (int d in t.Shape)
            if (d < 0) return $"{role} '{t.Name}' has an unknown dimension [{string.Join(",", t.Shape.ToArray())}]";
        return null;
    }

    public static string? Rank(LiteTensor t, int rank, string role) =>
        t.Rank == rank ? null : $"{role} '{t.Name}' has rank {t.Rank} [{string.Join(",", t.Shape.ToArray())}], the GPU kernel needs {rank}";

    public static string? MaxRank(LiteTensor t, int rank, string role) =>
        t.Rank <= rank ? null : $"{role} '{t.Name}' has rank {t.Rank}, the GPU kernel supports up to {rank}";

    /// <summary>A shape-like input (sizes, paddings, axes) that the delegate reads when it builds the kernel.</summary>
    public static string? ConstantInts(LiteTensor? t, string role)
    {
        if (t is null) return $"{role} is missing";
        if (!t.IsConstant) return $"{role} '{t.Name}' is not a constant (the GPU delegate needs shapes known when it builds the partition)";
        if (t.DataType is not (TensorType.Int32 or TensorType.Int64)) return $"{role} '{t.Name}' is {TensorTypes.Name(t.DataType)}, expected int32 or int64";
        return null;
    }

    public static string? Activation(ActivationFunctionType fromOptions, DelegateNode node)
    {
        foreach (var a in new[] { fromOptions, node.FusedActivation })
            if (a is not (ActivationFunctionType.None or ActivationFunctionType.Relu or ActivationFunctionType.Relu6 or ActivationFunctionType.ReluN1To1))
                return $"fused activation {a} is not supported";
        return null;
    }

    /// <summary>The first non-null reason.</summary>
    public static string? First(params string?[] reasons)
    {
        foreach (var r in reasons) if (r is not null) return r;
        return null;
    }

    /// <summary>Values of a constant int32/int64 tensor.</summary>
    public static int[] ReadInts(LiteTensor t)
    {
        if (t.DataType == TensorType.Int32) return t.GetData<int>().ToArray();
        var longs = t.GetData<long>();
        var r = new int[longs.Length];
        for (int i = 0; i < r.Length; i++) r[i] = (int)Math.Clamp(longs[i], int.MinValue, int.MaxValue);
        return r;
    }
}
