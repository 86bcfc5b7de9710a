using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>SubOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record SubOptions : IBuiltinOptions<SubOptions>
{
    public ActivationFunctionType FusedActivation { get; init; } = ActivationFunctionType.None;
    public bool PotScaleInt16 { get; init; } = true;

    public static SubOptions Parse(OptionsTable table)
    {
        if (table.Get<G.SubOptions>(G.BuiltinOptions.SubOptions) is not G.SubOptions o)
            return new();
        return new()
        {
            FusedActivation = table.Activation(o.FusedActivationFunction, "SubOptions"),
            PotScaleInt16 = o.PotScaleInt16,
        };
    }
}
