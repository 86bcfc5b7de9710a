using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>LSTMOptions</c>; property defaults are the schema's defaults. KernelType: 0 = FULL, 1 = BASIC.</summary>
public sealed record LSTMOptions : IBuiltinOptions<LSTMOptions>
{
    public ActivationFunctionType FusedActivation { get; init; } = ActivationFunctionType.None;
    public float CellClip { get; init; } = 0f;
    public float ProjClip { get; init; } = 0f;
    public int KernelType { get; init; } = 0;
    public bool AsymmetricQuantizeInputs { get; init; } = false;

    public static LSTMOptions Parse(OptionsTable table)
    {
        if (table.Get<G.LSTMOptions>(G.BuiltinOptions.LSTMOptions) is not G.LSTMOptions o)
            return new();
        return new()
        {
            FusedActivation = table.Activation(o.FusedActivationFunction, "LSTMOptions"),
            CellClip = o.CellClip,
            ProjClip = o.ProjClip,
            KernelType = (int)table.EnumValue((sbyte)o.KernelType, 1, "LSTMOptions", "kernel_type", "LSTMKernelType"),
            AsymmetricQuantizeInputs = o.AsymmetricQuantizeInputs,
        };
    }
}
