using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>StablehloIotaOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record StablehloIotaOptions : IBuiltinOptions<StablehloIotaOptions>
{
    public long IotaDimension { get; init; } = 0;

    public static StablehloIotaOptions Parse(OptionsTable table)
    {
        if (table.Get2<G.StablehloIotaOptions>(G.BuiltinOptions2.StablehloIotaOptions) is not G.StablehloIotaOptions o)
            return new();
        return new()
        {
            IotaDimension = o.IotaDimension,
        };
    }
}
