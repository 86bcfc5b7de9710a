using ManagedLite.Robustness;
using ManagedLite.Schema;
using Xunit;
using static ManagedLite.Robustness.TinyModel;

namespace ManagedLite.Runtime.Tests.StableHlo;

/// <summary>
/// STABLEHLO_RNG_BIT_GENERATOR: Random123's known answers for ThreeFry 2x32-20 and Philox 4x32-10, a fed state
/// threaded through two calls continuing one longer stream, and hostile models rejected with the reason.
/// </summary>
public class RngBitGeneratorTests
{
    private const byte RngOptions2 = 19;

    private static byte[] Model(RngAlgorithm algorithm, int stateSize, TensorType outType, int[] outShape, TensorType stateType = TensorType.UInt64,
        int[]? newStateShape = null)
    {
        var m = new TinyModel();
        int s = m.Tensor("state", stateType, [stateSize]);
        int ns = m.Tensor("new_state", TensorType.UInt64, newStateShape ?? [stateSize]), o = m.Tensor("bits", outType, outShape);
        return m.Op2(BuiltinOperator.STABLEHLO_RNG_BIT_GENERATOR, [s], [ns, o], 1, RngOptions2, new OptionField(0, OptionKind.Byte, (int)algorithm))
            .Inputs(s).Outputs(ns, o).Build();
    }

    private static (ulong[] State, T[] Bits) Run<T>(byte[] model, ulong[] state) where T : unmanaged
    {
        using var interp = new Interpreter(ManagedLite.Model.FromBytes(model));
        interp.AllocateTensors();
        interp.Inputs[0].CopyFrom((ReadOnlySpan<ulong>)state);
        interp.Invoke();
        return (interp.Outputs[0].ToArray<ulong>(), interp.Outputs[1].ToArray<T>());
    }

    [Fact]
    public void KnownAnswers()
    {
        // Random123 kat_vectors: threefry2x32_20 and philox4x32_10 with zero key and counter.
        var (tfState, tf) = Run<uint>(Model(RngAlgorithm.ThreeFry, 2, TensorType.UInt32, [2]), [0, 0]);
        Assert.Equal(new uint[] { 0x6b200159, 0x99ba4efe }, tf);
        Assert.Equal(new ulong[] { 0, 1 }, tfState);
        var (phState, ph) = Run<uint>(Model(RngAlgorithm.Philox, 3, TensorType.UInt32, [4]), [0, 0, 0]);
        Assert.Equal(new uint[] { 0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8 }, ph);
        Assert.Equal(new ulong[] { 0, 1, 0 }, phState);
        // All-ones key and counter (ThreeFry's second vector); the counter's low word wraps and carries.
        var (tfState2, tf2) = Run<uint>(Model(RngAlgorithm.ThreeFry, 2, TensorType.UInt32, [2]), [ulong.MaxValue, ulong.MaxValue]);
        Assert.Equal(new uint[] { 0x1cb996fc, 0xbb002be7 }, tf2);
        Assert.Equal(new ulong[] { ulong.MaxValue, 0 }, tfState2);
    }

    [Theory]
    [InlineData(RngAlgorithm.ThreeFry, 2)]
    [InlineData(RngAlgorithm.Philox, 2)]
    [InlineData(RngAlgorithm.Default, 3)]
    public void ThreadedStateContinuesTheStream(RngAlgorithm algorithm, int stateSize)
    {
        ulong[] state = new ulong[] { 0x0123456789ABCDEFUL, 0xFFFFFFFEFFFFFFFEUL, 0x55AA55AA12345678UL }[..stateSize];
        var (_, whole) = Run<ulong>(Model(algorithm, stateSize, TensorType.UInt64, [8]), state);
        var half = Model(algorithm, stateSize, TensorType.UInt64, [4]);
        var (next, first) = Run<ulong>(half, state);
        var (_, second) = Run<ulong>(half, next);
        Assert.Equal(whole, first.Concat(second).ToArray());
        Assert.Equal(state[0], next[0]);
        Assert.NotEqual(first, second);
    }

    private static void PrepareFails(byte[] model, string fragment)
    {
        using var interp = new Interpreter(ManagedLite.Model.FromBytes(model));
        var e = Assert.Throws<OperatorException>(() => interp.AllocateTensors());
        Assert.Contains(fragment, e.Message);
    }

    [Fact]
    public void RejectsBadStatesAndTypes()
    {
        PrepareFails(Model(RngAlgorithm.ThreeFry, 3, TensorType.UInt32, [4]), "THREEFRY needs a state of 2 elements");
        PrepareFails(Model(RngAlgorithm.Philox, 4, TensorType.UInt32, [4]), "PHILOX needs a state of 2 or 3 elements");
        PrepareFails(Model(RngAlgorithm.Default, 1, TensorType.UInt32, [4]), "PHILOX needs a state of 2 or 3 elements");
        PrepareFails(Model(RngAlgorithm.Philox, 2, TensorType.Float32, [4]), "output 'bits' is float32");
        PrepareFails(Model(RngAlgorithm.Philox, 2, TensorType.UInt32, [4], stateType: TensorType.Int64), "initial_state 'state' is int64");
        PrepareFails(Model(RngAlgorithm.Philox, 2, TensorType.UInt32, [4], newStateShape: [3]), "must have the shape of initial_state");
    }
}
