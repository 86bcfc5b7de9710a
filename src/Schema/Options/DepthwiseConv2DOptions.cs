namespace ManagedLite.Schema;

/// <summary>TFLite <c>DepthwiseConv2DOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record DepthwiseConv2DOptions : IBuiltinOptions<DepthwiseConv2DOptions>
{
    public Padding Padding { get; init; } = Padding.Same;
    public int StrideW { get; init; } = 0;
    public int StrideH { get; init; } = 0;
    public int DepthMultiplier { get; init; } = 0;
    public ActivationFunctionType FusedActivation { get; init; } = ActivationFunctionType.None;
    public int DilationW { get; init; } = 1;
    public int DilationH { get; init; } = 1;

    // SKELETON: the schema work replaces this body with a real parse of the table.
    public static DepthwiseConv2DOptions Parse(OptionsTable table) => table.IsPresent ? throw new NotImplementedException("DepthwiseConv2DOptions.Parse") : new();
}
