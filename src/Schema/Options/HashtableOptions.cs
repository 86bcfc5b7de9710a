using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>HashtableOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record HashtableOptions : IBuiltinOptions<HashtableOptions>
{
    public int TableId { get; init; } = 0;
    public TensorType KeyDtype { get; init; } = TensorType.Float32;
    public TensorType ValueDtype { get; init; } = TensorType.Float32;

    public static HashtableOptions Parse(OptionsTable table)
    {
        if (table.Get<G.HashtableOptions>(G.BuiltinOptions.HashtableOptions) is not G.HashtableOptions o)
            return new();
        return new()
        {
            TableId = o.TableId,
            KeyDtype = table.ToTensorType(o.KeyDtype, "HashtableOptions", "key_dtype"),
            ValueDtype = table.ToTensorType(o.ValueDtype, "HashtableOptions", "value_dtype"),
        };
    }
}
