namespace ManagedLite.Schema.FlexBuffers;

/// <summary>
/// Reader of FlexBuffers, the schemaless format of TFLite custom operator options (custom_options_format
/// FLEXBUFFERS). The buffer ends with the root: its value, its packed type byte and its byte width. Malformed
/// input raises <see cref="ModelFormatException"/>; no read leaves the buffer.
/// </summary>
public static class FlexBuffer
{
    /// <summary>The root value of <paramref name="buffer"/>.</summary>
    public static FlexBufferValue GetRoot(ReadOnlyMemory<byte> buffer)
    {
        var span = buffer.Span;
        if (span.Length < 3)
            throw new ModelFormatException($"flexbuffer: {span.Length} bytes is too short for a root value");
        int rootWidth = span[^1];
        if (rootWidth is not (1 or 2 or 4 or 8))
            throw new ModelFormatException($"flexbuffer: invalid root byte width {rootWidth}");
        int rootOffset = span.Length - 2 - rootWidth;
        if (rootOffset < 0)
            throw new ModelFormatException($"flexbuffer: {span.Length} bytes is too short for a root of width {rootWidth}");
        return new FlexBufferValue(buffer, rootOffset, rootWidth, span[^2]);
    }

    /// <summary>The root of <paramref name="buffer"/>, which must be a map.</summary>
    public static FlexBufferMap GetRootMap(ReadOnlyMemory<byte> buffer) => GetRoot(buffer).AsMap();

    /// <summary>Copies <paramref name="buffer"/> (for example an operator's custom options span) and reads its root map.</summary>
    public static FlexBufferMap GetRootMap(ReadOnlySpan<byte> buffer) => GetRoot(buffer.ToArray()).AsMap();
}
