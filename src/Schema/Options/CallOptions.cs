using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>CallOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record CallOptions : IBuiltinOptions<CallOptions>
{
    public uint Subgraph { get; init; } = 0;

    public static CallOptions Parse(OptionsTable table)
    {
        if (table.Get<G.CallOptions>(G.BuiltinOptions.CallOptions) is not G.CallOptions o)
            return new();
        return new()
        {
            Subgraph = o.Subgraph,
        };
    }
}
