using ManagedLite.QuantModels;
using ManagedLite.Schema;

namespace ManagedLite.OpConformance;

/// <summary>
/// Whole small models of the kinds users bring that no registry here ships, written by tools/quantmodels: a
/// MobileNetV3-Small at 96 x 96 (HARD_SWISH, squeeze-excite MEAN and broadcast MUL, 3x3 and 5x5 depthwise) and a
/// one-layer BERT-style encoder of 32 tokens (decomposed layer norms, FULLY_CONNECTED with keep_num_dims, BATCH_MATMUL
/// with adj_y, SOFTMAX, exact GELU). Float outputs against native TFLite's reference kernels, within 1e-4 of scale
/// (many ops in sequence).
/// </summary>
internal static partial class OpCases
{
    static partial void AddModels(List<OpCaseFactory> cases)
    {
        cases.Add(new("model_mobilenet_v3_small_96_float", seed =>
        {
            var d = new CaseData(seed);
            var model = new MobileNetV3SmallFloat((int)(seed % 1000), inputSize: 96).Build();
            return new OpCase("model_mobilenet_v3_small_96_float", model, [d.Array(TensorType.Float32, [1, 96, 96, 3])]) { Tolerance = 1e-4 };
        }));
        cases.Add(new("model_transformer_encoder_1x32x64_float", seed =>
        {
            var d = new CaseData(seed);
            var model = new TransformerEncoderFloat((int)(seed % 1000), layers: 1, tokens: 32, width: 64, heads: 2, ffn: 128).Build();
            return new OpCase("model_transformer_encoder_1x32x64_float", model, [d.Array(TensorType.Float32, [1, 32, 64], 2f)]) { Tolerance = 1e-4 };
        }));
    }
}
