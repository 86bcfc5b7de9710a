using ManagedLite.QuantModels;
using ManagedLite.Schema;
using Xunit;

namespace ManagedLite.Runtime.Tests.Convolution;

/// <summary>The dynamic-range MobileNetV2 that tools/quantmodels writes for the speed comparison loads and runs.</summary>
public class MobileNetHybridTests
{
    [Fact]
    public void HybridMobileNetRunsWithFiniteNonDegenerateProbabilities()
    {
        var model = Model.FromBytes(new MobileNetHybrid(1234).Build());
        using var interp = new Interpreter(model);
        interp.AllocateTensors();
        // int8 weights of 35 CONV_2D, 17 DEPTHWISE_CONV_2D and the FULLY_CONNECTED; every activation float32
        Assert.Equal(35 + 17 + 1, interp.Tensors.Count(t => t.IsConstant && t.DataType == TensorType.Int8));
        Assert.All(interp.Tensors.Where(t => !t.IsConstant), t => Assert.Equal(TensorType.Float32, t.DataType));
        var x = new float[224 * 224 * 3];
        var rng = new Random(7);
        for (int i = 0; i < x.Length; i++) x[i] = (float)(rng.NextDouble() * 2 - 1);
        interp.Inputs[0].CopyFrom<float>(x);
        interp.Invoke();
        var p = interp.Outputs[0].ToArray<float>();
        Assert.Equal(1001, p.Length);
        Assert.All(p, v => Assert.True(float.IsFinite(v) && v >= 0));
        Assert.InRange(p.Sum(), 0.999f, 1.001f);
        Assert.InRange(p.Max(), 0.01f, 0.9f); // peaked, not flat and not one-hot
    }
}
