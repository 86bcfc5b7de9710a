using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>ArgMinOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record ArgMinOptions : IBuiltinOptions<ArgMinOptions>
{
    public TensorType OutputType { get; init; } = TensorType.Float32;

    public static ArgMinOptions Parse(OptionsTable table)
    {
        if (table.Get<G.ArgMinOptions>(G.BuiltinOptions.ArgMinOptions) is not G.ArgMinOptions o)
            return new();
        return new()
        {
            OutputType = table.ToTensorType(o.OutputType, "ArgMinOptions", "output_type"),
        };
    }
}
