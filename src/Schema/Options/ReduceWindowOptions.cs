using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>ReduceWindowOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record ReduceWindowOptions : IBuiltinOptions<ReduceWindowOptions>
{
    public ReduceWindowFunction ReduceFunction { get; init; } = ReduceWindowFunction.Unsupported;

    public static ReduceWindowOptions Parse(OptionsTable table)
    {
        if (table.Get2<G.ReduceWindowOptions>(G.BuiltinOptions2.ReduceWindowOptions) is not G.ReduceWindowOptions o)
            return new();
        return new()
        {
            ReduceFunction = (ReduceWindowFunction)table.EnumValue((long)o.ReduceFunction, 6, "ReduceWindowOptions", "reduce_function", "ReduceWindowFunction"),
        };
    }
}
