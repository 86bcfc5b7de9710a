namespace ManagedLite.Schema;

/// <summary>TFLite <c>TransposeConvOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record TransposeConvOptions : IBuiltinOptions<TransposeConvOptions>
{
    public Padding Padding { get; init; } = Padding.Same;
    public int StrideW { get; init; } = 0;
    public int StrideH { get; init; } = 0;
    public ActivationFunctionType FusedActivation { get; init; } = ActivationFunctionType.None;

    // SKELETON: the schema work replaces this body with a real parse of the table.
    public static TransposeConvOptions Parse(OptionsTable table) => table.IsPresent ? throw new NotImplementedException("TransposeConvOptions.Parse") : new();
}
