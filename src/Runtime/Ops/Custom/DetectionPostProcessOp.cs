using System.Runtime.InteropServices;
using ManagedLite.Kernels.Reference;
using ManagedLite.Schema;
using ManagedLite.Schema.FlexBuffers;
using static ManagedLite.Ops.IndexReduceChecks;

namespace ManagedLite.Ops.Custom;

/// <summary>
/// TFLite_Detection_PostProcess (TFLite's detection_postprocess.cc), the SSD detectors' post-processing: box encodings
/// [1, num_boxes, &gt;= 4] (float32, or uint8 with uint8 anchors), class predictions [1, num_boxes, num_classes (+1
/// background)] (float32 or uint8), anchors [num_boxes, 4] (y, x, h, w) -> detection boxes [1, N, 4], classes [1, N],
/// scores [1, N] and the count [1], all float32, N = max_detections x max_classes_per_detection, zeros past the
/// detections. FlexBuffers options: max_detections, max_classes_per_detection, detections_per_class (default 100),
/// nms_score_threshold, nms_iou_threshold, num_classes, y_scale, x_scale, h_scale, w_scale, use_regular_nms (default
/// false); a missing key reads as 0, as in TFLite.
/// </summary>
internal sealed class DetectionPostProcessOp : IOpKernel
{
    private DetectionPostProcessParams _p;
    private int _keepScores, _keepIndices, _sorted, _sortTemp, _active, _selected, _boxScores, _classOrder, _merged, _mergeTemp, _decoded, _scores;

    public static DetectionPostProcessParams ParseOptions(OpContext ctx)
    {
        try
        {
            if (ctx.CustomOptions.IsEmpty) throw ctx.Fail("custom options are missing: expected a FlexBuffers map (max_detections, num_classes, ...)");
            var m = FlexBuffer.GetRootMap(ctx.CustomOptions);
            int Int(string key, int missing = 0) => m.TryGetValue(key, out var v) ? v.AsInt32() : missing;
            float Float(string key) => m.TryGetValue(key, out var v) ? (float)v.AsDouble() : 0f;
            return new DetectionPostProcessParams(
                MaxDetections: Int("max_detections"),
                MaxClassesPerDetection: Int("max_classes_per_detection"),
                DetectionsPerClass: Int("detections_per_class", 100),
                ScoreThreshold: Float("nms_score_threshold"),
                IouThreshold: Float("nms_iou_threshold"),
                NumClasses: Int("num_classes"),
                UseRegularNms: m.TryGetValue("use_regular_nms", out var r) && r.AsBool(),
                YScale: Float("y_scale"), XScale: Float("x_scale"), HScale: Float("h_scale"), WScale: Float("w_scale"));
        }
        catch (ModelFormatException e)
        {
            throw ctx.Fail($"custom options: {e.Message}");
        }
    }

