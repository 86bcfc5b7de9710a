using System.Runtime.InteropServices;
using ManagedLite.Schema;
using static ManagedLite.Ops.IndexReduceChecks;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.StableHlo;

/// <summary>
/// STABLEHLO_RNG_BIT_GENERATOR (TFLite's stablehlo_rng_bit_generator.cc): input the uint64 state vector; outputs the
/// new state (uint64, the input's shape) and random bits of the output's declared static shape in int32, uint32, int64
/// or uint64. THREEFRY needs a state of 2 elements, PHILOX and DEFAULT (Philox, as in TFLite) 2 or 3. A pure function
/// of the state (models thread the returned state into the next call), so not stateful; see
/// <see cref="Ref.RngBitGenerator"/> for the bit layout.
/// </summary>
internal sealed class StableHloRngBitGeneratorOp : IOpKernel
{
    public static readonly TensorType[] Types = [TensorType.UInt64, TensorType.Int32, TensorType.UInt32, TensorType.Int64];

    private RngAlgorithm _algorithm;

    public void Prepare(OpContext ctx)
    {
        ExpectCounts(ctx, 1, 2);
        var state = ctx.Input(0);
        var newState = ctx.Output(0);
        var output = ctx.Output(1);
        ExpectType(ctx, state, "initial_state", TensorType.UInt64);
        if (state.Rank != 1) throw ctx.Fail($"initial_state {Describe(state)} must be a vector");
        ExpectType(ctx, newState, "output_state", TensorType.UInt64);
        if (!newState.Shape.SequenceEqual(state.Shape))
            throw ctx.Fail($"output_state {Describe(newState)} must have the shape of initial_state {Describe(state)}");
        ExpectType(ctx, output, "output", TensorType.Int32, TensorType.UInt32, TensorType.Int64, TensorType.UInt64);
        _algorithm = ctx.GetOptions<StablehloRngBitGeneratorOptions>().Algorithm;
        int n = state.Dim(0);
        switch (_algorithm)
        {
            case RngAlgorithm.ThreeFry:
                if (n != 2) throw ctx.Fail($"initial_state {Describe(state)}: THREEFRY needs a state of 2 elements (u64[2]), got {n}");
                break;
            case RngAlgorithm.Philox:
            case RngAlgorithm.Default:
                if (n != 2 && n != 3) throw ctx.Fail($"initial_state {Describe(state)}: PHILOX needs a state of 2 or 3 elements, got {n}");
                break;
            default:
                throw ctx.Fail($"unknown RNG algorithm {(int)_algorithm}");
        }
        ctx.ResizeOutput(0, state.Shape);
        // The random output keeps the static shape the model declares (TFLite copies output->dims).
        ctx.ResizeOutput(1, output.Shape);
    }

    public void Eval(OpContext ctx)
    {
        var state = MemoryMarshal.Cast<byte, uint>(ctx.Input(0).RawBytes);
        var newState = MemoryMarshal.Cast<byte, uint>(ctx.Output(0).WritableBytes);
        var output = MemoryMarshal.Cast<byte, uint>(ctx.Output(1).WritableBytes);
        if (_algorithm == RngAlgorithm.ThreeFry) Ref.RngBitGenerator.ThreeFry(state, newState, output);
        else Ref.RngBitGenerator.Philox4x32(state, newState, output);
    }
}
