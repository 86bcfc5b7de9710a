using ManagedLite.Robustness;
using ManagedLite.Schema;
using Xunit;

namespace ManagedLite.Runtime.Tests.Indexing;

/// <summary>HASHTABLE_LOOKUP: misses give zero rows and hit 0, shape and type errors name the tensor, an empty table fails at invoke.</summary>
public class HashtableLookupTests
{
    private static byte[] Model(int keys, int[] valueShape, TensorType valueType = TensorType.Float32, TensorType hitsType = TensorType.UInt8)
    {
        var m = new TinyModel();
        int l = m.Tensor("lookup", TensorType.Int32, [3]);
        int k = m.Tensor("keys", TensorType.Int32, [keys]);
        int v = m.Tensor("values", valueType, valueShape);
        int o = m.Tensor("out", valueType, [3, .. valueShape[1..]]);
        int h = m.Tensor("hits", hitsType, [3]);
        m.Op(BuiltinOperator.HASHTABLE_LOOKUP, [l, k, v], [o, h]).Inputs(l, k, v).Outputs(o, h);
        return m.Build();
    }

    private static void PrepareFails(byte[] model, string fragment)
    {
        using var interp = new Interpreter(ManagedLite.Model.FromBytes(model));
        var e = Record.Exception(() => interp.AllocateTensors());
        Assert.True(e is OperatorException, $"expected an OperatorException containing '{fragment}', got {e?.GetType().Name ?? "none"}");
        Assert.Contains(fragment, e!.Message);
    }

    [Fact]
    public void FindsRowsAndZeroesMisses()
    {
        using var interp = new Interpreter(ManagedLite.Model.FromBytes(Model(3, [3, 2])));
        interp.AllocateTensors();
        interp.Inputs[0].CopyFrom<int>([5, -1, 9]);
        interp.Inputs[1].CopyFrom<int>([1, 5, 9]);
        interp.Inputs[2].CopyFrom<float>([1, 2, 3, 4, 5, 6]);
        interp.Invoke();
        Assert.Equal(new float[] { 3, 4, 0, 0, 5, 6 }, interp.Outputs[0].ToArray<float>());
        Assert.Equal(new byte[] { 1, 0, 1 }, interp.Outputs[1].ToArray<byte>());
    }

    [Fact]
    public void ChecksShapesTypesAndEmptyTables()
    {
        PrepareFails(Model(3, [4, 2]), "values 'values' (float32[4,2]) must have one row per key");
        PrepareFails(Model(3, [3, 2], hitsType: TensorType.Int32), "output 1 (hits)");
        using var interp = new Interpreter(ManagedLite.Model.FromBytes(Model(0, [0, 2])));
        interp.AllocateTensors();
        interp.Inputs[0].CopyFrom<int>([1, 2, 3]);
        var e = Assert.Throws<OperatorException>(() => interp.Invoke());
        Assert.Contains("is empty", e.Message);
    }
}
