using G = ManagedLite.Schema.Generated;
using S = ManagedLite.Schema.Generated.SchemaLayout.Slots;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>ReshapeOptions</c>; property defaults are the schema's defaults. NewShape is null when the table or its new_shape vector is absent (the shape then comes from the second input).</summary>
public sealed record ReshapeOptions : IBuiltinOptions<ReshapeOptions>
{
    public int[]? NewShape { get; init; } = null;

    public static ReshapeOptions Parse(OptionsTable table)
    {
        if (table.Get<G.ReshapeOptions>(G.BuiltinOptions.ReshapeOptions) is not G.ReshapeOptions)
            return new();
        return new()
        {
            NewShape = table.IntsOrNull(S.ReshapeOptions.NewShape, "ReshapeOptions", "new_shape"),
        };
    }
}
