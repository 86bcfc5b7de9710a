using System.Buffers.Binary;

namespace ManagedLite.Kernels.Reference;

/// <summary>
/// SKIP_GRAM (TFLite's skip_gram.cc): the sentence is split into words at C-locale white space (as TFLite does: the
/// first byte is never taken as a separator, and a word starting with white space is dropped), then every sequence of
/// <c>ngramSize</c> words (or 1..ngramSize with <c>includeAll</c>) whose consecutive word indices differ by at most
/// <c>maxSkip + 1</c> is emitted, joined by single spaces, in TFLite's depth-first order.
/// </summary>
public static class SkipGram
{
    /// <summary>Outcome of <see cref="Run"/>.</summary>
    public enum Status
    {
        /// <summary>All n-grams were produced.</summary>
        Ok,
        /// <summary>The n-grams' string layout would exceed the byte limit.</summary>
        OutputTooLarge,
        /// <summary>The enumeration would take more steps than allowed.</summary>
        TooManySteps,
    }

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\v' or (byte)'\f' or (byte)'\r';

    /// <summary>The words of <paramref name="s"/> as (start, length), split as TFLite does.</summary>
    public static List<(int Start, int Length)> SplitWords(ReadOnlySpan<byte> s)
    {
        var words = new List<(int, int)>();
        int previous = 0;
        for (int i = 1; i < s.Length; i++)
        {
            if (!IsSpace(s[i])) continue;
            if (i > previous && !IsSpace(s[previous])) words.Add((previous, i - previous));
            previous = i + 1;
        }
        if (s.Length > previous) words.Add((previous, s.Length - previous));
        return words;
    }

    /// <summary>
    /// The n-grams of <paramref name="sentence"/> as a list (a convenience over <see cref="Measure"/> and
    /// <see cref="Write"/>); same limits and status as <see cref="Measure"/>.
    /// </summary>
    public static Status Run(ReadOnlySpan<byte> sentence, int ngramSize, int maxSkip, bool includeAll, long maxLayoutBytes,
        long maxSteps, out List<byte[]> grams, out long steps)
    {
        grams = new List<byte[]>();
        var status = Measure(sentence, ngramSize, maxSkip, includeAll, maxLayoutBytes, maxSteps, out int count, out long bytes, out steps);
        if (status != Status.Ok) return status;
        var layout = new byte[bytes];
        Write(sentence, ngramSize, maxSkip, includeAll, count, layout);
        StringBuffer.TryRead(layout, out var strings);
        grams.AddRange(strings);
        return Status.Ok;
    }

    /// <summary>
    /// Counts the n-grams of <paramref name="sentence"/> and the bytes of their string layout (8 + 4 per string + the
    /// bytes), without allocating them. Stops with <see cref="Status.OutputTooLarge"/> when the layout would pass
    /// <paramref name="maxLayoutBytes"/> (or int32), and with <see cref="Status.TooManySteps"/> after
    /// <paramref name="maxSteps"/> enumeration steps; <paramref name="steps"/> is the number taken.
    /// <paramref name="ngramSize"/> must not be negative.
    /// </summary>
    public static Status Measure(ReadOnlySpan<byte> sentence, int ngramSize, int maxSkip, bool includeAll, long maxLayoutBytes,
        long maxSteps, out int count, out long layoutBytes, out long steps) =>
        Enumerate(sentence, ngramSize, maxSkip, includeAll, Math.Min(maxLayoutBytes, int.MaxValue), maxSteps, [], out count, out layoutBytes, out steps);

    /// <summary>
    /// Writes the <paramref name="count"/> n-grams that <see cref="Measure"/> found into <paramref name="layout"/>, which
    /// must have the measured size, in TFLite's string layout.
    /// </summary>
    public static void Write(ReadOnlySpan<byte> sentence, int ngramSize, int maxSkip, bool includeAll, int count, Span<byte> layout)
    {
        BinaryPrimitives.WriteInt32LittleEndian(layout, count);
        Enumerate(sentence, ngramSize, maxSkip, includeAll, layout.Length, long.MaxValue, layout, out int written, out long bytes, out _);
        if (written != count || bytes != layout.Length) throw new ArgumentException("the layout does not have the measured size", nameof(layout));
    }

    private static Status Enumerate(ReadOnlySpan<byte> sentence, int ngramSize, int maxSkip, bool includeAll, long maxLayoutBytes,
        long maxSteps, Span<byte> layout, out int count, out long layoutBytes, out long steps)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(ngramSize);
        count = 0;
        steps = 0;
        layoutBytes = 8;
        var words = SplitWords(sentence);
        bool writing = !layout.IsEmpty;
        int total = writing ? BinaryPrimitives.ReadInt32LittleEndian(layout) : 0;
        int at = 4 * (total + 2); // where the next gram's bytes go when writing
        if (words.Count >= ngramSize)
        {
            int n = words.Count;
            var stack = new int[ngramSize]; // word index at each depth of the current n-gram
            int depth = 1;
            while (depth >= 0)
            {
                if (++steps > maxSteps) return Status.TooManySteps;
                bool stepIn = depth < ngramSize && stack[depth] + 1 < n && (depth == 0 || stack[depth] - stack[depth - 1] <= maxSkip);
                if (stepIn)
                {
                    stack[depth]++;
                    depth++;
                    if (depth < ngramSize) stack[depth] = stack[depth - 1];
                    continue;
                }
                if (depth > 0 && (includeAll ? depth <= ngramSize : depth == ngramSize))
                {
                    long length = depth - 1;
                    for (int k = 0; k < depth; k++) length += words[stack[k]].Length;
                    layoutBytes += 4 + length;
                    if (layoutBytes > maxLayoutBytes) return Status.OutputTooLarge;
                    if (writing)
                    {
                        BinaryPrimitives.WriteInt32LittleEndian(layout[(4 + 4 * count)..], at);
                        for (int k = 0; k < depth; k++)
                        {
                            if (k > 0) layout[at++] = (byte)' ';
                            var (start, len) = words[stack[k]];
                            sentence.Slice(start, len).CopyTo(layout[at..]);
                            at += len;
                        }
                    }
                    count++;
                }
                depth--;
            }
        }
        if (writing) BinaryPrimitives.WriteInt32LittleEndian(layout[(4 + 4 * count)..], at);
        return Status.Ok;
    }
}
