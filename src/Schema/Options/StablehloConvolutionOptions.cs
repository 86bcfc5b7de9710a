using G = ManagedLite.Schema.Generated;
using S = ManagedLite.Schema.Generated.SchemaLayout.Slots;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>StablehloConvolutionOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record StablehloConvolutionOptions : IBuiltinOptions<StablehloConvolutionOptions>
{
    public long[] WindowStrides { get; init; } = [];
    public long[] Padding { get; init; } = [];
    public long[] LhsDilation { get; init; } = [];
    public long[] RhsDilation { get; init; } = [];
    public bool[] WindowReversal { get; init; } = [];
    public long InputBatchDimension { get; init; } = 0;
    public long InputFeatureDimension { get; init; } = 0;
    public long[] InputSpatialDimensions { get; init; } = [];
    public long KernelInputFeatureDimension { get; init; } = 0;
    public long KernelOutputFeatureDimension { get; init; } = 0;
    public long[] KernelSpatialDimensions { get; init; } = [];
    public long OutputBatchDimension { get; init; } = 0;
    public long OutputFeatureDimension { get; init; } = 0;
    public long[] OutputSpatialDimensions { get; init; } = [];
    public long FeatureGroupCount { get; init; } = 0;
    public long BatchGroupCount { get; init; } = 0;
    public StablehloPrecisionConfig[] PrecisionConfig { get; init; } = [];

    public static StablehloConvolutionOptions Parse(OptionsTable table)
    {
        if (table.Get2<G.StablehloConvolutionOptions>(G.BuiltinOptions2.StablehloConvolutionOptions) is not G.StablehloConvolutionOptions o)
            return new();
        return new()
        {
            WindowStrides = table.Longs(S.StablehloConvolutionOptions.WindowStrides, "StablehloConvolutionOptions", "window_strides"),
            Padding = table.Longs(S.StablehloConvolutionOptions.Padding, "StablehloConvolutionOptions", "padding"),
            LhsDilation = table.Longs(S.StablehloConvolutionOptions.LhsDilation, "StablehloConvolutionOptions", "lhs_dilation"),
            RhsDilation = table.Longs(S.StablehloConvolutionOptions.RhsDilation, "StablehloConvolutionOptions", "rhs_dilation"),
            WindowReversal = table.Bools(S.StablehloConvolutionOptions.WindowReversal, "StablehloConvolutionOptions", "window_reversal"),
            InputBatchDimension = o.InputBatchDimension,
            InputFeatureDimension = o.InputFeatureDimension,
            InputSpatialDimensions = table.Longs(S.StablehloConvolutionOptions.InputSpatialDimensions, "StablehloConvolutionOptions", "input_spatial_dimensions"),
            KernelInputFeatureDimension = o.KernelInputFeatureDimension,
            KernelOutputFeatureDimension = o.KernelOutputFeatureDimension,
            KernelSpatialDimensions = table.Longs(S.StablehloConvolutionOptions.KernelSpatialDimensions, "StablehloConvolutionOptions", "kernel_spatial_dimensions"),
            OutputBatchDimension = o.OutputBatchDimension,
            OutputFeatureDimension = o.OutputFeatureDimension,
            OutputSpatialDimensions = table.Longs(S.StablehloConvolutionOptions.OutputSpatialDimensions, "StablehloConvolutionOptions", "output_spatial_dimensions"),
            FeatureGroupCount = o.FeatureGroupCount,
            BatchGroupCount = o.BatchGroupCount,
            PrecisionConfig = [.. table.EnumVector(S.StablehloConvolutionOptions.PrecisionConfig, (int)StablehloPrecisionConfig.Highest, "StablehloConvolutionOptions", "precision_config", "StablehloPrecisionConfig").Select(v => (StablehloPrecisionConfig)v)],
        };
    }
}
