using ManagedLite.Execution;
using ManagedLite.Schema;

namespace ManagedLite.Passes;

/// <summary>
/// "fold-pad": a node that pads with a constant (traits <see cref="OpTraits.PadsWithConstant"/>: PAD, PADV2) an NHWC
/// tensor only in height and width, by constant non-negative amounts, is folded into its only reader when that reader's
/// traits have <see cref="OpTraits.AcceptsExplicitPadding"/> (CONV_2D, DEPTHWISE_CONV_2D) and it reads the padded tensor
/// as input 0. The reader then reads the unpadded tensor and adds the amounts to its own padding: no padded copy is
/// written or read. The value padded must be the one a convolution's skipped taps stand for: +0 for float32 (reader all
/// float32), and for int8, uint8 and int16 the zero point, with the PAD's input
/// and output sharing one scale and zero point (the reader then sees the same quantization), so (value + input offset)
/// is 0 exactly as the reference's skipped taps. Pooling is not a reader here: TFLite's pools skip padding rather than
/// read the value. With a delegate the pass does nothing.
/// </summary>
internal sealed class PadFoldingPass : IGraphPass
{
    public string Name => "fold-pad";
    public bool IsFusion => true;

    public void Run(ExecutionGraph graph)
    {
        if (graph.Owner.Options.Delegate is not null) return;
        var tensors = graph.Tensors;
        var readers = graph.CountReaders();
        var reader = new ExecNode?[tensors.Length];
        foreach (var n in graph.LiveNodes)
            foreach (int i in n.Inputs) if (i >= 0) reader[i] = n;
        foreach (var pad in graph.Nodes)
        {
            if (pad.Removed || !pad.Registration.Traits.PadsWithConstant || pad.Outputs.Length != 1) continue;
            if (pad.Inputs.Length is < 2 or > 3 || pad.Inputs[0] < 0 || pad.Inputs[1] < 0) continue;
            int src = pad.Inputs[0], mid = pad.Outputs[0];
            if (readers[mid] != 1 || reader[mid] is not { } next || next.Removed) continue;
            var input = tensors[src];
            if (input.Shape.Length != 4 || input.ShapeSignature.IndexOf(-1) >= 0) continue;
            if (!PadsWithTapValue(input, tensors[mid], pad.Inputs.Length == 3 ? pad.Inputs[2] : -1, tensors)) continue;
            if (!TryReadSpatialPadding(tensors[pad.Inputs[1]], out var amounts)) continue;
            if (!next.Registration.Traits.AcceptsExplicitPadding || next.Inputs.Length == 0 || next.Inputs[0] != mid) continue;
            if (Array.IndexOf(next.Inputs, mid, 1) >= 0 || next.Context.ExtraPadding != default) continue;
            if (input.DataType == TensorType.Float32 && !FloatReader(tensors, next)) continue;
            next.Context.FusePadding(amounts.Top, amounts.Left, amounts.Bottom, amounts.Right);
            next.Context.ReplaceInput(0, input);
            var inputs = (int[])next.Inputs.Clone();
            inputs[0] = src;
            next.Inputs = inputs;
            pad.Removed = true;
        }
    }

    /// <summary>
    /// True when the padded value is what the reader's skipped taps stand for: +0 for float32; the zero point for int8,
    /// uint8 and int16, with input and output of the PAD quantized alike (one scale, one zero point).
    /// </summary>
    private static bool PadsWithTapValue(LiteTensor input, LiteTensor padded, int valueIndex, LiteTensor[] tensors)
    {
        var value = valueIndex >= 0 ? tensors[valueIndex] : null;
        if (padded.DataType != input.DataType) return false;
        switch (input.DataType)
        {
            case TensorType.Float32:
                return value is null || IsZeroConstant(value);
            case TensorType.Int8 or TensorType.UInt8 or TensorType.Int16:
                if (input.Quantization is not { } qi || padded.Quantization is not { } qo) return false;
                if (qi.ScalesArray.Length != 1 || qo.ScalesArray.Length != 1 || qi.ZeroPointsArray.Length != 1 || qo.ZeroPointsArray.Length != 1) return false;
                if (qi.ScalesArray[0] != qo.ScalesArray[0] || qi.ZeroPointsArray[0] != qo.ZeroPointsArray[0]) return false;
                long zp = qi.ZeroPointsArray[0];
                return value is null || IsIntegerConstant(value, input.DataType, zp);
            default:
                return false;
        }
    }

    /// <summary>
    /// A float32 input: every input and output of the reader float32 (hybrid readers are left alone: their per-batch input
    /// quantization ranges over the tensor read).
    /// </summary>
    private static bool FloatReader(LiteTensor[] tensors, ExecNode node)
    {
        foreach (int i in node.Inputs) if (i >= 0 && tensors[i].DataType != TensorType.Float32) return false;
        foreach (int o in node.Outputs) if (o >= 0 && tensors[o].DataType != TensorType.Float32) return false;
        return true;
    }

    /// <summary>A constant float32 scalar (or one-element tensor) whose bits are +0.</summary>
    private static bool IsZeroConstant(LiteTensor t)
    {
        if (!t.IsConstant || t.IsVariable || t.DataType != TensorType.Float32) return false;
        var v = t.GetData<float>();
        return v.Length == 1 && BitConverter.SingleToInt32Bits(v[0]) == 0;
    }

    /// <summary>A constant one-element tensor of <paramref name="type"/> holding <paramref name="expected"/>.</summary>
    private static bool IsIntegerConstant(LiteTensor t, TensorType type, long expected)
    {
        if (!t.IsConstant || t.IsVariable || t.DataType != type || t.ElementCount != 1) return false;
        long v = type switch
        {
            TensorType.Int8 => t.GetData<sbyte>()[0],
            TensorType.UInt8 => t.GetData<byte>()[0],
            _ => t.GetData<short>()[0],
        };
        return v == expected;
    }

    /// <summary>Paddings [4, 2] (int32 or int64), constant, zero on batch and channels, non-negative on height and width.</summary>
    private static bool TryReadSpatialPadding(LiteTensor p, out (int Top, int Left, int Bottom, int Right) amounts)
    {
        amounts = default;
        if (!p.IsConstant || p.IsVariable || p.Shape.Length != 2 || p.Shape[0] != 4 || p.Shape[1] != 2) return false;
        Span<long> v = stackalloc long[8];
        if (p.DataType == TensorType.Int32)
        {
            var d = p.GetData<int>();
            if (d.Length != 8) return false;
            for (int i = 0; i < 8; i++) v[i] = d[i];
        }
        else if (p.DataType == TensorType.Int64)
        {
            var d = p.GetData<long>();
            if (d.Length != 8) return false;
            d.CopyTo(v);
        }
        else return false;
        if (v[0] != 0 || v[1] != 0 || v[6] != 0 || v[7] != 0) return false;
        const long limit = 1 << 16;
        for (int i = 2; i < 6; i++) if (v[i] < 0 || v[i] > limit) return false;
        if (v[2] + v[3] + v[4] + v[5] == 0) return false;
        amounts = ((int)v[2], (int)v[4], (int)v[3], (int)v[5]);
        return true;
    }
}
