using System.Globalization;
using System.Text;

namespace ManagedLite.Schema;

/// <summary>
/// Makes strings that come from a model (tensor, subgraph and signature names, custom codes, ...) safe to put in
/// a message: a model is untrusted input, and a name holding terminal escapes, line breaks or a megabyte of text
/// must not reach a console or a log raw. Every message of the reader quotes model strings with
/// <see cref="Quote(string?)"/>; the runtime uses the same helper.
/// </summary>
public static class ModelText
{
    /// <summary>Characters of a string kept in a quoted form; the rest is replaced by a count.</summary>
    public const int MaxQuotedChars = 120;

    /// <summary>
    /// The string in single quotes, escaped and shortened: backslash and quote as <c>\\</c> and <c>\'</c>; NUL, tab,
    /// line feed and carriage return as <c>\0 \t \n \r</c>; other control characters (C0, DEL, C1) as <c>\xHH</c>
    /// (ESC is <c>\x1B</c>); format characters (bidirectional overrides, zero-width characters), line and paragraph
    /// separators, unpaired surrogates and unassigned code points as <c>\uHHHH</c>. A string longer than
    /// <see cref="MaxQuotedChars"/> characters keeps its first <see cref="MaxQuotedChars"/> and ends with
    /// <c>...(N chars)</c>, N its full length. Null quotes as <c>''</c>.
    /// </summary>
    /// <example><c>Quote("a\u001b[2Jb")</c> is <c>'a\x1B[2Jb'</c>.</example>
    public static string Quote(string? text)
    {
        text ??= "";
        int keep = text.Length;
        if (keep > MaxQuotedChars)
        {
            keep = MaxQuotedChars;
            if (char.IsHighSurrogate(text[keep - 1]) && char.IsLowSurrogate(text[keep]))
                keep--; // do not split a surrogate pair
        }
        var sb = new StringBuilder(keep + 16);
        sb.Append('\'');
        AppendEscaped(sb, text.AsSpan(0, keep));
        sb.Append('\'');
        if (keep < text.Length)
            sb.Append(CultureInfo.InvariantCulture, $"...({text.Length} chars)");
        return sb.ToString();
    }

    /// <summary>
    /// <see cref="Quote(string?)"/> of bytes that should be text (a file identifier, a FlexBuffers key): bytes are read as
    /// Latin-1, so every non-ASCII or control byte is escaped as <c>\xHH</c>.
    /// </summary>
    public static string Quote(ReadOnlySpan<byte> bytes)
    {
        int keep = Math.Min(bytes.Length, MaxQuotedChars);
        var chars = new char[keep];
        for (int i = 0; i < keep; i++)
            chars[i] = (char)bytes[i];
        var sb = new StringBuilder(keep + 16);
        sb.Append('\'');
        foreach (char c in chars)
        {
            if (c >= 0x80)
                sb.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:X2}");
            else
                AppendEscaped(sb, [c]);
        }
        sb.Append('\'');
        if (keep < bytes.Length)
            sb.Append(CultureInfo.InvariantCulture, $"...({bytes.Length} bytes)");
        return sb.ToString();
    }

    /// <summary>Longest message <see cref="Message"/> keeps; the rest is replaced by a count.</summary>
    public const int MaxMessageChars = 4096;

    /// <summary>
    /// An error message made safe to print, whatever model strings it holds: control, format and separator
    /// characters are escaped as in <see cref="Quote(string?)"/> (quotes and backslashes are left as they are), and a
    /// message longer than <see cref="MaxMessageChars"/> is shortened. Exceptions of ManagedLite pass their messages
    /// through it, so a name with terminal escapes never reaches a console raw even where a message forgot to quote it.
    /// </summary>
    public static string Message(string? text)
    {
        text ??= "";
        bool clean = text.Length <= MaxMessageChars;
        if (clean)
            foreach (char c in text)
                if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c > 0x7f && CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Format
                        or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Surrogate
                        or UnicodeCategory.OtherNotAssigned or UnicodeCategory.PrivateUse))
                { clean = false; break; }
        if (clean) return text;
        int keep = Math.Min(text.Length, MaxMessageChars);
        if (keep < text.Length && char.IsHighSurrogate(text[keep - 1])) keep--;
        var sb = new StringBuilder(keep + 32);
        AppendEscaped(sb, text.AsSpan(0, keep), quoting: false);
        if (keep < text.Length) sb.Append(CultureInfo.InvariantCulture, $"...({text.Length} chars)");
        return sb.ToString();
    }

    private static void AppendEscaped(StringBuilder sb, ReadOnlySpan<char> text, bool quoting = true)
    {
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            switch (c)
            {
                case '\\' when quoting: sb.Append("\\\\"); continue;
                case '\'' when quoting: sb.Append("\\'"); continue;
                case '\0': sb.Append("\\0"); continue;
                case '\t': sb.Append("\\t"); continue;
                case '\n': sb.Append("\\n"); continue;
                case '\r': sb.Append("\\r"); continue;
            }
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f))
            {
                sb.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:X2}");
                continue;
            }
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                var category = CharUnicodeInfo.GetUnicodeCategory(char.ConvertToUtf32(c, text[i + 1]));
                if (category is UnicodeCategory.Format or UnicodeCategory.OtherNotAssigned or UnicodeCategory.PrivateUse)
                    sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}\\u{(int)text[i + 1]:X4}");
                else
                    sb.Append(c).Append(text[i + 1]);
                i++;
                continue;
            }
            switch (CharUnicodeInfo.GetUnicodeCategory(c))
            {
                case UnicodeCategory.Format:
                case UnicodeCategory.LineSeparator:
                case UnicodeCategory.ParagraphSeparator:
                case UnicodeCategory.Surrogate: // unpaired
                case UnicodeCategory.OtherNotAssigned:
                case UnicodeCategory.PrivateUse:
                    sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }
    }
}
