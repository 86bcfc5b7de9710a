namespace ManagedLite.Schema;

/// <summary>TFLite <c>Pool2DOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record Pool2DOptions : IBuiltinOptions<Pool2DOptions>
{
    public Padding Padding { get; init; } = Padding.Same;
    public int StrideW { get; init; } = 0;
    public int StrideH { get; init; } = 0;
    public int FilterWidth { get; init; } = 0;
    public int FilterHeight { get; init; } = 0;
    public ActivationFunctionType FusedActivation { get; init; } = ActivationFunctionType.None;

    // SKELETON: the schema work replaces this body with a real parse of the table.
    public static Pool2DOptions Parse(OptionsTable table) => table.IsPresent ? throw new NotImplementedException("Pool2DOptions.Parse") : new();
}
