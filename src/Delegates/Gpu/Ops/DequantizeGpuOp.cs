using ILGPU;
using ILGPU.Runtime;
using ManagedLite.Delegates.Gpu.Execution;
using ManagedLite.Schema;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Delegates.Gpu.Ops;

/// <summary>
/// DEQUANTIZE of a constant float16, int8, uint8 or int16 tensor (weights of fp16/int8 models when constant folding
/// is off): computed once on the host with the reference kernel when the partition is built; the output is a
/// constant of the partition, so nothing runs at Invoke.
/// </summary>
internal sealed class DequantizeGpuOp : GpuOp
{
    public DequantizeGpuOp(DelegateNode node) : base(node) { }

    public override bool IsDataInput(int index) => false;

    public static string? Check(DelegateNode node)
    {
        if (GpuChecks.First(GpuChecks.Inputs(node, 1, 1), GpuChecks.Outputs(node), GpuChecks.Float(node.Outputs[0], "output")) is { } r) return r;
        var input = node.Inputs[0]!;
        if (!input.IsConstant) return $"input '{input.Name}' is not a constant (only constant weights are dequantized by the GPU delegate)";
        if (input.DataType == TensorType.Float16) return null;
        if (input.DataType is not (TensorType.Int8 or TensorType.UInt8 or TensorType.Int16))
            return $"input '{input.Name}' is {TensorTypes.Name(input.DataType)}; expected float16, int8, uint8 or int16";
        var q = input.Quantization;
        if (q is null || q.Scales.Count == 0) return $"input '{input.Name}' has no quantization parameters";
        if (q.Scales.Count > 1 && ((uint)q.QuantizedDimension >= (uint)input.Rank || input.Dim(q.QuantizedDimension) != q.Scales.Count))
            return $"input '{input.Name}' has {q.Scales.Count} scales that do not match dimension {q.QuantizedDimension}";
        if (q.ZeroPoints.Count != 0 && q.ZeroPoints.Count != q.Scales.Count) return $"input '{input.Name}' has mismatched scales and zero points";
        return null;
    }

    public override void Build(PartitionBuilder b)
    {
        var input = Node.Inputs[0]!;
        var values = new float[input.ElementCount];
        switch (input.DataType)
        {
            case TensorType.Float16: Ref.Dequantize.Float16(input.GetData<System.Half>(), values); break;
            case TensorType.Int8: Run(input.GetData<sbyte>(), input, values); break;
            case TensorType.UInt8: Run(input.GetData<byte>(), input, values); break;
            default: Run(input.GetData<short>(), input, values); break;
        }
        Out[0].ConstantData = values;
        Out[0].Shape = input.Shape.ToArray();
    }

    private static void Run<T>(ReadOnlySpan<T> q, LiteTensor input, float[] y) where T : unmanaged, System.Numerics.IBinaryInteger<T>
    {
        var quant = input.Quantization!;
        var scales = quant.Scales.ToArray();
        var zeros = quant.ZeroPoints.Count == scales.Length ? quant.ZeroPoints.ToArray() : new long[scales.Length];
        if (scales.Length > 1) Ref.Dequantize.PerChannel(q, y, input.Shape, quant.QuantizedDimension, scales, zeros);
        else Ref.Dequantize.PerTensor(q, y, scales[0], (int)zeros[0]);
    }

    public override void InferShapes() { }

    public override void Prepare(PartitionMemory m) { }

    public override void Enqueue(AcceleratorStream stream) { }
}
