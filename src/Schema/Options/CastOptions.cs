namespace ManagedLite.Schema;

/// <summary>TFLite <c>CastOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record CastOptions : IBuiltinOptions<CastOptions>
{
    public TensorType InDataType { get; init; } = TensorType.Float32;
    public TensorType OutDataType { get; init; } = TensorType.Float32;

    // SKELETON: the schema work replaces this body with a real parse of the table.
    public static CastOptions Parse(OptionsTable table) => table.IsPresent ? throw new NotImplementedException("CastOptions.Parse") : new();
}
