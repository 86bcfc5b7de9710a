using ManagedLite.Robustness;
using ManagedLite.Schema;
using Xunit;
using static ManagedLite.Robustness.TinyModel;

namespace ManagedLite.Runtime.Tests.Indexing;

/// <summary>LSH_PROJECTION's checks (options type, at most 32 bits, weights per row) and FarmHash Fingerprint64 on the shortest inputs (the native conformance cases cover every length class).</summary>
public class LshProjectionTests
{
    private static byte[] Model(int type, int bits = 4, int weightRows = -1)
    {
        var m = new TinyModel();
        int h = m.Tensor("hash", TensorType.Float32, [2, bits]);
        int x = m.Tensor("input", TensorType.Float32, [3, 2]);
        var ins = new List<int> { h, x };
        if (weightRows >= 0) ins.Add(m.Tensor("weight", TensorType.Float32, [weightRows]));
        int o = m.Tensor("out", TensorType.Int32, [2]);
        m.Op(BuiltinOperator.LSH_PROJECTION, [.. ins], [o], 1, 4, new OptionField(0, OptionKind.Byte, type)).Inputs([.. ins]).Outputs(o);
        return m.Build();
    }

    private static void PrepareFails(byte[] model, string fragment)
    {
        using var interp = new Interpreter(ManagedLite.Model.FromBytes(model));
        var e = Assert.Throws<OperatorException>(() => interp.AllocateTensors());
        Assert.Contains(fragment, e.Message);
    }

    [Fact]
    public void ChecksOptionsBitsAndWeights()
    {
        PrepareFails(Model(0), "LSHProjectionOptions.type is Unknown");
        PrepareFails(Model(1, bits: 33), "num_bits <= 32");
        PrepareFails(Model(2, weightRows: 2), "weight 'weight' (float32[2]) must have shape [3]");
    }

    [Fact]
    public void FingerprintOfEmptyAndShortInputs()
    {
        // Fingerprint64("") is FarmHash's k2; one byte goes through the 1-3 byte mix.
        Assert.Equal(0x9ae16a3b2f90404fUL, ManagedLite.Kernels.Reference.FarmHash.Fingerprint64([]));
        Assert.NotEqual(ManagedLite.Kernels.Reference.FarmHash.Fingerprint64([1]), ManagedLite.Kernels.Reference.FarmHash.Fingerprint64([2]));
    }
}
