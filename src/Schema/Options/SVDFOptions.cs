namespace ManagedLite.Schema;

/// <summary>TFLite <c>SVDFOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record SVDFOptions : IBuiltinOptions<SVDFOptions>
{
    public int Rank { get; init; } = 0;
    public ActivationFunctionType FusedActivation { get; init; } = ActivationFunctionType.None;
    public bool AsymmetricQuantizeInputs { get; init; } = false;

    // SKELETON: the schema work replaces this body with a real parse of the table.
    public static SVDFOptions Parse(OptionsTable table) => table.IsPresent ? throw new NotImplementedException("SVDFOptions.Parse") : new();
}
