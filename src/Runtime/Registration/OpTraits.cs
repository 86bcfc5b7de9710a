using ManagedLite.Schema;

namespace ManagedLite;

/// <summary>
/// What graph passes and the executor need to know about an operator, carried by its registration so
/// that no pass or runner names an operator (TFLite Micro's <c>TFLMRegistration</c>, XNNPACK's operator
/// descriptors). Immutable; share instances freely.
/// </summary>
public sealed record OpTraits
{
    /// <summary>Traits of a builtin kernel that declares nothing special.</summary>
    public static OpTraits Default { get; } = new();

    /// <summary>Traits assumed for custom operators registered without traits: stateful (never folded).</summary>
    public static OpTraits Custom { get; } = new() { IsStateful = true };

    /// <summary>
    /// The operator has state, side effects or randomness (variables, random ops, control flow, custom ops):
    /// it runs on every Invoke and is never evaluated ahead of time by constant folding.
    /// </summary>
    public bool IsStateful { get; init; }

    /// <summary>
    /// The standalone node computes this activation on float32 data (RELU, RELU6, RELU_N1_TO_1), so the
    /// activation-fusion pass may fold it into a producer whose traits have <see cref="AcceptsFusedActivation"/>.
    /// </summary>
    public ActivationFunctionType ActsAsActivation { get; init; } = ActivationFunctionType.None;

    /// <summary>
    /// The kernel clamps its float32 output with <see cref="OpContext.ActivationRange"/>, so a following
    /// activation node can be fused into it (its intermediate tensor disappears).
    /// </summary>
    public bool AcceptsFusedActivation { get; init; }

    /// <summary>
    /// The node computes <c>activation(input0 + input1)</c> element by element (ADD); the function returns the
    /// activation its options fuse. With it the residual-add fusion pass may fold the node into the producer of one
    /// operand whose traits have <see cref="AcceptsResidualAdd"/> (float32, both operands of one shape).
    /// </summary>
    public Func<OpContext, ActivationFunctionType>? AddsTwoInputs { get; init; }

    /// <summary>
    /// The float32 kernel can add a tensor of its output's shape to its clamped output and clamp the sum again, in its
    /// epilogue (<see cref="OpContext.Residual"/>, <see cref="OpContext.ResidualRange"/>): a following residual ADD
    /// is folded into it.
    /// </summary>
    public bool AcceptsResidualAdd { get; init; }

    /// <summary>
    /// The node computes <c>activation(input0 * input1)</c> element by element (MUL); the function returns the
    /// activation its options fuse. With it the SiLU-fusion pass may fold the node into a LOGISTIC of one operand whose
    /// traits have <see cref="AcceptsInputMultiply"/> when the other operand is that LOGISTIC's input (float32, one shape).
    /// </summary>
    public Func<OpContext, ActivationFunctionType>? MultipliesTwoInputs { get; init; }

    /// <summary>
    /// The float32 element-wise kernel (LOGISTIC) can multiply its result by its own input and clamp the product
    /// (<see cref="OpContext.MultipliesByInput"/>, <see cref="OpContext.InputMultiplyRange"/>), in the same pass over
    /// memory: a following MUL of its output by its input (SiLU, x * sigmoid(x)) is folded into it.
    /// </summary>
    public bool AcceptsInputMultiply { get; init; }

    /// <summary>
    /// The node pads with a constant: input 0 padded by the [rank, 2] paddings of input 1 (int32 or int64), with zeros
    /// unless input 2 gives another value (PAD, PADV2). The pad-folding pass reads these to fold zero padding into a
    /// consumer with <see cref="AcceptsExplicitPadding"/>.
    /// </summary>
    public bool PadsWithConstant { get; init; }

    /// <summary>
    /// The float32 NHWC kernel (convolution, depthwise convolution) treats input positions outside the image as zeros
    /// and can take extra explicit top/left/bottom/right padding (<see cref="OpContext.ExtraPadding"/>) on top of its
    /// options' padding, so a zero PAD of its input's height and width can be folded into it.
    /// </summary>
    public bool AcceptsExplicitPadding { get; init; }

    /// <summary>
    /// The outputs depend only on the inputs' shapes and types, never their values (SHAPE, RANK, SIZE): when those
    /// shapes are fixed, the node is evaluated while preparing and its outputs are persistent (readable in Prepare by
    /// the nodes that follow, as RESHAPE reads its shape input), so shape arithmetic never reaches Invoke.
    /// </summary>
    public bool ReadsOnlyInputShapes { get; init; }

    /// <summary>The kernel reads sparse constant tensors (DENSIFY); every other kernel gets dense data only.</summary>
    public bool ReadsSparseTensors { get; init; }

    /// <summary>
    /// Estimated multiply-adds (or comparable units of element work) of one Eval, from the shapes set by
    /// Prepare; feeds <see cref="InterpreterOptions.MaxMacsPerInvoke"/>. Null means the default: the elements of
    /// every input and output (work linear in the data).
    /// </summary>
    public Func<OpContext, long>? EstimateWork { get; init; }

    /// <summary>Element types the kernel runs, for reports and delegates; empty when not declared.</summary>
    public IReadOnlyList<TensorType> Types { get; init; } = [];
}
