using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>VarHandleOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record VarHandleOptions : IBuiltinOptions<VarHandleOptions>
{
    public string Container { get; init; } = "";
    public string SharedName { get; init; } = "";

    public static VarHandleOptions Parse(OptionsTable table)
    {
        if (table.Get<G.VarHandleOptions>(G.BuiltinOptions.VarHandleOptions) is not G.VarHandleOptions o)
            return new();
        return new() { Container = o.Container ?? "", SharedName = o.SharedName ?? "" };
    }
}
