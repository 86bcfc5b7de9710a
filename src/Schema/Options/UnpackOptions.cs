using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>UnpackOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record UnpackOptions : IBuiltinOptions<UnpackOptions>
{
    public int Num { get; init; } = 0;
    public int Axis { get; init; } = 0;

    public static UnpackOptions Parse(OptionsTable table)
    {
        if (table.Get<G.UnpackOptions>(G.BuiltinOptions.UnpackOptions) is not G.UnpackOptions o)
            return new();
        return new()
        {
            Num = o.Num,
            Axis = o.Axis,
        };
    }
}
