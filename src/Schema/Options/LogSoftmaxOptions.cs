using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>LogSoftmaxOptions</c>: a table without fields (the operator has no options).</summary>
public sealed record LogSoftmaxOptions : IBuiltinOptions<LogSoftmaxOptions>
{
    public static LogSoftmaxOptions Parse(OptionsTable table)
    {
        table.Get<G.LogSoftmaxOptions>(G.BuiltinOptions.LogSoftmaxOptions);
        return new();
    }
}
