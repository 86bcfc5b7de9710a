using G = ManagedLite.Schema.Generated;
using S = ManagedLite.Schema.Generated.SchemaLayout.Slots;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>StablehloTransposeOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record StablehloTransposeOptions : IBuiltinOptions<StablehloTransposeOptions>
{
    public long[] Permutation { get; init; } = [];

    public static StablehloTransposeOptions Parse(OptionsTable table)
    {
        if (table.Get2<G.StablehloTransposeOptions>(G.BuiltinOptions2.StablehloTransposeOptions) is not G.StablehloTransposeOptions)
            return new();
        return new()
        {
            Permutation = table.Longs(S.StablehloTransposeOptions.Permutation, "StablehloTransposeOptions", "permutation"),
        };
    }
}
