using ManagedLite.Schema;
using static ManagedLite.Ops.ComparisonOpHelpers;
using Ref = ManagedLite.Kernels.Reference.FakeQuant;

namespace ManagedLite.Ops;

/// <summary>
/// FAKE_QUANT on float32 (TFLite's fake_quant.cc): quantize to num_bits levels over the nudged [min, max] and
/// dequantize. narrow_range (version 2) uses levels 1 .. 2^num_bits - 1 as TensorFlow's FakeQuantWithMinMaxArgs does;
/// TFLite's runtime rejects it ("only meant to be applied to weights"), ManagedLite computes it.
/// </summary>
internal sealed class FakeQuantOp : IOpKernel
{
    private FakeQuantOptions _options = new();

    public void Prepare(OpContext context)
    {
        ExpectCounts(context, 1, 1);
        var input = context.Input(0);
        if (input.DataType != TensorType.Float32) throw Unsupported(context, input, "float32");
        ExpectOutputType(context, context.Output(0), TensorType.Float32);
        _options = context.GetOptions<FakeQuantOptions>();
        if (_options.NumBits is < 2 or > 16)
            throw context.Fail($"num_bits is {_options.NumBits}; FAKE_QUANT needs 2 to 16");
        if (!(float.IsFinite(_options.Min) && float.IsFinite(_options.Max) && _options.Min < _options.Max))
            throw context.Fail($"range [{_options.Min}, {_options.Max}] must be finite with min < max");
        context.ResizeOutput(0, input.Shape);
    }

    public void Eval(OpContext context) =>
        Ref.Run(context.Input(0).GetData<float>(), context.Output(0).GetWritableData<float>(), _options.Min, _options.Max, _options.NumBits, _options.NarrowRange);
}
