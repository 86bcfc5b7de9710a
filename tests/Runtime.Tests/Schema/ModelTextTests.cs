using ManagedLite.Schema;
using Xunit;

namespace ManagedLite.Tests.Schema;

/// <summary>Model strings are quoted, escaped and shortened in messages (issue 7, item 8).</summary>
public sealed class ModelTextTests
{
    [Theory]
    [InlineData("conv/weights", "'conv/weights'")]
    [InlineData("", "''")]
    [InlineData(null, "''")]
    [InlineData("a\u001b[2Jb", "'a\\x1B[2Jb'")]
    [InlineData("line\r\nnext\tend\0", "'line\\r\\nnext\\tend\\0'")]
    [InlineData("it's a\\b", "'it\\'s a\\\\b'")]
    [InlineData("del\u007f c1\u009b", "'del\\x7F c1\\x9B'")]
    [InlineData("rtl\u202eevil\u200b", "'rtl\\u202Eevil\\u200B'")]
    [InlineData("sep\u2028par\u2029", "'sep\\u2028par\\u2029'")]
    [InlineData("caf\u00e9 \u4e2d\u6587 \ud83d\ude00", "'caf\u00e9 \u4e2d\u6587 \ud83d\ude00'")]
    public void QuoteEscapes(string? text, string expected) => Assert.Equal(expected, ModelText.Quote(text));

    [Fact]
    public void UnpairedSurrogatesAreEscaped()
    {
        // Not a theory: xUnit's serialization of theory data replaces lone surrogates.
        Assert.Equal("'lone\\uD800'", ModelText.Quote("lone\ud800"));
        Assert.Equal("'\\uDC00x'", ModelText.Quote("\udc00x"));
    }

    [Fact]
    public void LongStringsAreShortened()
    {
        string name = new string('x', 5000);
        Assert.Equal("'" + new string('x', ModelText.MaxQuotedChars) + "'...(5000 chars)", ModelText.Quote(name));
        Assert.Equal("'" + new string('y', 120) + "'", ModelText.Quote(new string('y', 120)));
        // A surrogate pair straddling the cut is kept whole or dropped whole.
        string emoji = new string('z', 119) + "\ud83d\ude00" + "tail";
        Assert.Equal("'" + new string('z', 119) + "'...(125 chars)", ModelText.Quote(emoji));
    }

    [Fact]
    public void BytesAreQuotedAsLatin1()
    {
        Assert.Equal("'TFL3'", ModelText.Quote("TFL3"u8));
        Assert.Equal("'\\0\\xFF\\x1B\\n'", ModelText.Quote([0, 0xff, 0x1b, 10]));
    }

    [Fact]
    public void ReaderMessagesEscapeTensorNames()
    {
        var b = TestModelBuilder.SimpleAdd();
        b.Main.Tensors[2].Name = "evil\u001b]0;pwned\u0007\r\nfake line";
        b.Main.Tensors[2].Shape = [-1];
        var e = Assert.Throws<ModelFormatException>(() => b.Read());
        Assert.Equal("subgraphs[0].tensors[2].shape[0]: dimension -1 is negative (tensor 'evil\\x1B]0;pwned\\x07\\r\\nfake line')", e.Message);
        Assert.DoesNotContain(e.Message, c => char.IsControl(c));
    }

    [Fact]
    public void ReaderMessagesShortenLongNames()
    {
        var b = TestModelBuilder.SimpleAdd();
        b.Main.Tensors[1] = new() { Name = new string('n', 1 << 20), Shape = [4], Buffer = b.AddBuffer(new byte[3]) };
        var e = Assert.Throws<ModelFormatException>(() => b.Read());
        Assert.Contains("'...(1048576 chars) has 3 bytes in buffer 1", e.Message);
        Assert.True(e.Message.Length < 400, $"message of {e.Message.Length} characters");
    }

    [Fact]
    public void FileIdentifierIsEscaped()
    {
        var b = TestModelBuilder.SimpleAdd();
        b.WriteIdentifier = false;
        byte[] bytes = b.Build();
        bytes[4] = 0x1b;
        var e = Assert.Throws<ModelFormatException>(() => ModelReader.Read(bytes));
        Assert.StartsWith("model: file identifier is '\\x1B", e.Message);
        Assert.DoesNotContain(e.Message, c => char.IsControl(c));
    }
}
