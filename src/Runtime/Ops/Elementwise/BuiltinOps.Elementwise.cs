using ManagedLite.Schema;

namespace ManagedLite.Ops;

internal static partial class BuiltinOps
{

    static partial void RegisterElementwise(OpResolver r)
    {
        // Versions are registered generously: the float kernels are the same for every version; quantized
        // variants of later versions fail in Prepare with "<type> not supported yet".
        r.AddBuiltin(BuiltinOperator.ADD, () => new BinaryArithmeticOp(BinaryArithmeticKind.Add), 1, 5);
        r.AddBuiltin(BuiltinOperator.SUB, () => new BinaryArithmeticOp(BinaryArithmeticKind.Sub), 1, 5);
        r.AddBuiltin(BuiltinOperator.MUL, () => new BinaryArithmeticOp(BinaryArithmeticKind.Mul), 1, 7);
        r.AddBuiltin(BuiltinOperator.DIV, () => new BinaryArithmeticOp(BinaryArithmeticKind.Div), 1, 2);
        r.AddBuiltin(BuiltinOperator.MAXIMUM, () => new BinaryArithmeticOp(BinaryArithmeticKind.Maximum), 1, 4);
        r.AddBuiltin(BuiltinOperator.MINIMUM, () => new BinaryArithmeticOp(BinaryArithmeticKind.Minimum), 1, 4);
        r.AddBuiltin(BuiltinOperator.SQUARED_DIFFERENCE, () => new BinaryArithmeticOp(BinaryArithmeticKind.SquaredDifference), 1, 2);
        r.AddBuiltin(BuiltinOperator.POW, () => new BinaryArithmeticOp(BinaryArithmeticKind.Pow), 1, 1);
        r.AddBuiltin(BuiltinOperator.PRELU, () => new PreluOp(), 1, 1);

        r.AddBuiltin(BuiltinOperator.RELU, () => new ActivationOp(ActivationKind.Relu), 1, 3);
        r.AddBuiltin(BuiltinOperator.RELU6, () => new ActivationOp(ActivationKind.Relu6), 1, 3);
        r.AddBuiltin(BuiltinOperator.RELU_N1_TO_1, () => new ActivationOp(ActivationKind.ReluN1To1), 1, 2);
        r.AddBuiltin(BuiltinOperator.LOGISTIC, () => new ActivationOp(ActivationKind.Logistic), 1, 3);
        r.AddBuiltin(BuiltinOperator.TANH, () => new ActivationOp(ActivationKind.Tanh), 1, 3);
        r.AddBuiltin(BuiltinOperator.HARD_SWISH, () => new ActivationOp(ActivationKind.HardSwish), 1, 1);
        r.AddBuiltin(BuiltinOperator.ELU, () => new ActivationOp(ActivationKind.Elu), 1, 2);
        r.AddBuiltin(BuiltinOperator.LEAKY_RELU, () => new LeakyReluOp(), 1, 2);
        r.AddBuiltin(BuiltinOperator.GELU, () => new GeluOp(), 1, 2);

        r.AddBuiltin(BuiltinOperator.SOFTMAX, () => new SoftmaxOp(), 1, 3);
        r.AddBuiltin(BuiltinOperator.LOG_SOFTMAX, () => new LogSoftmaxOp(), 1, 2);
        r.AddBuiltin(BuiltinOperator.MEAN, () => new ReduceOp(ReduceKind.Mean), 1, 3);
        r.AddBuiltin(BuiltinOperator.SUM, () => new ReduceOp(ReduceKind.Sum), 1, 2);
        r.AddBuiltin(BuiltinOperator.REDUCE_MAX, () => new ReduceOp(ReduceKind.Max), 1, 3);
        r.AddBuiltin(BuiltinOperator.DEQUANTIZE, () => new DequantizeOp(), 1, 6);
        r.AddBuiltin(BuiltinOperator.QUANTIZE, () => new QuantizeOp(), 1, 3);

        r.AddBuiltin(BuiltinOperator.EXP, () => new UnaryMathOp(UnaryMathKind.Exp), 1, 2);
        r.AddBuiltin(BuiltinOperator.SQRT, () => new UnaryMathOp(UnaryMathKind.Sqrt), 1, 1);
        r.AddBuiltin(BuiltinOperator.RSQRT, () => new UnaryMathOp(UnaryMathKind.Rsqrt), 1, 3);
        r.AddBuiltin(BuiltinOperator.ABS, () => new UnaryMathOp(UnaryMathKind.Abs), 1, 5);
        r.AddBuiltin(BuiltinOperator.NEG, () => new UnaryMathOp(UnaryMathKind.Neg), 1, 2);
        r.AddBuiltin(BuiltinOperator.SQUARE, () => new UnaryMathOp(UnaryMathKind.Square), 1, 1);
        r.AddBuiltin(BuiltinOperator.FLOOR, () => new UnaryMathOp(UnaryMathKind.Floor), 1, 1);
        r.AddBuiltin(BuiltinOperator.CEIL, () => new UnaryMathOp(UnaryMathKind.Ceil), 1, 1);
        r.AddBuiltin(BuiltinOperator.LOG, () => new UnaryMathOp(UnaryMathKind.Log), 1, 2);
        r.AddBuiltin(BuiltinOperator.SIN, () => new UnaryMathOp(UnaryMathKind.Sin), 1, 1);
        r.AddBuiltin(BuiltinOperator.COS, () => new UnaryMathOp(UnaryMathKind.Cos), 1, 1);
        r.AddBuiltin(BuiltinOperator.CAST, () => new CastOp(), 1, 6);
        r.AddBuiltin(BuiltinOperator.ADD_N, () => new AddNOp(), 1, 1);
    }
}
