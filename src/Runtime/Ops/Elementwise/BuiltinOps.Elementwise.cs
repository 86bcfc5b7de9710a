using ManagedLite.Schema;

namespace ManagedLite.Ops;

internal static partial class BuiltinOps
{

    static partial void RegisterElementwise(OpResolver r, KernelFlavor f)
    {
        var fusesActivation = new OpTraits { AcceptsFusedActivation = true };
        // Versions as TFLite's register.cc, except CAST: versions 8 and 9 are the packed int2 / uint4 and float8 casts.
        r.AddBuiltin(BuiltinOperator.ADD, () => new BinaryArithmeticOp(BinaryArithmeticKind.Add, f), 1, 6,
            fusesActivation with { AddsTwoInputs = ctx => ctx.GetOptions<AddOptions>().FusedActivation });
        r.AddBuiltin(BuiltinOperator.SUB, () => new BinaryArithmeticOp(BinaryArithmeticKind.Sub, f), 1, 5, fusesActivation);
        r.AddBuiltin(BuiltinOperator.MUL, () => new BinaryArithmeticOp(BinaryArithmeticKind.Mul, f), 1, 8,
            fusesActivation with { MultipliesTwoInputs = ctx => ctx.GetOptions<MulOptions>().FusedActivation });
        r.AddBuiltin(BuiltinOperator.DIV, () => new BinaryArithmeticOp(BinaryArithmeticKind.Div, f), 1, 2, fusesActivation);
        r.AddBuiltin(BuiltinOperator.MAXIMUM, () => new BinaryArithmeticOp(BinaryArithmeticKind.Maximum, f), 1, 4);
        r.AddBuiltin(BuiltinOperator.MINIMUM, () => new BinaryArithmeticOp(BinaryArithmeticKind.Minimum, f), 1, 4);
        r.AddBuiltin(BuiltinOperator.SQUARED_DIFFERENCE, () => new BinaryArithmeticOp(BinaryArithmeticKind.SquaredDifference, f), 1, 2);
        r.AddBuiltin(BuiltinOperator.POW, () => new BinaryArithmeticOp(BinaryArithmeticKind.Pow, f), 1, 1);
        r.AddBuiltin(BuiltinOperator.PRELU, () => new PreluOp(f), 1, 1);

        r.AddBuiltin(BuiltinOperator.RELU, () => new ActivationOp(ActivationKind.Relu, f), 1, 3, new OpTraits { ActsAsActivation = ActivationFunctionType.Relu });
        r.AddBuiltin(BuiltinOperator.RELU6, () => new ActivationOp(ActivationKind.Relu6, f), 1, 3, new OpTraits { ActsAsActivation = ActivationFunctionType.Relu6 });
        r.AddBuiltin(BuiltinOperator.RELU_N1_TO_1, () => new ActivationOp(ActivationKind.ReluN1To1, f), 1, 2, new OpTraits { ActsAsActivation = ActivationFunctionType.ReluN1To1 });
        r.AddBuiltin(BuiltinOperator.LOGISTIC, () => new ActivationOp(ActivationKind.Logistic, f), 1, 3, new OpTraits { AcceptsInputMultiply = true });
        r.AddBuiltin(BuiltinOperator.TANH, () => new ActivationOp(ActivationKind.Tanh, f), 1, 3);
        r.AddBuiltin(BuiltinOperator.HARD_SWISH, () => new ActivationOp(ActivationKind.HardSwish, f), 1, 1);
        r.AddBuiltin(BuiltinOperator.ELU, () => new ActivationOp(ActivationKind.Elu, f), 1, 2);
        r.AddBuiltin(BuiltinOperator.LEAKY_RELU, () => new LeakyReluOp(f), 1, 2);
        r.AddBuiltin(BuiltinOperator.GELU, () => new GeluOp(f), 1, 3);

        r.AddBuiltin(BuiltinOperator.SOFTMAX, () => new SoftmaxOp(f), 1, 3);
        r.AddBuiltin(BuiltinOperator.LOG_SOFTMAX, () => new LogSoftmaxOp(f), 1, 2);
        r.AddBuiltin(BuiltinOperator.DEQUANTIZE, () => new DequantizeOp(f), 1, 6);
        r.AddBuiltin(BuiltinOperator.QUANTIZE, () => new QuantizeOp(f), 1, 3);

        r.AddBuiltin(BuiltinOperator.EXP, () => new UnaryMathOp(UnaryMathKind.Exp, f), 1, 2);
        r.AddBuiltin(BuiltinOperator.SQRT, () => new UnaryMathOp(UnaryMathKind.Sqrt, f), 1, 2);
        r.AddBuiltin(BuiltinOperator.RSQRT, () => new UnaryMathOp(UnaryMathKind.Rsqrt, f), 1, 3);
        r.AddBuiltin(BuiltinOperator.ABS, () => new UnaryMathOp(UnaryMathKind.Abs, f), 1, 5);
        r.AddBuiltin(BuiltinOperator.NEG, () => new UnaryMathOp(UnaryMathKind.Neg, f), 1, 2);
        r.AddBuiltin(BuiltinOperator.SQUARE, () => new UnaryMathOp(UnaryMathKind.Square, f), 1, 1);
        r.AddBuiltin(BuiltinOperator.FLOOR, () => new UnaryMathOp(UnaryMathKind.Floor, f), 1, 1);
        r.AddBuiltin(BuiltinOperator.CEIL, () => new UnaryMathOp(UnaryMathKind.Ceil, f), 1, 1);
        r.AddBuiltin(BuiltinOperator.LOG, () => new UnaryMathOp(UnaryMathKind.Log, f), 1, 2);
        r.AddBuiltin(BuiltinOperator.SIN, () => new UnaryMathOp(UnaryMathKind.Sin, f), 1, 2);
        r.AddBuiltin(BuiltinOperator.COS, () => new UnaryMathOp(UnaryMathKind.Cos, f), 1, 2);
        r.AddBuiltin(BuiltinOperator.CAST, () => new CastOp(), 1, 7);
        r.AddBuiltin(BuiltinOperator.ADD_N, () => new AddNOp(f), 1, 1);
    }
}
