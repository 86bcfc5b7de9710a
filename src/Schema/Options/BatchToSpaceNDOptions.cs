using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>BatchToSpaceNDOptions</c>: a table without fields (the operator has no options).</summary>
public sealed record BatchToSpaceNDOptions : IBuiltinOptions<BatchToSpaceNDOptions>
{
    public static BatchToSpaceNDOptions Parse(OptionsTable table)
    {
        table.Get<G.BatchToSpaceNDOptions>(G.BuiltinOptions.BatchToSpaceNDOptions);
        return new();
    }
}
