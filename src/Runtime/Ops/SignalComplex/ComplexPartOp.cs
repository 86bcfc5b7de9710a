using System.Runtime.InteropServices;
using ManagedLite.Schema;
using static ManagedLite.Ops.IndexReduceChecks;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.SignalComplex;

/// <summary>
/// COMPLEX_ABS, REAL and IMAG (TFLite's complex_support.cc), shared: one complex64 input -> float32 output, or
/// complex128 -> float64, of the input's shape.
/// </summary>
internal abstract class ComplexPartOp(Ref.ComplexParts.Part part) : IOpKernel
{
    public void Prepare(OpContext ctx)
    {
        ExpectCounts(ctx, 1, 1);
        var input = ctx.Input(0);
        var output = ctx.Output(0);
        ExpectType(ctx, input, "input", TensorType.Complex64, TensorType.Complex128);
        var want = input.DataType == TensorType.Complex64 ? TensorType.Float32 : TensorType.Float64;
        if (output.DataType != want)
            throw ctx.Fail($"output {Describe(output)} must be {TensorTypes.Name(want)} for a {TensorTypes.Name(input.DataType)} input");
        ctx.ResizeOutput(0, input.Shape);
    }

    public void Eval(OpContext ctx)
    {
        var input = ctx.Input(0);
        var output = ctx.Output(0);
        if (input.DataType == TensorType.Complex64)
            Ref.ComplexParts.Run(part, MemoryMarshal.Cast<byte, float>(input.RawBytes), output.GetWritableData<float>());
        else
            Ref.ComplexParts.Run(part, MemoryMarshal.Cast<byte, double>(input.RawBytes), output.GetWritableData<double>());
    }
}
