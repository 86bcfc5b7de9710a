namespace ManagedLite.Schema;

/// <summary>Fused activation of an operator; values match TFLite's schema.</summary>
public enum ActivationFunctionType : sbyte
{
    None = 0,
    Relu = 1,
    ReluN1To1 = 2,
    Relu6 = 3,
    Tanh = 4,
    SignBit = 5,
}
