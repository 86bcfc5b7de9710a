using ManagedLite.IO;
using ManagedLite.Robustness;
using ManagedLite.Schema;

namespace ManagedLite.OpConformance;

/// <summary>
/// The custom operators TFLite ships (tflite_run registers them): TFLite_Detection_PostProcess with fast and regular
/// NMS, one or several classes per detection, tied scores, float and uint8 inputs, with and without a background
/// class, extra encoding values, default options; AudioSpectrogram and Mfcc (AudioCases.cs).
/// </summary>
internal static partial class OpCases
{
    private sealed record DetectionVariant(string Name, bool Regular, int MaxClassesPerDetection, bool Ties, bool Quantized,
        bool Background, int EncodingLength, bool Defaults, float ScoreThreshold, float Iou);

    static partial void AddCustom(List<OpCaseFactory> cases)
    {
        var variants = new DetectionVariant[]
        {
            new("fast_float", false, 1, false, false, true, 4, false, 0.3f, 0.5f),
            new("fast_three_classes_per_box", false, 3, false, false, true, 4, false, 0.2f, 0.6f),
            new("fast_ties", false, 2, true, false, true, 4, false, 0.25f, 0.5f),
            new("fast_no_background", false, 1, false, false, false, 4, false, 0.3f, 0.4f),
            new("fast_uint8", false, 1, true, true, true, 4, false, 0.3f, 0.5f),
            new("fast_keypoints_encoding", false, 1, false, false, true, 8, false, 0.3f, 0.5f),
            new("fast_few_detections", false, 2, false, false, true, 4, false, 0.985f, 0.5f),
            new("regular_float", true, 1, false, false, true, 4, false, 0.3f, 0.5f),
            new("regular_ties", true, 1, true, false, true, 4, false, 0.25f, 0.45f),
            new("regular_uint8", true, 1, true, true, true, 4, false, 0.3f, 0.6f),
            new("fast_defaults", false, 1, false, false, false, 4, true, 0.2f, 1.0f),
            new("regular_few_detections", true, 1, false, false, true, 4, false, 0.985f, 0.5f),
        };
        foreach (var v in variants)
        {
            string name = $"detection_postprocess_{v.Name}";
            cases.Add(new(name, seed => DetectionPostProcessCase(name, new CaseData(seed), v)));
        }
        AddAudioCases(cases);
    }

    private static OpCase DetectionPostProcessCase(string name, CaseData d, DetectionVariant v)
    {
        int n = d.Int(20, 60);
        int numClasses = d.Int(2, 6);
        int cwb = numClasses + (v.Background ? 1 : 0);
        int maxDetections = d.Int(4, 10);
        int perClass = d.Int(2, 5);
        // Anchors (y, x, h, w) around a few centres, so decoded boxes overlap.
        int clusters = d.Int(2, 5);
        var centres = new (float Y, float X)[clusters];
        for (int c = 0; c < clusters; c++) centres[c] = (d.Int(15, 85) / 100f, d.Int(15, 85) / 100f);
        var anchors = new float[4 * n];
        for (int i = 0; i < n; i++)
        {
            var (y, x) = centres[d.Int(0, clusters - 1)];
            anchors[4 * i] = y + d.Int(-5, 5) / 100f;
            anchors[4 * i + 1] = x + d.Int(-5, 5) / 100f;
            anchors[4 * i + 2] = d.Int(10, 40) / 100f;
            anchors[4 * i + 3] = d.Int(10, 40) / 100f;
        }
        var enc = new float[v.EncodingLength * n];
        for (int i = 0; i < enc.Length; i++) enc[i] = d.Int(-100, 100) / 100f;
        var scores = new float[n * cwb];
        for (int i = 0; i < scores.Length; i++) scores[i] = v.Ties ? d.Int(0, 8) / 8f : d.Int(0, 1000) / 1000f;

        var opts = new FlexMapWriter()
            .Int("max_detections", maxDetections)
            .Int("max_classes_per_detection", v.MaxClassesPerDetection)
            .Float("nms_score_threshold", v.ScoreThreshold)
            .Float("nms_iou_threshold", v.Iou)
            .Int("num_classes", numClasses)
            .Float("y_scale", 10).Float("x_scale", 10).Float("h_scale", 5).Float("w_scale", 5);
        if (!v.Defaults) opts.Int("detections_per_class", perClass).Bool("use_regular_nms", v.Regular);
        else if (v.Regular) throw new ArgumentException("without use_regular_nms the op runs fast NMS: a Defaults variant must have Regular = false");

        var m = new TinyModel();
        int encT, clsT, ancT;
        NpyArray encIn, clsIn;
        if (v.Quantized)
        {
            // uint8 encodings in [-1.28, 1.27] (scale 0.01, zero 128), anchors in [0, 1.02] (scale 0.004, zero 0), scores in [0, 1].
            var encQ = enc.Select(e => (byte)Math.Clamp(Math.Round(e / 0.01f) + 128, 0, 255)).ToArray();
            var ancQ = anchors.Select(a => (byte)Math.Clamp(Math.Round(a / 0.004f), 0, 255)).ToArray();
            var clsQ = scores.Select(s => (byte)Math.Clamp(Math.Round(s * 255), 0, 255)).ToArray();
            encT = m.Tensor("box_encodings", TensorType.UInt8, [1, n, v.EncodingLength], scale: [0.01f], zeroPoint: [128]);
            clsT = m.Tensor("class_predictions", TensorType.UInt8, [1, n, cwb], scale: [1 / 255f], zeroPoint: [0]);
            ancT = m.Tensor("anchors", TensorType.UInt8, [n, 4], ancQ, scale: [0.004f], zeroPoint: [0]);
            encIn = CaseData.Of(TensorType.UInt8, [1, n, v.EncodingLength], encQ);
            clsIn = CaseData.Of(TensorType.UInt8, [1, n, cwb], clsQ);
        }
        else
        {
            encT = m.Tensor("box_encodings", TensorType.Float32, [1, n, v.EncodingLength]);
            clsT = m.Tensor("class_predictions", TensorType.Float32, [1, n, cwb]);
            ancT = m.Tensor("anchors", TensorType.Float32, [n, 4], CaseData.Of(TensorType.Float32, [n, 4], anchors).Data);
            encIn = CaseData.Of(TensorType.Float32, [1, n, v.EncodingLength], enc);
            clsIn = CaseData.Of(TensorType.Float32, [1, n, cwb], scores);
        }
        int total = maxDetections * v.MaxClassesPerDetection;
        int boxes = m.Tensor("detection_boxes", TensorType.Float32, [1, total, 4]);
        int classes = m.Tensor("detection_classes", TensorType.Float32, [1, total]);
        int outScores = m.Tensor("detection_scores", TensorType.Float32, [1, total]);
        int count = m.Tensor("num_detections", TensorType.Float32, [1]);
        m.Custom("TFLite_Detection_PostProcess", [encT, clsT, ancT], [boxes, classes, outScores, count], opts.Build())
            .Inputs(encT, clsT).Outputs(boxes, classes, outScores, count);
        return new OpCase(name, m.Build(), [encIn, clsIn]);
    }
}
