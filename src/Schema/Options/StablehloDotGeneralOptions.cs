using G = ManagedLite.Schema.Generated;
using S = ManagedLite.Schema.Generated.SchemaLayout.Slots;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>StablehloDotGeneralOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record StablehloDotGeneralOptions : IBuiltinOptions<StablehloDotGeneralOptions>
{
    public long[] LhsBatchingDimensions { get; init; } = [];
    public long[] RhsBatchingDimensions { get; init; } = [];
    public long[] LhsContractingDimensions { get; init; } = [];
    public long[] RhsContractingDimensions { get; init; } = [];
    public StablehloPrecisionConfig[] PrecisionConfig { get; init; } = [];

    public static StablehloDotGeneralOptions Parse(OptionsTable table)
    {
        if (table.Get2<G.StablehloDotGeneralOptions>(G.BuiltinOptions2.StablehloDotGeneralOptions) is not G.StablehloDotGeneralOptions)
            return new();
        return new()
        {
            LhsBatchingDimensions = table.Longs(S.StablehloDotGeneralOptions.LhsBatchingDimensions, "StablehloDotGeneralOptions", "lhs_batching_dimensions"),
            RhsBatchingDimensions = table.Longs(S.StablehloDotGeneralOptions.RhsBatchingDimensions, "StablehloDotGeneralOptions", "rhs_batching_dimensions"),
            LhsContractingDimensions = table.Longs(S.StablehloDotGeneralOptions.LhsContractingDimensions, "StablehloDotGeneralOptions", "lhs_contracting_dimensions"),
            RhsContractingDimensions = table.Longs(S.StablehloDotGeneralOptions.RhsContractingDimensions, "StablehloDotGeneralOptions", "rhs_contracting_dimensions"),
            PrecisionConfig = [.. table.EnumVector(S.StablehloDotGeneralOptions.PrecisionConfig, (int)StablehloPrecisionConfig.Highest, "StablehloDotGeneralOptions", "precision_config", "StablehloPrecisionConfig").Select(v => (StablehloPrecisionConfig)v)],
        };
    }
}
