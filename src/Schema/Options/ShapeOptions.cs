using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>ShapeOptions</c>; property defaults are the schema's defaults. An absent table means int32 output, as TFLite.</summary>
public sealed record ShapeOptions : IBuiltinOptions<ShapeOptions>
{
    public TensorType OutType { get; init; } = TensorType.Int32;

    public static ShapeOptions Parse(OptionsTable table)
    {
        if (table.Get<G.ShapeOptions>(G.BuiltinOptions.ShapeOptions) is not G.ShapeOptions o)
            return new();
        return new()
        {
            OutType = table.ToTensorType(o.OutType, "ShapeOptions", "out_type"),
        };
    }
}
