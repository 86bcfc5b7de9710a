namespace ManagedLite.Kernels.Recurrent;

/// <summary>Fused activation of the recurrent operators (TFLite's TfLiteFusedActivation values they use).</summary>
public enum RecurrentActivation
{
    None = 0,
    Relu = 1,
    ReluN1To1 = 2,
    Relu6 = 3,
    Tanh = 4,
    SignBit = 5,
    Sigmoid = 6,
}

/// <summary>Float activation functions as TFLite's ActivationFunctor applies them.</summary>
public static class RecurrentActivations
{
    public static float Apply(RecurrentActivation activation, float x) => activation switch
    {
        RecurrentActivation.None => x,
        RecurrentActivation.Relu => x < 0f ? 0f : x,
        RecurrentActivation.ReluN1To1 => x > 1f ? 1f : x < -1f ? -1f : x,
        RecurrentActivation.Relu6 => x < 0f ? 0f : x > 6f ? 6f : x,
        RecurrentActivation.Tanh => MathF.Tanh(x),
        RecurrentActivation.SignBit => float.IsNegative(x) ? 1f : 0f,
        RecurrentActivation.Sigmoid => 1f / (1f + MathF.Exp(-x)),
        _ => x,
    };

    public static void Apply(RecurrentActivation activation, Span<float> values)
    {
        for (int i = 0; i < values.Length; i++) values[i] = Apply(activation, values[i]);
    }
}
