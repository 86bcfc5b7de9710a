using Ref = ManagedLite.Kernels.Reference.Activations;
using Opt = ManagedLite.Kernels.Optimized.Activations;

namespace ManagedLite.Ops;

/// <summary>Which parameterless activation an <see cref="ActivationOp"/> computes.</summary>
internal enum ActivationKind { Relu, Relu6, ReluN1To1, Logistic, Tanh, HardSwish, Elu }

/// <summary>RELU, RELU6, RELU_N1_TO_1, LOGISTIC, TANH, HARD_SWISH and ELU on float32.</summary>
internal sealed class ActivationOp : IOpKernel
{
    private readonly ActivationKind _kind;

    public ActivationOp(ActivationKind kind) => _kind = kind;

    public void Prepare(OpContext context) => ElementwiseOpHelpers.PrepareUnaryFloat(context);

    public void Eval(OpContext context)
    {
        var x = context.Input(0).GetData<float>();
        var y = context.Output(0).GetWritableData<float>();
        bool r = context.UseReferenceKernels;
        switch (_kind)
        {
            case ActivationKind.Relu: if (r) Ref.Relu(x, y); else Opt.Relu(x, y); break;
            case ActivationKind.Relu6: if (r) Ref.Relu6(x, y); else Opt.Relu6(x, y); break;
            case ActivationKind.ReluN1To1: if (r) Ref.ReluN1To1(x, y); else Opt.ReluN1To1(x, y); break;
            case ActivationKind.Logistic: if (r) Ref.Logistic(x, y); else Opt.Logistic(x, y); break;
            case ActivationKind.Tanh: if (r) Ref.Tanh(x, y); else Opt.Tanh(x, y); break;
            case ActivationKind.HardSwish: if (r) Ref.HardSwish(x, y); else Opt.HardSwish(x, y); break;
            case ActivationKind.Elu: if (r) Ref.Elu(x, y); else Opt.Elu(x, y); break;
        }
    }
}
