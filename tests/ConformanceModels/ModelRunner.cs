using ManagedLite.IO;
using ManagedLite.Schema;

namespace ManagedLite.ConformanceModels.Tests;

/// <summary>Runs a model once on given or seeded inputs and compares outputs with reference arrays.</summary>
internal static class ModelRunner
{
    public static NpyArray[] Run(string modelPath, IReadOnlyList<NpyArray>? inputs, uint seed, InterpreterOptions? options = null)
    {
        var model = Model.FromFile(modelPath);
        using var interp = new Interpreter(model, options);
        if (inputs is null) SeededInputs.FillInputs(interp, seed);
        else
        {
            for (int i = 0; i < inputs.Count; i++)
                if (!interp.Inputs[i].Shape.SequenceEqual(inputs[i].Shape)) interp.ResizeInputTensor(i, inputs[i].Shape);
            interp.AllocateTensors();
            for (int i = 0; i < inputs.Count; i++) inputs[i].Data.CopyTo(interp.Inputs[i].WritableBytes);
        }
        interp.Invoke();
        return interp.Outputs.Select(NpyArray.FromTensor).ToArray();
    }

    /// <summary>max |got - want| / max(1, max |want|) over a float32 output.</summary>
    public static double RelativeError(NpyArray got, NpyArray want)
    {
        var g = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(got.Data);
        var w = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(want.Data);
        double maxRef = 0, maxDiff = 0;
        for (int i = 0; i < w.Length; i++) maxRef = Math.Max(maxRef, Math.Abs((double)w[i]));
        for (int i = 0; i < w.Length; i++)
        {
            double d = Math.Abs((double)g[i] - w[i]);
            if (double.IsNaN(d)) d = double.IsNaN(g[i]) && double.IsNaN(w[i]) ? 0 : double.PositiveInfinity;
            maxDiff = Math.Max(maxDiff, d);
        }
        return maxDiff / Math.Max(1.0, maxRef);
    }

    /// <summary>Counts equal elements of two integer outputs of the same type; returns (equal, total, max |diff|).</summary>
    public static (long Equal, long Total, long MaxDiff) CompareIntegers(NpyArray got, NpyArray want)
    {
        long eq = 0, max = 0, n = want.ElementCount;
        for (long i = 0; i < n; i++)
        {
            long a = Element(got, i), b = Element(want, i);
            if (a == b) eq++;
            max = Math.Max(max, Math.Abs(a - b));
        }
        return (eq, n, max);
    }

    private static long Element(NpyArray a, long i) => a.Type switch
    {
        TensorType.Int8 => (sbyte)a.Data[i],
        TensorType.UInt8 or TensorType.Bool => a.Data[i],
        TensorType.Int16 => BitConverter.ToInt16(a.Data, (int)(i * 2)),
        TensorType.Int32 => BitConverter.ToInt32(a.Data, (int)(i * 4)),
        TensorType.Int64 => BitConverter.ToInt64(a.Data, (int)(i * 8)),
        _ => throw new NotSupportedException(a.Type.ToString()),
    };
}
