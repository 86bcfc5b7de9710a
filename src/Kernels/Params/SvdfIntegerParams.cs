namespace ManagedLite.Kernels.Params;

/// <summary>
/// Precomputed quantization of a fully integer SVDF. Scale1 = input * weights_feature / state and
/// Scale2 = state * weights_time / output, each as a Q31 multiplier with a left shift (TFLite's
/// effective_scale_1/2 a/b).
/// </summary>
public readonly record struct SvdfIntegerParams(
    int InputZeroPoint, int StateZeroPoint, int OutputZeroPoint,
    int Scale1Multiplier, int Scale1Shift, int Scale2Multiplier, int Scale2Shift);
