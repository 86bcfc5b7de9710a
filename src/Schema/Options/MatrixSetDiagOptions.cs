using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>MatrixSetDiagOptions</c>: a table without fields (the operator has no options).</summary>
public sealed record MatrixSetDiagOptions : IBuiltinOptions<MatrixSetDiagOptions>
{
    public static MatrixSetDiagOptions Parse(OptionsTable table)
    {
        table.Get<G.MatrixSetDiagOptions>(G.BuiltinOptions.MatrixSetDiagOptions);
        return new();
    }
}
