using ManagedLite.Robustness;
using ManagedLite.Schema;
using Xunit;

namespace ManagedLite.Runtime.Tests.Signal;

/// <summary>
/// SignalDelay, SignalFramer, SignalOverlapAdd, SignalStacker and SignalIrfft reject what TFLite Micro cannot run
/// (bad types, ranks, option values, shapes the options do not fit) with an <see cref="OperatorException"/> naming the
/// problem; huge state fails before allocating. The stateful ones are never constant-folded: a constant input still
/// gives a different output on every invoke, until ResetVariableTensors.
/// </summary>
public class StreamingSignalOpErrorTests
{
    private static byte[] OneOp(string op, TensorType type, int[] shape, byte[]? options, int outputs = 1, TensorType? outType = null,
                                TensorType validType = TensorType.Bool, short[]? constant = null)
    {
        var m = new TinyModel();
        int x = constant is null
            ? m.Tensor("x", type, shape)
            : m.Const("x", type, shape, constant);
        int y = m.Tensor("y", outType ?? type, [1]);
        int[] outs = outputs == 2 ? [y, m.Tensor("valid", validType, [])] : [y];
        m.Custom(op, [x], outs, options).Inputs(constant is null ? [x] : []).Outputs(outs);
        return m.Build();
    }

    private static void PrepareFails(byte[] model, string fragment)
    {
        using var interp = new Interpreter(Model.FromBytes(model));
        var e = Assert.Throws<OperatorException>(() => interp.AllocateTensors());
        Assert.Contains(fragment, e.ToString());
    }

    private static byte[] Flex(params (string Key, long Value)[] values)
    {
        var w = new FlexMapWriter();
        foreach (var (k, v) in values) w.Int(k, v);
        return w.Build();
    }

    [Fact]
    public void DelayChecks()
    {
        PrepareFails(OneOp("SignalDelay", TensorType.Int16, [8], null), "custom options");
        PrepareFails(OneOp("SignalDelay", TensorType.Int32, [8], Flex(("delay_length", 3))), "input");
        PrepareFails(OneOp("SignalDelay", TensorType.Int16, [8], Flex(("delay_length", -1))), "delay_length = -1");
        PrepareFails(OneOp("SignalDelay", TensorType.Int16, [8], Flex(("delay_length", 1L << 40))), "delay_length");
        PrepareFails(OneOp("SignalDelay", TensorType.Int16, [1 << 12, 8], Flex(("delay_length", 1 << 14))), "samples of state");
        PrepareFails(OneOp("SignalDelay", TensorType.Int16, [8], Flex(("delay", 3))), "delay_length");
    }

    private static byte[] FramerOptions(long size, long step, bool prefill) =>
        new FlexMapWriter().Int("frame_size", size).Int("frame_step", step).Bool("prefill", prefill).Build();

    [Fact]
    public void FramerChecks()
    {
        PrepareFails(OneOp("SignalFramer", TensorType.Int16, [4], FramerOptions(5, 2, false)), "expected 2 outputs");
        PrepareFails(OneOp("SignalFramer", TensorType.Int16, [4], FramerOptions(5, 2, false), 2, validType: TensorType.Int32), "output_valid");
        PrepareFails(OneOp("SignalFramer", TensorType.Int16, [4], FramerOptions(5, 0, false), 2), "frame_step = 0");
        PrepareFails(OneOp("SignalFramer", TensorType.Int16, [5], FramerOptions(5, 2, false), 2), "multiple of frame_step 2");
        PrepareFails(OneOp("SignalFramer", TensorType.Int16, [1], FramerOptions(5, 2, false), 2), "multiple of frame_step 2");
        PrepareFails(OneOp("SignalFramer", TensorType.Int16, [4], FramerOptions(1, 2, true), 2), "prefill needs frame_size >= frame_step");
        PrepareFails(OneOp("SignalFramer", TensorType.Int16, [1 << 10, 2], FramerOptions(1 << 20, 2, true), 2), "samples of state");
    }

    private static byte[] OverlapOptions(long type, long step) => Flex(("T", type), ("frame_step", step));

    [Fact]
    public void OverlapAddChecks()
    {
        PrepareFails(OneOp("SignalOverlapAdd", TensorType.Int32, [2, 3], OverlapOptions((long)TensorType.Int32, 1)), "not supported (int16 or float32)");
        PrepareFails(OneOp("SignalOverlapAdd", TensorType.Float32, [2, 3], OverlapOptions((long)TensorType.Int16, 1)), "input");
        PrepareFails(OneOp("SignalOverlapAdd", TensorType.Int16, [3], OverlapOptions((long)TensorType.Int16, 1)), "rank 2 or more");
        PrepareFails(OneOp("SignalOverlapAdd", TensorType.Int16, [2, 3], OverlapOptions((long)TensorType.Int16, 4)), "fewer than frame_step 4");
        PrepareFails(OneOp("SignalOverlapAdd", TensorType.Int16, [2, 3], OverlapOptions((long)TensorType.Int16, 0)), "frame_step = 0");
    }

