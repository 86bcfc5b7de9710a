using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>RightShiftOptions</c>: a table without fields (the operator has no options).</summary>
public sealed record RightShiftOptions : IBuiltinOptions<RightShiftOptions>
{
    public static RightShiftOptions Parse(OptionsTable table)
    {
        table.Get<G.RightShiftOptions>(G.BuiltinOptions.RightShiftOptions);
        return new();
    }
}