    public void Prepare(OpContext ctx)
    {
        ExpectCounts(ctx, 3, 4);
        var p = _p = ParseOptions(ctx);
        var enc = ctx.Input(0);
        var cls = ctx.Input(1);
        var anchors = ctx.Input(2);
        ExpectType(ctx, enc, "box encodings", TensorType.Float32, TensorType.UInt8);
        ExpectType(ctx, cls, "class predictions", TensorType.Float32, TensorType.UInt8);
        if (anchors.DataType != enc.DataType)
            throw ctx.Fail($"anchors {Describe(anchors)} must be {TensorTypes.Name(enc.DataType)} like the box encodings {Describe(enc)}");
        if (enc.Rank != 3 || enc.Dim(0) != 1 || enc.Dim(2) < 4)
            throw ctx.Fail($"box encodings {Describe(enc)} must have shape [1, num_boxes, >= 4]");
        int n = enc.Dim(1);
        if (cls.Rank != 3 || cls.Dim(0) != 1 || cls.Dim(1) != n)
            throw ctx.Fail($"class predictions {Describe(cls)} must have shape [1, {n}, num_classes (+1)] (num_boxes from {Describe(enc)})");
        if (anchors.Rank != 2 || anchors.Dim(0) != n || anchors.Dim(1) != 4)
            throw ctx.Fail($"anchors {Describe(anchors)} must have shape [{n}, 4] (num_boxes from {Describe(enc)})");
        int cwb = cls.Dim(2);
        if (p.NumClasses < 0 || cwb - p.NumClasses is not (0 or 1))
            throw ctx.Fail($"num_classes {p.NumClasses} does not fit class predictions {Describe(cls)}: their last dimension must be num_classes or num_classes + 1 (background)");
        if (p.MaxDetections < 0) throw ctx.Fail($"max_detections is {p.MaxDetections}; it must be >= 0");
        if (p.MaxClassesPerDetection <= 0) throw ctx.Fail($"max_classes_per_detection is {p.MaxClassesPerDetection}; it must be > 0");
        if (p.UseRegularNms && Math.Min(p.DetectionsPerClass, p.MaxDetections) <= 0)
            throw ctx.Fail($"regular NMS needs min(detections_per_class, max_detections) > 0, got detections_per_class {p.DetectionsPerClass}, max_detections {p.MaxDetections}");
        if (!p.UseRegularNms && p.NumClasses == 0) throw ctx.Fail("fast NMS needs num_classes > 0");
        long detections = (long)p.MaxDetections * p.MaxClassesPerDetection;
        if (detections > int.MaxValue / 4)
            throw ctx.Fail($"max_detections {p.MaxDetections} x max_classes_per_detection {p.MaxClassesPerDetection} is too large");
        int nd = (int)detections;
        for (int o = 0; o < 4; o++)
            ExpectType(ctx, ctx.Output(o), $"output {o}", TensorType.Float32);
        ctx.ResizeOutput(0, [1, nd, 4]);
        ctx.ResizeOutput(1, [1, nd]);
        ctx.ResizeOutput(2, [1, nd]);
        ctx.ResizeOutput(3, [1]);
        int perClass = p.UseRegularNms ? Math.Min(p.DetectionsPerClass, p.MaxDetections) : 0;
        int selected = Math.Max(p.MaxDetections, perClass);
        long merged = p.UseRegularNms ? (long)p.MaxDetections + perClass : 0;
        long order = p.UseRegularNms ? 0 : (long)n * p.NumClasses;
        _keepScores = Scratch(ctx, n, sizeof(float));
        _keepIndices = Scratch(ctx, n, sizeof(int));
        _sorted = Scratch(ctx, n, sizeof(int));
        _sortTemp = Scratch(ctx, n, sizeof(int));
        _active = Scratch(ctx, n, 1);
        _selected = Scratch(ctx, selected, sizeof(int));
        _boxScores = Scratch(ctx, n, sizeof(float));
        _classOrder = Scratch(ctx, order, sizeof(int));
        _merged = Scratch(ctx, merged, Marshal.SizeOf<DetectionBox>());
        _mergeTemp = Scratch(ctx, merged, Marshal.SizeOf<DetectionBox>());
        _decoded = Scratch(ctx, 4L * n, sizeof(float));
        _scores = Scratch(ctx, cls.DataType == TensorType.UInt8 ? (long)n * cwb : 0, sizeof(float));
    }

    private static int Scratch(OpContext ctx, long count, int size)
    {
        long bytes = count * size;
        if (bytes > ctx.MaxTensorBytes || bytes > int.MaxValue)
            throw ctx.Fail($"needs {bytes} bytes of scratch, over ModelLimits.MaxTensorBytes ({ctx.MaxTensorBytes})");
        return ctx.RequestScratch((int)bytes);
    }

