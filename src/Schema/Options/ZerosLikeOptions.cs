using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>ZerosLikeOptions</c>: a table without fields (the operator has no options).</summary>
public sealed record ZerosLikeOptions : IBuiltinOptions<ZerosLikeOptions>
{
    public static ZerosLikeOptions Parse(OptionsTable table)
    {
        table.Get<G.ZerosLikeOptions>(G.BuiltinOptions.ZerosLikeOptions);
        return new();
    }
}
