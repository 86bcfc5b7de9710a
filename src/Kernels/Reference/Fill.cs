namespace ManagedLite.Kernels.Reference;

/// <summary>FILL (TFLite <c>reference_ops::Fill</c>): every output element is the scalar value.</summary>
public static class Fill
{
    public static void Run<T>(T value, Span<T> output) where T : unmanaged
    {
        for (int i = 0; i < output.Length; i++) output[i] = value;
    }
}
