using Ref = ManagedLite.Kernels.Reference.UnaryMath;
using Opt = ManagedLite.Kernels.Optimized.UnaryMath;

namespace ManagedLite.Ops;

/// <summary>Which math function a <see cref="UnaryMathOp"/> computes.</summary>
internal enum UnaryMathKind { Exp, Sqrt, Rsqrt, Abs, Neg, Square, Floor, Ceil, Log, Sin, Cos }

/// <summary>EXP, SQRT, RSQRT, ABS, NEG, SQUARE, FLOOR, CEIL, LOG, SIN, COS on float32.</summary>
internal sealed class UnaryMathOp : IOpKernel
{
    private readonly UnaryMathKind _kind;

    private readonly bool _reference;

    public UnaryMathOp(UnaryMathKind kind, KernelFlavor flavor)
    {
        _kind = kind;
        _reference = flavor == KernelFlavor.Reference;
    }

    public void Prepare(OpContext context) => ElementwiseOpHelpers.PrepareUnaryFloat(context);

    public void Eval(OpContext context)
    {
        var x = context.Input(0).GetData<float>();
        var y = context.Output(0).GetWritableData<float>();
        bool r = _reference;
        switch (_kind)
        {
            case UnaryMathKind.Exp: if (r) Ref.Exp(x, y); else Opt.Exp(x, y); break;
            case UnaryMathKind.Sqrt: if (r) Ref.Sqrt(x, y); else Opt.Sqrt(x, y); break;
            case UnaryMathKind.Rsqrt: if (r) Ref.Rsqrt(x, y); else Opt.Rsqrt(x, y); break;
            case UnaryMathKind.Abs: if (r) Ref.Abs(x, y); else Opt.Abs(x, y); break;
            case UnaryMathKind.Neg: if (r) Ref.Neg(x, y); else Opt.Neg(x, y); break;
            case UnaryMathKind.Square: if (r) Ref.Square(x, y); else Opt.Square(x, y); break;
            case UnaryMathKind.Floor: if (r) Ref.Floor(x, y); else Opt.Floor(x, y); break;
            case UnaryMathKind.Ceil: if (r) Ref.Ceil(x, y); else Opt.Ceil(x, y); break;
            case UnaryMathKind.Log: if (r) Ref.Log(x, y); else Opt.Log(x, y); break;
            case UnaryMathKind.Sin: if (r) Ref.Sin(x, y); else Opt.Sin(x, y); break;
            case UnaryMathKind.Cos: if (r) Ref.Cos(x, y); else Opt.Cos(x, y); break;
        }
    }
}
