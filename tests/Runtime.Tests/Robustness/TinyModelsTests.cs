using ManagedLite.Robustness;
using Xunit;

namespace ManagedLite.Runtime.Tests.Robustness;

/// <summary>The tiny models used as fuzz seeds and in the robustness tests are valid and run.</summary>
public class TinyModelsTests
{
    public static IEnumerable<object[]> Names() => TinyModels.All().Select(m => new object[] { m.Name });

    [Theory]
    [MemberData(nameof(Names))]
    public void EveryTinyModelRuns(string name)
    {
        var bytes = TinyModels.All().First(m => m.Name == name).Bytes;
        using var interp = new Interpreter(Model.FromBytes(bytes));
        interp.AllocateTensors(); // inputs start zeroed: valid for every model (GATHER indices 0)
        interp.Invoke();
        foreach (var t in interp.Outputs) Assert.True(t.RawBytes.Length > 0, $"{name}: output '{t.Name}' is empty");
    }

    [Fact]
    public void DensifyExpandsCsrAndBlockSparseConstants()
    {
        using (var csr = new Interpreter(Model.FromBytes(TinyModels.Densify())))
        {
            csr.AllocateTensors();
            csr.Invoke();
            Assert.Equal([1f, 0, 2, 0, 0, 3, 0, 0, 4, 0, 0, 5], csr.Outputs[0].ToArray<float>());
        }
        using var blocks = new Interpreter(Model.FromBytes(TinyModels.DensifyBlocks()));
        var w = blocks.Tensors.First(t => t.Name == "w");
        Assert.True(w.IsConstant); // folded at preparation
        Assert.Equal([1f, 2, 0, 0, 3, 4, 0, 0, 0, 0, 5, 6, 0, 0, 7, 8], w.ToArray<float>());
    }
}
