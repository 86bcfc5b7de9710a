using System.Runtime.InteropServices;
using ManagedLite.Robustness;
using ManagedLite.Schema;

namespace ManagedLite.QuantModels;

/// <summary>What the model builders share: Gaussian draws, option fields and Gaussian float32 constants.</summary>
internal static class BuilderCommon
{
    /// <summary>A standard normal draw (Box-Muller, one of the pair), two uniform draws from <paramref name="rng"/>.</summary>
    public static double NextGaussian(this Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    public static TinyModel.OptionField Byte(int slot, int value) => new(slot, TinyModel.OptionKind.Byte, value);

    public static TinyModel.OptionField Int(int slot, int value) => new(slot, TinyModel.OptionKind.Int, value);

    /// <summary>A constant float32 tensor of normal values with the given mean and standard deviation, drawn in order.</summary>
    public static int GaussianTensor(this TinyModel m, Random rng, string name, int[] shape, double std, double mean = 0)
    {
        int count = 1;
        foreach (int d in shape) count *= d;
        var w = new float[count];
        for (int i = 0; i < count; i++) w[i] = (float)(mean + rng.NextGaussian() * std);
        return m.Tensor(name, TensorType.Float32, shape, MemoryMarshal.AsBytes(w.AsSpan()).ToArray());
    }
}
