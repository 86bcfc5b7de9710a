using ManagedLite.Schema;
using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Tests.Schema;

/// <summary>Parses an operator's builtin options with the record matching its union type (for fuzzing and smoke tests).</summary>
internal static class OptionsSamples
{
    /// <summary>Parses the options; returns the record's hash code (0 when no record type covers the table).</summary>
    public static int ParseAny(OperatorDef op) => (G.BuiltinOptions)op.Options.Type switch
    {
        G.BuiltinOptions.AddOptions => op.GetOptions<AddOptions>().GetHashCode(),
        G.BuiltinOptions.ArgMaxOptions => op.GetOptions<ArgMaxOptions>().GetHashCode(),
        G.BuiltinOptions.ArgMinOptions => op.GetOptions<ArgMinOptions>().GetHashCode(),
        G.BuiltinOptions.BatchMatMulOptions => op.GetOptions<BatchMatMulOptions>().GetHashCode(),
        G.BuiltinOptions.BidirectionalSequenceLSTMOptions => op.GetOptions<BidirectionalSequenceLSTMOptions>().GetHashCode(),
        G.BuiltinOptions.CallOnceOptions => op.GetOptions<CallOnceOptions>().GetHashCode(),
        G.BuiltinOptions.CastOptions => op.GetOptions<CastOptions>().GetHashCode(),
        G.BuiltinOptions.ConcatenationOptions => op.GetOptions<ConcatenationOptions>().GetHashCode(),
        G.BuiltinOptions.Conv2DOptions => op.GetOptions<Conv2DOptions>().GetHashCode(),
        G.BuiltinOptions.CumsumOptions => op.GetOptions<CumsumOptions>().GetHashCode(),
        G.BuiltinOptions.DepthToSpaceOptions => op.GetOptions<DepthToSpaceOptions>().GetHashCode(),
        G.BuiltinOptions.DepthwiseConv2DOptions => op.GetOptions<DepthwiseConv2DOptions>().GetHashCode(),
        G.BuiltinOptions.DivOptions => op.GetOptions<DivOptions>().GetHashCode(),
        G.BuiltinOptions.FakeQuantOptions => op.GetOptions<FakeQuantOptions>().GetHashCode(),
        G.BuiltinOptions.FullyConnectedOptions => op.GetOptions<FullyConnectedOptions>().GetHashCode(),
        G.BuiltinOptions.GatherOptions => op.GetOptions<GatherOptions>().GetHashCode(),
        G.BuiltinOptions.GeluOptions => op.GetOptions<GeluOptions>().GetHashCode(),
        G.BuiltinOptions.IfOptions => op.GetOptions<IfOptions>().GetHashCode(),
        G.BuiltinOptions.L2NormOptions => op.GetOptions<L2NormOptions>().GetHashCode(),
        G.BuiltinOptions.LSTMOptions => op.GetOptions<LSTMOptions>().GetHashCode(),
        G.BuiltinOptions.LeakyReluOptions => op.GetOptions<LeakyReluOptions>().GetHashCode(),
        G.BuiltinOptions.LocalResponseNormalizationOptions => op.GetOptions<LocalResponseNormalizationOptions>().GetHashCode(),
        G.BuiltinOptions.MirrorPadOptions => op.GetOptions<MirrorPadOptions>().GetHashCode(),
        G.BuiltinOptions.MulOptions => op.GetOptions<MulOptions>().GetHashCode(),
        G.BuiltinOptions.OneHotOptions => op.GetOptions<OneHotOptions>().GetHashCode(),
        G.BuiltinOptions.PackOptions => op.GetOptions<PackOptions>().GetHashCode(),
        G.BuiltinOptions.Pool2DOptions => op.GetOptions<Pool2DOptions>().GetHashCode(),
        G.BuiltinOptions.RNNOptions => op.GetOptions<RNNOptions>().GetHashCode(),
        G.BuiltinOptions.ReducerOptions => op.GetOptions<ReducerOptions>().GetHashCode(),
        G.BuiltinOptions.ReshapeOptions => op.GetOptions<ReshapeOptions>().GetHashCode(),
        G.BuiltinOptions.ResizeBilinearOptions => op.GetOptions<ResizeBilinearOptions>().GetHashCode(),
        G.BuiltinOptions.ResizeNearestNeighborOptions => op.GetOptions<ResizeNearestNeighborOptions>().GetHashCode(),
        G.BuiltinOptions.ReverseSequenceOptions => op.GetOptions<ReverseSequenceOptions>().GetHashCode(),
        G.BuiltinOptions.SVDFOptions => op.GetOptions<SVDFOptions>().GetHashCode(),
        G.BuiltinOptions.SequenceRNNOptions => op.GetOptions<SequenceRNNOptions>().GetHashCode(),
        G.BuiltinOptions.ShapeOptions => op.GetOptions<ShapeOptions>().GetHashCode(),
        G.BuiltinOptions.SoftmaxOptions => op.GetOptions<SoftmaxOptions>().GetHashCode(),
        G.BuiltinOptions.SpaceToDepthOptions => op.GetOptions<SpaceToDepthOptions>().GetHashCode(),
        G.BuiltinOptions.SplitOptions => op.GetOptions<SplitOptions>().GetHashCode(),
        G.BuiltinOptions.SplitVOptions => op.GetOptions<SplitVOptions>().GetHashCode(),
        G.BuiltinOptions.SqueezeOptions => op.GetOptions<SqueezeOptions>().GetHashCode(),
        G.BuiltinOptions.StridedSliceOptions => op.GetOptions<StridedSliceOptions>().GetHashCode(),
        G.BuiltinOptions.SubOptions => op.GetOptions<SubOptions>().GetHashCode(),
        G.BuiltinOptions.TransposeConvOptions => op.GetOptions<TransposeConvOptions>().GetHashCode(),
        G.BuiltinOptions.UnidirectionalSequenceLSTMOptions => op.GetOptions<UnidirectionalSequenceLSTMOptions>().GetHashCode(),
        G.BuiltinOptions.UnpackOptions => op.GetOptions<UnpackOptions>().GetHashCode(),
        G.BuiltinOptions.WhileOptions => op.GetOptions<WhileOptions>().GetHashCode(),
        _ => 0,
    };
}