    private static byte[] StackerOptions(long channels, long left, long right, long step) =>
        Flex(("num_channels", channels), ("stacker_left_context", left), ("stacker_right_context", right), ("stacker_step", step));

    [Fact]
    public void StackerChecks()
    {
        PrepareFails(OneOp("SignalStacker", TensorType.Int16, [3], StackerOptions(4, 1, 0, 1), 2), "num_channels = 4");
        PrepareFails(OneOp("SignalStacker", TensorType.Int16, [3, 1], StackerOptions(3, 1, 0, 1), 2), "rank");
        PrepareFails(OneOp("SignalStacker", TensorType.Int16, [3], StackerOptions(3, 1, 0, 3), 2), "stacker_step 3 is more than the 2 stacked frames");
        PrepareFails(OneOp("SignalStacker", TensorType.Int16, [3], StackerOptions(3, 1, 0, 0), 2), "stacker_step = 0");
        PrepareFails(OneOp("SignalStacker", TensorType.Int16, [3], StackerOptions(3, -1, 0, 1), 2), "stacker_left_context = -1");
        PrepareFails(OneOp("SignalStacker", TensorType.Int16, [1000], StackerOptions(1000, 1 << 20, 0, 1), 2), "values of state");
    }

    [Fact]
    public void IrfftChecks()
    {
        static byte[] Options(long type, long length) => Flex(("T", type), ("fft_length", length));
        PrepareFails(OneOp("SignalIrfft", TensorType.Int8, [66], Options((long)TensorType.Int8, 64)), "not supported (int16, int32 or float32)");
        PrepareFails(OneOp("SignalIrfft", TensorType.Int16, [66], Options((long)TensorType.Int32, 64)), "input");
        PrepareFails(OneOp("SignalIrfft", TensorType.Int16, [66], Options((long)TensorType.Int16, 63)), "must be even");
        PrepareFails(OneOp("SignalIrfft", TensorType.Int16, [64], Options((long)TensorType.Int16, 64)), "33 complex bins");
        PrepareFails(OneOp("SignalIrfft", TensorType.Int16, [66], Options((long)TensorType.Int16, 1L << 30)), "fft_length");
    }

    [Fact]
    public void StateCountsAgainstTheMemoryBudget()
    {
        // 2^20 delayed samples (2 MiB of int16 state) under a 1 MiB budget: refused before allocating.
        var model = Model.FromBytes(OneOp("SignalDelay", TensorType.Int16, [8], Flex(("delay_length", 1 << 20))));
        using var small = new Interpreter(model, new InterpreterOptions { MaxMemoryBytes = 1 << 20 });
        var e = Assert.ThrowsAny<Exception>(() => small.AllocateTensors());
        var limit = e as ResourceLimitException ?? e.InnerException as ResourceLimitException;
        Assert.NotNull(limit);
        Assert.Contains("state of node 0", limit!.Message);
        // Within the budget it runs, and preparing again does not charge the state twice.
        using var big = new Interpreter(model, new InterpreterOptions { MaxMemoryBytes = 16 << 20 });
        big.AllocateTensors();
        long used = big.MemoryBytes;
        Assert.True(used >= 2 << 20, $"{used} bytes charged");
        big.ResizeInputTensor(0, [8]);
        big.AllocateTensors();
        Assert.Equal(used, big.MemoryBytes);
    }

    [Fact]
    public void StatefulOpsAreNotFoldedAndResetWithVariables()
    {
        // A constant input: a foldable op would be evaluated once; the delay must keep producing the next samples.
        short[] x = [1, 2, 3, 4];
        using var interp = new Interpreter(Model.FromBytes(OneOp("SignalDelay", TensorType.Int16, [4], Flex(("delay_length", 2)), constant: x)));
        interp.AllocateTensors();
        interp.Invoke();
        Assert.Equal(new short[] { 0, 0, 1, 2 }, interp.Outputs[0].ToArray<short>());
        interp.Invoke();
        Assert.Equal(new short[] { 3, 4, 1, 2 }, interp.Outputs[0].ToArray<short>());
        interp.ResetVariableTensors();
        interp.Invoke();
        Assert.Equal(new short[] { 0, 0, 1, 2 }, interp.Outputs[0].ToArray<short>());
    }

    [Fact]
    public void RegistrationsDeclareTypesAndState()
    {
        var resolver = OpResolver.CreateBuiltin();
        foreach (var name in new[] { "SignalDelay", "SignalFramer", "SignalOverlapAdd", "SignalStacker", "SignalIrfft" })
        {
            var reg = resolver.FindCustomRegistration(name, 1);
            Assert.NotNull(reg);
            Assert.NotEmpty(reg!.Traits.Types);
            Assert.Equal(name != "SignalIrfft", reg.Traits.IsStateful);
        }
    }
}
