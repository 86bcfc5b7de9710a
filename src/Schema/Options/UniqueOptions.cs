using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>UniqueOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record UniqueOptions : IBuiltinOptions<UniqueOptions>
{
    public TensorType IdxOutType { get; init; } = TensorType.Int32;

    public static UniqueOptions Parse(OptionsTable table)
    {
        if (table.Get<G.UniqueOptions>(G.BuiltinOptions.UniqueOptions) is not G.UniqueOptions o)
            return new();
        return new() { IdxOutType = table.ToTensorType(o.IdxOutType, "UniqueOptions", "idx_out_type") };
    }
}