    public void Eval(OpContext ctx)
    {
        var enc = ctx.Input(0);
        var cls = ctx.Input(1);
        var anchors = ctx.Input(2);
        int n = enc.Dim(1);
        int cwb = cls.Dim(2);
        var decoded = MemoryMarshal.Cast<byte, float>(ctx.GetScratch(_decoded));
        if (enc.DataType == TensorType.Float32)
            DetectionPostProcess.DecodeAll(enc.GetData<float>(), enc.Dim(2), anchors.GetData<float>(), _p, decoded);
        else
        {
            var (es, ez) = ParamsOrZero(enc);
            var (az, azp) = ParamsOrZero(anchors);
            DetectionPostProcess.DecodeAll(enc.RawBytes, enc.Dim(2), es, ez, anchors.RawBytes, az, azp, _p, decoded);
        }
        ReadOnlySpan<float> scores;
        if (cls.DataType == TensorType.Float32) scores = cls.GetData<float>();
        else
        {
            var s = MemoryMarshal.Cast<byte, float>(ctx.GetScratch(_scores));
            var (cs, cz) = ParamsOrZero(cls);
            DetectionPostProcess.DequantizeScores(cls.RawBytes, cs, cz, s);
            scores = s;
        }
        var ws = new DetectionWorkspace
        {
            KeepScores = MemoryMarshal.Cast<byte, float>(ctx.GetScratch(_keepScores)),
            KeepIndices = MemoryMarshal.Cast<byte, int>(ctx.GetScratch(_keepIndices)),
            Sorted = MemoryMarshal.Cast<byte, int>(ctx.GetScratch(_sorted)),
            SortTemp = MemoryMarshal.Cast<byte, int>(ctx.GetScratch(_sortTemp)),
            Active = ctx.GetScratch(_active),
            Selected = MemoryMarshal.Cast<byte, int>(ctx.GetScratch(_selected)),
            BoxScores = MemoryMarshal.Cast<byte, float>(ctx.GetScratch(_boxScores)),
            ClassOrder = MemoryMarshal.Cast<byte, int>(ctx.GetScratch(_classOrder)),
            Merged = MemoryMarshal.Cast<byte, DetectionBox>(ctx.GetScratch(_merged)),
            MergeTemp = MemoryMarshal.Cast<byte, DetectionBox>(ctx.GetScratch(_mergeTemp)),
        };
        var status = DetectionPostProcess.Run(decoded, scores, cwb, _p, ctx.Output(0).GetWritableData<float>(), ctx.Output(1).GetWritableData<float>(),
            ctx.Output(2).GetWritableData<float>(), out int count, ws);
        switch (status)
        {
            case DetectionPostProcess.Status.InvalidIouThreshold:
                throw ctx.Fail($"nms_iou_threshold is {_p.IouThreshold}; it must be in (0, 1]");
            case DetectionPostProcess.Status.InvalidBox:
                throw ctx.Fail($"a decoded box has ymin > ymax or xmin > xmax (negative anchor height or width in {ModelText.Quote(anchors.Name)})");
        }
        ctx.Output(3).GetWritableData<float>()[0] = count;
    }

    /// <summary>
    /// Work: decoding, then fast NMS (sorting each anchor's classes, one NMS of num_boxes x max_detections IoUs) or
    /// regular NMS (per class: a sort of num_boxes and num_boxes x detections_per_class IoUs).
    /// </summary>
    public static long EstimateWork(OpContext ctx)
    {
        var enc = ctx.Input(0);
        var cls = ctx.Input(1);
        if (enc.Rank != 3 || cls.Rank != 3) return OpWork.Linear(ctx);
        DetectionPostProcessParams p;
        try { p = ParseOptions(ctx); }
        catch (OperatorException) { return OpWork.Linear(ctx); }
        long n = enc.Dim(1), c = Math.Max(1, p.NumClasses);
        long log = 1 + (long)Math.Log2(Math.Max(2, n));
        long Nms(long keep) => OpWork.Add(OpWork.Mul(n, log), OpWork.Mul(n, Math.Max(1, keep)));
        long work = p.UseRegularNms
            ? OpWork.Mul(c, Nms(Math.Min(p.DetectionsPerClass, p.MaxDetections)))
            : OpWork.Add(OpWork.Mul(OpWork.Mul(n, c), 1 + (long)Math.Log2(Math.Max(2, c))), Nms(p.MaxDetections));
        return OpWork.Add(OpWork.Add(work, OpWork.Mul(n, 16)), OpWork.Linear(ctx));
    }
}
