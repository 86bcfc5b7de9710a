namespace ManagedLite.Kernels.Reference;

/// <summary>Float FULLY_CONNECTED as TFLite's reference kernel: output = clamp(input . weights^T + bias).</summary>
public static class FullyConnected
{
    public static void Run(in FullyConnectedParams p,
                           ReadOnlySpan<float> input,    // [B, IN]
                           ReadOnlySpan<float> weights,  // [OUT, IN]
                           ReadOnlySpan<float> bias,     // [OUT] or empty
                           Span<float> output)           // [B, OUT]
    {
        p.Check(input.Length, weights.Length, bias.Length, output.Length);
        int depth = p.InputDepth, outDepth = p.OutputDepth;
        for (int b = 0; b < p.Batches; b++)
        for (int o = 0; o < outDepth; o++)
        {
            float total = 0f;
            for (int d = 0; d < depth; d++)
                total += input[b * depth + d] * weights[o * depth + d];
            if (!bias.IsEmpty) total += bias[o];
            output[b * outDepth + o] = Math.Min(Math.Max(total, p.ActivationMin), p.ActivationMax);
        }
    }
}
