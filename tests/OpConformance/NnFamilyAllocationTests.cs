using Xunit;

namespace ManagedLite.OpConformance;

/// <summary>
/// Every normalization, 3-D convolution, sequence-model and MediaPipe pooling case invokes without allocating managed
/// memory once warm (both resolvers): Eval of these kernels works in scratch and tensors only.
/// </summary>
public class NnFamilyAllocationTests
{
    private static readonly string[] Prefixes =
        ["l2norm_", "lrn_", "l2pool_", "conv3d_", "rnn_", "sequence_rnn_", "bidi_rnn_", "lstm_", "unidirectional_lstm_", "bidi_lstm_", "mediapipe_"];

    public static IEnumerable<object[]> Names =>
        OpCases.All.Where(c => Prefixes.Any(p => c.Name.StartsWith(p, StringComparison.Ordinal))).Select(c => new object[] { c.Name });

    [Theory]
    [MemberData(nameof(Names))]
    public void SteadyStateInvokeAllocatesNothing(string name)
    {
        var c = OpCases.Find(name).Build(OpCases.ReferenceSeed);
        foreach (bool reference in new[] { false, true })
        {
            using var interp = new Interpreter(Model.FromBytes(c.Model), new InterpreterOptions { UseReferenceKernels = reference });
            for (int i = 0; i < c.Inputs.Length; i++)
                if (!interp.Inputs[i].Shape.SequenceEqual(c.Inputs[i].Shape)) interp.ResizeInputTensor(i, c.Inputs[i].Shape, strict: false);
            interp.AllocateTensors();
            for (int i = 0; i < c.Inputs.Length; i++) c.Inputs[i].Data.CopyTo(interp.Inputs[i].WritableBytes);
            for (int i = 0; i < 3; i++) interp.Invoke();
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 5; i++) interp.Invoke();
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(allocated == 0, $"{name} ({(reference ? "reference" : "optimized")}): {allocated} bytes allocated in 5 invokes");
        }
    }
}
