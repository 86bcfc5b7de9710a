using Google.FlatBuffers;

namespace ManagedLite.Schema;

/// <summary>
/// Handle on an operator's builtin options table (from <c>builtin_options</c> or <c>builtin_options_2</c>)
/// inside the verified model bytes. Parsed into a plain record by <see cref="IBuiltinOptions{TSelf}.Parse"/>.
/// </summary>
public readonly struct OptionsTable
{
    internal readonly ByteBuffer? Buffer;
    internal readonly int Position;

    internal OptionsTable(ByteBuffer? buffer, int position, int type, int type2)
    {
        Buffer = buffer;
        Position = position;
        Type = type;
        Type2 = type2;
    }

    /// <summary>Value of the <c>BuiltinOptions</c> union tag (0 = none).</summary>
    public int Type { get; }
    /// <summary>Value of the <c>BuiltinOptions2</c> union tag (0 = none).</summary>
    public int Type2 { get; }
    public bool IsPresent => Buffer is not null;
}

/// <summary>A builtin options record that can be parsed from an <see cref="OptionsTable"/>.</summary>
public interface IBuiltinOptions<TSelf> where TSelf : IBuiltinOptions<TSelf>
{
    /// <summary>Parses the table, returning TFLite's defaults when the table is absent.</summary>
    static abstract TSelf Parse(OptionsTable table);
}
