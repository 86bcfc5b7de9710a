namespace ManagedLite.Schema;

/// <summary>TFLite <c>MulOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record MulOptions : IBuiltinOptions<MulOptions>
{
    public ActivationFunctionType FusedActivation { get; init; } = ActivationFunctionType.None;

    // SKELETON: the schema work replaces this body with a real parse of the table.
    public static MulOptions Parse(OptionsTable table) => table.IsPresent ? throw new NotImplementedException("MulOptions.Parse") : new();
}
