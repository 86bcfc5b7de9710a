using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>MatrixDiagOptions</c>: a table without fields (the operator has no options).</summary>
public sealed record MatrixDiagOptions : IBuiltinOptions<MatrixDiagOptions>
{
    public static MatrixDiagOptions Parse(OptionsTable table)
    {
        table.Get<G.MatrixDiagOptions>(G.BuiltinOptions.MatrixDiagOptions);
        return new();
    }
}
