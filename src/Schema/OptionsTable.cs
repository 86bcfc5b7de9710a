using Google.FlatBuffers;
using ManagedLite.Schema.Generated;
using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>
/// One operator's builtin options table (of <c>builtin_options</c> or <c>builtin_options_2</c>) inside the verified
/// model bytes, handed to <see cref="IBuiltinOptions{TSelf}.Parse"/> while the model is read. Only the reader makes
/// them; after loading, options are the parsed records (<see cref="OperatorDef.GetOptions{T}"/>).
/// </summary>
public readonly struct OptionsTable
{
    private readonly ByteBuffer? _buffer;
    private readonly IOptionsDecoder? _decoder;
    /// <summary>Absolute position of the table in <see cref="_buffer"/>; 0 when absent.</summary>
    private readonly int _position;
    /// <summary>1 for <c>builtin_options</c>, 2 for <c>builtin_options_2</c>.</summary>
    private readonly int _union;
    private readonly int _type;
    private readonly int _subGraph;
    private readonly int _operator;

    internal OptionsTable(ByteBuffer buffer, IOptionsDecoder decoder, int union, int type, int position, int subGraph, int op)
    {
        _buffer = buffer;
        _decoder = decoder;
        _union = union;
        _type = type;
        _position = position;
        _subGraph = subGraph;
        _operator = op;
    }

    /// <summary>
    /// The table as <typeparamref name="T"/> when this is a <c>builtin_options</c> table of type
    /// <paramref name="expected"/>; null when absent (the record keeps its defaults). A table of another options type
    /// is a <see cref="ModelFormatException"/>.
    /// </summary>
    internal T? Get<T>(BuiltinOptions expected) where T : struct, IFlatbufferObject => Get<T>(1, (int)expected);

    /// <summary>As <see cref="Get{T}(BuiltinOptions)"/> for the <c>builtin_options_2</c> union.</summary>
    internal T? Get2<T>(BuiltinOptions2 expected) where T : struct, IFlatbufferObject => Get<T>(2, (int)expected);

    private T? Get<T>(int union, int expected) where T : struct, IFlatbufferObject
    {
        if (_buffer is null || _type == 0 || _position == 0)
            return null;
        if (union != _union || _type != expected)
            throw new ModelFormatException($"{Field}: expected {UnionName(expected, union)}, found {UnionName(_type, _union)}");
        T t = default;
        t.__init(_position, _buffer);
        return t;
    }

    internal ActivationFunctionType Activation(G.ActivationFunctionType value, string table)
        => (ActivationFunctionType)EnumValue((sbyte)value, (int)ActivationFunctionType.SignBit, table, "fused_activation_function", "ActivationFunctionType");

    internal Padding ToPadding(G.Padding value, string table)
        => (Padding)EnumValue((sbyte)value, (int)Padding.Valid, table, "padding", "Padding");

    internal MirrorPadMode ToMirrorPadMode(G.MirrorPadMode value, string table)
        => (MirrorPadMode)EnumValue((sbyte)value, (int)MirrorPadMode.Symmetric, table, "mode", "MirrorPadMode");

    internal TensorType ToTensorType(G.TensorType value, string table, string field)
        => (TensorType)EnumValue((sbyte)value, TensorTypeInfo.MaxValue, table, field, "TensorType");

    /// <summary><paramref name="value"/> when it is in [0, <paramref name="max"/>], else a format error naming the field.</summary>
    internal long EnumValue(long value, long max, string table, string field, string enumName)
    {
        if (value < 0 || value > max)
            throw Invalid(table, field, $"{value} is not a{(IsVowel(enumName[0]) ? "n" : "")} {enumName}");
        return value;
    }

    /// <summary>The [int] field (slot <paramref name="slot"/> of this table); [] when absent.</summary>
    internal int[] Ints(int slot, string table, string field) => IntsOrNull(slot, table, field) ?? [];

    /// <summary>The [int] field; null when absent (where absent and empty differ, as RESHAPE's new_shape).</summary>
    internal int[]? IntsOrNull(int slot, string table, string field)
        => _decoder is null || _position == 0 ? null : _decoder.Int32s(_decoder.Ref(_position, slot), Where(table, field));

    internal long[] Longs(int slot, string table, string field)
        => _decoder is null || _position == 0 ? [] : _decoder.Int64s(_decoder.Ref(_position, slot), Where(table, field)) ?? [];

    internal float[] Floats(int slot, string table, string field)
        => _decoder is null || _position == 0 ? [] : _decoder.Floats(_decoder.Ref(_position, slot), Where(table, field)) ?? [];

    internal bool[] Bools(int slot, string table, string field)
        => _decoder is null || _position == 0 ? [] : _decoder.Bools(_decoder.Ref(_position, slot), Where(table, field)) ?? [];

    /// <summary>The string field, decoded once per position; "" when absent.</summary>
    internal string String(int slot, string table, string field)
        => _decoder is null || _position == 0 ? "" : _decoder.String(_decoder.Ref(_position, slot), Where(table, field)) ?? "";

    /// <summary>The [ubyte] field as a slice of the model (no copy); empty when absent.</summary>
    internal ReadOnlyMemory<byte> Bytes(int slot)
        => _decoder is null || _position == 0 ? ReadOnlyMemory<byte>.Empty : _decoder.Bytes(_decoder.Ref(_position, slot));

    /// <summary>A vector of a 4-byte enum: each value checked to be in [0, <paramref name="max"/>].</summary>
    internal uint[] EnumVector(int slot, long max, string table, string field, string enumName)
    {
        if (_decoder is null || _position == 0)
            return [];
        uint[] values = _decoder.UInt32s(_decoder.Ref(_position, slot), Where(table, field)) ?? [];
        for (int i = 0; i < values.Length; i++)
            if (values[i] > max)
                throw Invalid(table, $"{field}[{i}]", $"{values[i]} is not a{(IsVowel(enumName[0]) ? "n" : "")} {enumName}");
        return values;
    }

    private static bool IsVowel(char c) => "AEIOU".Contains(c);

    private string Where(string table, string field) => $"{Field}({table}).{field}";

    private ModelFormatException Invalid(string table, string field, string message) => new($"{Where(table, field)}: {message}");

    private string Field => (_subGraph < 0 ? "operator" : $"subgraphs[{_subGraph}].operators[{_operator}]") + (_union == 2 ? ".builtin_options_2" : ".builtin_options");

    internal static string UnionName(int type, int union)
    {
        var layout = SchemaLayout.Unions[union == 2 ? SchemaLayout.BuiltinOptions2Union : SchemaLayout.BuiltinOptionsUnion];
        return type >= 1 && type <= layout.Members.Length ? SchemaLayout.Tables[layout.Members[type - 1]].Name : $"{layout.Name} type {type}";
    }
}

/// <summary>A builtin options record that can be parsed from an <see cref="OptionsTable"/>.</summary>
public interface IBuiltinOptions<TSelf> where TSelf : IBuiltinOptions<TSelf>
{
    /// <summary>Parses the table, returning TFLite's defaults when the table is absent.</summary>
    static abstract TSelf Parse(OptionsTable table);
}

/// <summary>The reader's decode-once, budget-charged access to vectors and strings, for options records.</summary>
internal interface IOptionsDecoder
{
    /// <summary>Position of what field <paramref name="slot"/> of the table at <paramref name="table"/> points to, or 0.</summary>
    int Ref(int table, int slot);
    int[]? Int32s(int vector, string where);
    uint[]? UInt32s(int vector, string where);
    long[]? Int64s(int vector, string where);
    float[]? Floats(int vector, string where);
    bool[]? Bools(int vector, string where);
    string? String(int position, string where);
    ReadOnlyMemory<byte> Bytes(int vector);
}
