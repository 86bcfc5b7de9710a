using ManagedLite.IO;
using ManagedLite.Schema;
using Xunit;

namespace ManagedLite.Runtime.Tests.IO;

public class SeededInputsTests
{
    [Fact]
    public void Mulberry32MatchesKnownSequence()
    {
        // Reference values of Mulberry32 computed with its JavaScript definition in Node (the LiteRT.js oracle uses the same stream).
        var g = new SeededInputs(1);
        var got = new[] { g.Next(), g.Next(), g.Next() };
        Assert.Equal(new uint[] { 2693262067u, 11749833u, 2265367787u }, got);
    }

    [Fact]
    public void FloatsAreInRangeAndDeterministic()
    {
        var a = new byte[4000];
        var b = new byte[4000];
        new SeededInputs(5).Fill(TensorType.Float32, a);
        new SeededInputs(5).Fill(TensorType.Float32, b);
        Assert.Equal(a, b);
        var f = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(a);
        foreach (float v in f) Assert.InRange(v, -1f, 1f - 1f / 8388608f);
    }
}
