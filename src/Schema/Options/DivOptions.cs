namespace ManagedLite.Schema;

/// <summary>TFLite <c>DivOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record DivOptions : IBuiltinOptions<DivOptions>
{
    public ActivationFunctionType FusedActivation { get; init; } = ActivationFunctionType.None;

    // SKELETON: the schema work replaces this body with a real parse of the table.
    public static DivOptions Parse(OptionsTable table) => table.IsPresent ? throw new NotImplementedException("DivOptions.Parse") : new();
}
