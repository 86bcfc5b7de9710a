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
    /// The n-grams of <paramref name="sentence"/>. Stops with <see cref="Status.OutputTooLarge"/> when their string
    /// layout (8 + 4 per string + the bytes) would pass <paramref name="maxLayoutBytes"/>, and with
    /// <see cref="Status.TooManySteps"/> after <paramref name="maxSteps"/> enumeration steps; <paramref name="steps"/>
    /// is the number taken. <paramref name="ngramSize"/> must not be negative.
    /// </summary>
    public static Status Run(ReadOnlySpan<byte> sentence, int ngramSize, int maxSkip, bool includeAll, long maxLayoutBytes,
        long maxSteps, out List<byte[]> grams, out long steps)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(ngramSize);
        grams = new List<byte[]>();
        steps = 0;
        var words = SplitWords(sentence);
        if (words.Count < ngramSize) return Status.Ok;
        int n = words.Count;
        var stack = new int[ngramSize]; // word index at each depth of the current n-gram
        int depth = 1;
        long layout = 8;
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
                int length = depth - 1;
                for (int k = 0; k < depth; k++) length += words[stack[k]].Length;
                layout += 4L + length;
                if (layout > maxLayoutBytes) return Status.OutputTooLarge;
                var gram = new byte[length];
                int at = 0;
                for (int k = 0; k < depth; k++)
                {
                    if (k > 0) gram[at++] = (byte)' ';
                    var (start, len) = words[stack[k]];
                    sentence.Slice(start, len).CopyTo(gram.AsSpan(at));
                    at += len;
                }
                grams.Add(gram);
            }
            depth--;
        }
        return Status.Ok;
    }
}
