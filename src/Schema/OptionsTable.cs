using Google.FlatBuffers;
using ManagedLite.Schema.Generated;
using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>
/// Handle on an operator's builtin options table (from <c>builtin_options</c> or <c>builtin_options_2</c>)
/// inside the verified model bytes. Parsed into a plain record by <see cref="IBuiltinOptions{TSelf}.Parse"/>.
/// </summary>
public readonly struct OptionsTable
{
    internal readonly ByteBuffer? Buffer;
    /// <summary>Absolute position of the <c>builtin_options</c> table in <see cref="Buffer"/>; 0 when absent.</summary>
    internal readonly int Position;
    /// <summary>Absolute position of the <c>builtin_options_2</c> table in <see cref="Buffer"/>; 0 when absent.</summary>
    internal readonly int Position2;
    private readonly int _subGraph;
    private readonly int _operator;

    internal OptionsTable(ByteBuffer? buffer, int position, int type, int type2)
        : this(buffer, position, type, 0, type2, -1, -1)
    {
    }

    internal OptionsTable(ByteBuffer? buffer, int position, int type, int position2, int type2, int subGraph, int op)
    {
        Buffer = buffer;
        Position = position;
        Position2 = position2;
        Type = type;
        Type2 = type2;
        _subGraph = subGraph;
        _operator = op;
    }

    /// <summary>Value of the <c>BuiltinOptions</c> union tag (0 = none).</summary>
    public int Type { get; }
    /// <summary>Value of the <c>BuiltinOptions2</c> union tag (0 = none).</summary>
    public int Type2 { get; }
    public bool IsPresent => Buffer is not null && (Position != 0 || Position2 != 0);

    /// <summary>
    /// The <c>builtin_options</c> table as <typeparamref name="T"/>, or null when the operator has none
    /// (the record then keeps its defaults). A table of another options type is a <see cref="ModelFormatException"/>.
    /// </summary>
    internal T? Get<T>(BuiltinOptions expected) where T : struct, IFlatbufferObject
    {
        if (Buffer is null || Type == 0)
            return null;
        if (Type != (int)expected)
            throw new ModelFormatException($"{Where}.builtin_options: expected {expected}, found {UnionName(Type, SchemaLayout.BuiltinOptionsUnion)}");
        if (Position == 0)
            return null;
        T t = default;
        t.__init(Position, Buffer);
        return t;
    }

    /// <summary>As <see cref="Get{T}"/> for the <c>builtin_options_2</c> union.</summary>
    internal T? Get2<T>(BuiltinOptions2 expected) where T : struct, IFlatbufferObject
    {
        if (Buffer is null || Type2 == 0)
            return null;
        if (Type2 != (int)expected)
            throw new ModelFormatException($"{Where}.builtin_options_2: expected {expected}, found {UnionName(Type2, SchemaLayout.BuiltinOptions2Union)}");
        if (Position2 == 0)
            return null;
        T t = default;
        t.__init(Position2, Buffer);
        return t;
    }

    internal ActivationFunctionType Activation(G.ActivationFunctionType value, string table)
    {
        int v = (sbyte)value;
        if (v < 0 || v > (int)ActivationFunctionType.SignBit)
            throw Invalid(table, "fused_activation_function", $"{v} is not an ActivationFunctionType");
        return (ActivationFunctionType)v;
    }

    internal Padding ToPadding(G.Padding value, string table)
    {
        int v = (sbyte)value;
        if (v < 0 || v > (int)Padding.Valid)
            throw Invalid(table, "padding", $"{v} is not a Padding");
        return (Padding)v;
    }

    internal MirrorPadMode ToMirrorPadMode(G.MirrorPadMode value, string table)
    {
        int v = (sbyte)value;
        if (v < 0 || v > (int)MirrorPadMode.Symmetric)
            throw Invalid(table, "mode", $"{v} is not a MirrorPadMode");
        return (MirrorPadMode)v;
    }

    internal TensorType ToTensorType(G.TensorType value, string table, string field)
    {
        int v = (sbyte)value;
        if (v < 0 || v > TensorTypeInfo.MaxValue)
            throw Invalid(table, field, $"{v} is not a TensorType");
        return (TensorType)v;
    }

    private ModelFormatException Invalid(string table, string field, string message)
        => new($"{Where}.builtin_options({table}).{field}: {message}");

    private string Where => _subGraph < 0 ? "operator" : $"subgraphs[{_subGraph}].operators[{_operator}]";

    private static string UnionName(int type, int unionId)
    {
        var union = SchemaLayout.Unions[unionId];
        return type >= 1 && type <= union.Members.Length ? SchemaLayout.Tables[union.Members[type - 1]].Name : $"{union.Name} type {type}";
    }
}

/// <summary>A builtin options record that can be parsed from an <see cref="OptionsTable"/>.</summary>
public interface IBuiltinOptions<TSelf> where TSelf : IBuiltinOptions<TSelf>
{
    /// <summary>Parses the table, returning TFLite's defaults when the table is absent.</summary>
    static abstract TSelf Parse(OptionsTable table);
}
