using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>ReducerOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record ReducerOptions : IBuiltinOptions<ReducerOptions>
{
    public bool KeepDims { get; init; } = false;

    public static ReducerOptions Parse(OptionsTable table)
    {
        if (table.Get<G.ReducerOptions>(G.BuiltinOptions.ReducerOptions) is not G.ReducerOptions o)
            return new();
        return new()
        {
            KeepDims = o.KeepDims,
        };
    }
}
