using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>CastOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record CastOptions : IBuiltinOptions<CastOptions>
{
    public TensorType InDataType { get; init; } = TensorType.Float32;
    public TensorType OutDataType { get; init; } = TensorType.Float32;

    public static CastOptions Parse(OptionsTable table)
    {
        if (table.Get<G.CastOptions>(G.BuiltinOptions.CastOptions) is not G.CastOptions o)
            return new();
        return new()
        {
            InDataType = table.ToTensorType(o.InDataType, "CastOptions", "in_data_type"),
            OutDataType = table.ToTensorType(o.OutDataType, "CastOptions", "out_data_type"),
        };
    }
}
