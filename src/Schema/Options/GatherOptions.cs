using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>GatherOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record GatherOptions : IBuiltinOptions<GatherOptions>
{
    public int Axis { get; init; } = 0;
    public int BatchDims { get; init; } = 0;

    public static GatherOptions Parse(OptionsTable table)
    {
        if (table.Get<G.GatherOptions>(G.BuiltinOptions.GatherOptions) is not G.GatherOptions o)
            return new();
        return new()
        {
            Axis = o.Axis,
            BatchDims = o.BatchDims,
        };
    }
}
