namespace ManagedLite.Schema;

/// <summary>Padding scheme of convolutions and pools; values match TFLite's schema.</summary>
public enum Padding : sbyte
{
    Same = 0,
    Valid = 1,
}
