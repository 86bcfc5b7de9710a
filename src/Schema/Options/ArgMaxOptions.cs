using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>ArgMaxOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record ArgMaxOptions : IBuiltinOptions<ArgMaxOptions>
{
    public TensorType OutputType { get; init; } = TensorType.Float32;

    public static ArgMaxOptions Parse(OptionsTable table)
    {
        if (table.Get<G.ArgMaxOptions>(G.BuiltinOptions.ArgMaxOptions) is not G.ArgMaxOptions o)
            return new();
        return new()
        {
            OutputType = table.ToTensorType(o.OutputType, "ArgMaxOptions", "output_type"),
        };
    }
}
