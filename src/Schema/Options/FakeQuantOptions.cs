using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>FakeQuantOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record FakeQuantOptions : IBuiltinOptions<FakeQuantOptions>
{
    public float Min { get; init; } = 0f;
    public float Max { get; init; } = 0f;
    public int NumBits { get; init; } = 0;
    public bool NarrowRange { get; init; } = false;

    public static FakeQuantOptions Parse(OptionsTable table)
    {
        if (table.Get<G.FakeQuantOptions>(G.BuiltinOptions.FakeQuantOptions) is not G.FakeQuantOptions o)
            return new();
        return new()
        {
            Min = o.Min,
            Max = o.Max,
            NumBits = o.NumBits,
            NarrowRange = o.NarrowRange,
        };
    }
}
