using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>CallOnceOptions</c>; property defaults are the schema's defaults. The subgraph index is range-checked by ModelReader.</summary>
public sealed record CallOnceOptions : IBuiltinOptions<CallOnceOptions>
{
    public int InitSubgraphIndex { get; init; } = 0;

    public static CallOnceOptions Parse(OptionsTable table)
    {
        if (table.Get<G.CallOnceOptions>(G.BuiltinOptions.CallOnceOptions) is not G.CallOnceOptions o)
            return new();
        return new()
        {
            InitSubgraphIndex = o.InitSubgraphIndex,
        };
    }
}
