using ManagedLite.Robustness;
using ManagedLite.Schema;
using Xunit;

namespace ManagedLite.Runtime.Tests.Image;

/// <summary>
/// TFLite_Detection_PostProcess's checks: options missing or inconsistent with the tensors, anchors of the wrong
/// shape (TFLite reads past them), negative anchor sizes and an IoU threshold outside (0, 1] (TFLite's kernel errors),
/// attacker-sized max_detections, and the NMS work charged against MaxMacsPerInvoke.
/// </summary>
public class DetectionPostProcessTests
{
    private static FlexMapWriter Options(int maxDetections = 3, int classesPerDetection = 1, int numClasses = 2, float iou = 0.5f, bool regular = false) =>
        new FlexMapWriter().Int("max_detections", maxDetections).Int("max_classes_per_detection", classesPerDetection)
            .Float("nms_score_threshold", 0.1).Float("nms_iou_threshold", iou).Int("num_classes", numClasses)
            .Float("y_scale", 10).Float("x_scale", 10).Float("h_scale", 5).Float("w_scale", 5).Bool("use_regular_nms", regular)
            .Int("detections_per_class", 2);

    private static byte[] Model(byte[]? options, int boxes = 4, int classes = 3, int anchorRows = -1, float[]? anchors = null,
        TensorType encodingType = TensorType.Float32)
    {
        var m = new TinyModel();
        int e = m.Tensor("enc", encodingType, [1, boxes, 4]);
        int c = m.Tensor("cls", TensorType.Float32, [1, boxes, classes]);
        int rows = anchorRows < 0 ? boxes : anchorRows;
        anchors ??= Enumerable.Range(0, rows).SelectMany(i => new[] { 0.2f * i, 0.5f, 0.3f, 0.3f }).ToArray();
        int a = m.ConstFloat("anchors", [rows, 4], anchors);
        int o0 = m.Tensor("boxes", TensorType.Float32, [1, 1, 4]);
        int o1 = m.Tensor("classes", TensorType.Float32, [1, 1]);
        int o2 = m.Tensor("scores", TensorType.Float32, [1, 1]);
        int o3 = m.Tensor("count", TensorType.Float32, [1]);
        m.Custom("TFLite_Detection_PostProcess", [e, c, a], [o0, o1, o2, o3], options).Inputs(e, c).Outputs(o0, o1, o2, o3);
        return m.Build();
    }

    private static void PrepareFails(byte[] model, string fragment)
    {
        using var interp = new Interpreter(ManagedLite.Model.FromBytes(model));
        var ex = Assert.Throws<OperatorException>(() => interp.AllocateTensors());
        Assert.Contains(fragment, ex.Message);
    }

    private static Interpreter Run(byte[] model)
    {
        var interp = new Interpreter(ManagedLite.Model.FromBytes(model));
        interp.AllocateTensors();
        interp.Inputs[0].CopyFrom(new float[interp.Inputs[0].ElementCount]);
        var scores = new float[interp.Inputs[1].ElementCount];
        for (int i = 0; i < scores.Length; i++) scores[i] = 0.3f + 0.05f * i;
        interp.Inputs[1].CopyFrom<float>(scores);
        return interp;
    }

    [Fact]
    public void OptionsAndShapesAreChecked()
    {
        PrepareFails(Model(null), "custom options are missing");
        PrepareFails(Model([1, 2, 3]), "custom options: flexbuffer");
        PrepareFails(Model(Options(numClasses: 5).Build()), "num_classes 5 does not fit class predictions 'cls' (float32[1,4,3])");
        PrepareFails(Model(Options().Build(), anchorRows: 3), "anchors 'anchors' (float32[3,4]) must have shape [4, 4]");
        PrepareFails(Model(Options(maxDetections: -1).Build()), "max_detections is -1");
        PrepareFails(Model(Options(classesPerDetection: 0).Build()), "max_classes_per_detection is 0");
        PrepareFails(Model(Options(maxDetections: int.MaxValue, classesPerDetection: 4).Build()), "is too large");
        PrepareFails(Model(Options(numClasses: 0).Build(), classes: 1), "fast NMS needs num_classes > 0");
        PrepareFails(Model(Options().Build(), encodingType: TensorType.UInt8), "anchors 'anchors' (float32[4,4]) must be uint8");
    }

    [Fact]
    public void InvalidIouThresholdAndNegativeAnchorsFailAtInvoke()
    {
        using (var interp = Run(Model(Options(iou: 0f).Build())))
        {
            var e = Assert.Throws<OperatorException>(() => interp.Invoke());
            Assert.Contains("nms_iou_threshold is 0", e.Message);
        }
        var anchors = new float[] { 0.1f, 0.1f, 0.2f, 0.2f, 0.5f, 0.5f, -0.2f, 0.2f, 0.7f, 0.7f, 0.2f, 0.2f, 0.9f, 0.9f, 0.1f, 0.1f };
        using (var interp = Run(Model(Options(regular: true).Build(), anchors: anchors)))
        {
            var e = Assert.Throws<OperatorException>(() => interp.Invoke());
            Assert.Contains("ymin > ymax", e.Message);
        }
    }

    [Fact]
    public void DetectsAndPadsWithZeros()
    {
        using var interp = Run(Model(Options(maxDetections: 6).Build()));
        interp.Invoke();
        // Four anchors 0.2 apart with height 0.3 overlap by IoU 0.2 at most: all kept, best score first, two rows of zeros.
        Assert.Equal(4f, interp.Outputs[3].ToArray<float>()[0]);
        var classes = interp.Outputs[1].ToArray<float>();
        var scores = interp.Outputs[2].ToArray<float>();
        Assert.Equal(new[] { 0.85f, 0.7f, 0.55f, 0.4f, 0f, 0f }, scores.Select(s => MathF.Round(s, 4)).ToArray());
        Assert.Equal(new[] { 1f, 1f, 1f, 1f, 0f, 0f }, classes);
    }

    [Fact]
    public void NmsWorkIsCharged()
    {
        var e = Assert.Throws<ResourceLimitException>(() =>
        {
            using var interp = new Interpreter(ManagedLite.Model.FromBytes(Model(Options(maxDetections: 5000, regular: true, numClasses: 90).Build(), boxes: 20000, classes: 91)),
                new InterpreterOptions { MaxMacsPerInvoke = 20_000_000 }); // 90 classes x (a sort of 20000 boxes + 20000 x 2 IoUs): about 31M
            interp.AllocateTensors();
        });
        Assert.Contains("TFLite_Detection_PostProcess", e.Message);
    }
}
