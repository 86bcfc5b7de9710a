using G = ManagedLite.Schema.Generated;
using S = ManagedLite.Schema.Generated.SchemaLayout.Slots;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>VarHandleOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record VarHandleOptions : IBuiltinOptions<VarHandleOptions>
{
    public string Container { get; init; } = "";
    public string SharedName { get; init; } = "";

    public static VarHandleOptions Parse(OptionsTable table)
    {
        if (table.Get<G.VarHandleOptions>(G.BuiltinOptions.VarHandleOptions) is not G.VarHandleOptions)
            return new();
        return new()
        {
            Container = table.String(S.VarHandleOptions.Container, "VarHandleOptions", "container"),
            SharedName = table.String(S.VarHandleOptions.SharedName, "VarHandleOptions", "shared_name"),
        };
    }
}
