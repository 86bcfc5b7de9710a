using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>AddOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record AddOptions : IBuiltinOptions<AddOptions>
{
    public ActivationFunctionType FusedActivation { get; init; } = ActivationFunctionType.None;
    public bool PotScaleInt16 { get; init; } = true;

    public static AddOptions Parse(OptionsTable table)
    {
        if (table.Get<G.AddOptions>(G.BuiltinOptions.AddOptions) is not G.AddOptions o)
            return new();
        return new()
        {
            FusedActivation = table.Activation(o.FusedActivationFunction, "AddOptions"),
            PotScaleInt16 = o.PotScaleInt16,
        };
    }
}
