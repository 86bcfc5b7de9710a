using ManagedLite.IO;
using ManagedLite.Robustness;
using ManagedLite.Schema;
using static ManagedLite.Robustness.TinyModel;

namespace ManagedLite.OpConformance;

/// <summary>
/// STABLEHLO_RNG_BIT_GENERATOR against TFLite's builtin kernel (the reference resolver lacks it), bit for bit: THREEFRY,
/// PHILOX and DEFAULT, u64[2] and (Philox) u64[3] states, int32 / uint32 / int64 / uint64 outputs of several shapes
/// (sizes that leave part of the last block unused, an empty output), and counters about to carry.
/// </summary>
internal static class StableHloRngCases
{
    private const byte RngOptions2 = 19;

    private static readonly (string Name, RngAlgorithm Algorithm, int StateSize)[] Algorithms =
    [
        ("threefry", RngAlgorithm.ThreeFry, 2), ("philox", RngAlgorithm.Philox, 2), ("philox_state3", RngAlgorithm.Philox, 3),
        ("default", RngAlgorithm.Default, 3),
    ];

    private static readonly (TensorType Type, int[] Shape)[] Outputs =
    [
        (TensorType.UInt32, [7]), (TensorType.Int32, [2, 3, 5]), (TensorType.UInt64, [3]), (TensorType.Int64, [4, 5]),
    ];

    public static void Add(List<OpCaseFactory> cases)
    {
        foreach (var (algName, algorithm, stateSize) in Algorithms)
        {
            for (int i = 0; i < Outputs.Length; i++)
            {
                var (type, shape) = Outputs[i];
                // Every second case starts the counter's low word just below the wrap (it carries into the next word).
                bool carry = i % 2 == 1;
                string name = $"stablehlo_rng_bit_generator_{algName}_{TensorTypes.Name(type)}_{string.Join("x", shape)}{(carry ? "_carry" : "")}";
                cases.Add(new(name, seed => Build(name, new CaseData(seed), algorithm, stateSize, type, shape, carry)));
            }
        }
        cases.Add(new("stablehlo_rng_bit_generator_philox_empty", seed =>
            Build("stablehlo_rng_bit_generator_philox_empty", new CaseData(seed), RngAlgorithm.Philox, 2, TensorType.UInt32, [0, 3], false)));
    }

    private static OpCase Build(string name, CaseData d, RngAlgorithm algorithm, int stateSize, TensorType type, int[] shape, bool carry)
    {
        var state = new ulong[stateSize];
        for (int k = 0; k < stateSize; k++)
            for (int part = 0; part < 4; part++) state[k] = (state[k] << 16) | (uint)d.Int(0, 0xFFFF);
        // Word 2 (the counter's low word) close to 2^32 - 1: the output walks past the wrap.
        if (carry) state[1] = (state[1] & 0xFFFFFFFF00000000UL) | (0xFFFFFFFFUL - (uint)d.Int(0, 2));
        // TFLite's tflite_run cannot feed uint64, so the state is a constant of the model.
        return SingleOp.Build(name, BuiltinOperator.STABLEHLO_RNG_BIT_GENERATOR, 1, [CaseData.Of(TensorType.UInt64, [stateSize], state)],
            [(TensorType.UInt64, [stateSize]), (type, shape)], RngOptions2, [new OptionField(0, OptionKind.Byte, (int)algorithm)], [true],
            options2: true) with { NativeKernels = "builtin", Tolerance = 0 };
    }
}
