using Xunit;

namespace ManagedLite.Kernels.Tests.Memory;

public class AlignedArrayTests
{
    private static unsafe long Address<T>(Span<T> s) where T : unmanaged
        => (long)System.Runtime.CompilerServices.Unsafe.AsPointer(ref System.Runtime.InteropServices.MemoryMarshal.GetReference(s));

    [Theory]
    [InlineData(1)] [InlineData(15)] [InlineData(16)] [InlineData(1000)]
    public void SpansStartOn64ByteBoundariesZeroedWithTheRequestedLength(int length)
    {
        for (int rep = 0; rep < 20; rep++) // different heap positions
        {
            var f = new AlignedArray<float>(length);
            var s = new AlignedArray<short>(length);
            var b = new AlignedArray<sbyte>(length);
            Assert.Equal(0, Address(f.Span) % 64);
            Assert.Equal(0, Address(s.Span) % 64);
            Assert.Equal(0, Address(b.Span) % 64);
            Assert.Equal(length, f.Span.Length);
            Assert.True(f.Span.ToArray().All(v => v == 0f));
            Assert.True(f.ByteSize >= 4L * length);
        }
    }

    [Fact]
    public void CopyOfKeepsTheValues()
    {
        short[] values = [1, -2, 3, short.MaxValue, short.MinValue];
        var a = AlignedArray<short>.CopyOf(values);
        Assert.Equal(values, a.Span.ToArray());
        Assert.Equal(0, Address(a.Span) % 64);
        Assert.Equal(0, new AlignedArray<float>(0).Span.Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => new AlignedArray<float>(-1));
    }
}
