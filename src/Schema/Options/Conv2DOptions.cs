namespace ManagedLite.Schema;

/// <summary>TFLite <c>Conv2DOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record Conv2DOptions : IBuiltinOptions<Conv2DOptions>
{
    public Padding Padding { get; init; } = Padding.Same;
    public int StrideW { get; init; } = 0;
    public int StrideH { get; init; } = 0;
    public ActivationFunctionType FusedActivation { get; init; } = ActivationFunctionType.None;
    public int DilationW { get; init; } = 1;
    public int DilationH { get; init; } = 1;

    // SKELETON: the schema work replaces this body with a real parse of the table.
    public static Conv2DOptions Parse(OptionsTable table) => table.IsPresent ? throw new NotImplementedException("Conv2DOptions.Parse") : new();
}
