using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>SVDFOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record SVDFOptions : IBuiltinOptions<SVDFOptions>
{
    public int Rank { get; init; } = 0;
    public ActivationFunctionType FusedActivation { get; init; } = ActivationFunctionType.None;
    public bool AsymmetricQuantizeInputs { get; init; } = false;

    public static SVDFOptions Parse(OptionsTable table)
    {
        if (table.Get<G.SVDFOptions>(G.BuiltinOptions.SVDFOptions) is not G.SVDFOptions o)
            return new();
        return new()
        {
            Rank = o.Rank,
            FusedActivation = table.Activation(o.FusedActivationFunction, "SVDFOptions"),
            AsymmetricQuantizeInputs = o.AsymmetricQuantizeInputs,
        };
    }
}
