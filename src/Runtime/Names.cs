namespace ManagedLite;

/// <summary>Model strings (tensor names, custom codes) as error messages print them: quoted, control characters escaped, long ones shortened.</summary>
internal static class Names
{
    private const int MaxShown = 120;

    public static string Quote(string? name)
    {
        name ??= "";
        var sb = new System.Text.StringBuilder(Math.Min(name.Length, MaxShown) + 8);
        sb.Append('\'');
        int shown = Math.Min(name.Length, MaxShown);
        for (int i = 0; i < shown; i++)
        {
            char c = name[i];
            if (c == '\'' || c == '\\') sb.Append('\\').Append(c);
            else if (char.IsControl(c) || char.IsSurrogate(c) || c is '\u2028' or '\u2029' or '\u200e' or '\u200f' or '\u202a' or '\u202b' or '\u202c' or '\u202d' or '\u202e')
                sb.Append(c <= 0xff ? $"\\x{(int)c:X2}" : $"\\u{(int)c:X4}");
            else sb.Append(c);
        }
        sb.Append('\'');
        if (name.Length > MaxShown) sb.Append($"...({name.Length} chars)");
        return sb.ToString();
    }
}
