using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>StablehloShiftLeftOptions</c>: a table without fields (the operator has no options).</summary>
public sealed record StablehloShiftLeftOptions : IBuiltinOptions<StablehloShiftLeftOptions>
{
    public static StablehloShiftLeftOptions Parse(OptionsTable table)
    {
        table.Get2<G.StablehloShiftLeftOptions>(G.BuiltinOptions2.StablehloShiftLeftOptions);
        return new();
    }
}
