using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>Conv3DOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record Conv3DOptions : IBuiltinOptions<Conv3DOptions>
{
    public Padding Padding { get; init; } = Padding.Same;
    public int StrideD { get; init; } = 0;
    public int StrideW { get; init; } = 0;
    public int StrideH { get; init; } = 0;
    public ActivationFunctionType FusedActivation { get; init; } = ActivationFunctionType.None;
    public int DilationDFactor { get; init; } = 1;
    public int DilationWFactor { get; init; } = 1;
    public int DilationHFactor { get; init; } = 1;

    public static Conv3DOptions Parse(OptionsTable table)
    {
        if (table.Get<G.Conv3DOptions>(G.BuiltinOptions.Conv3DOptions) is not G.Conv3DOptions o)
            return new();
        return new()
        {
            Padding = table.ToPadding(o.Padding, "Conv3DOptions"),
            StrideD = o.StrideD,
            StrideW = o.StrideW,
            StrideH = o.StrideH,
            FusedActivation = table.Activation(o.FusedActivationFunction, "Conv3DOptions"),
            DilationDFactor = o.DilationDFactor,
            DilationWFactor = o.DilationWFactor,
            DilationHFactor = o.DilationHFactor,
        };
    }
}
