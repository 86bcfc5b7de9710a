namespace ManagedLite.Schema;

/// <summary>Encoding of custom options and of StableHLO composite attributes; values match TFLite's schema.</summary>
public enum CustomOptionsFormat : sbyte
{
    FlexBuffers = 0,
}
