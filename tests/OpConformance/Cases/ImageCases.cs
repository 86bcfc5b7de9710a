using ManagedLite.IO;
using ManagedLite.Robustness;
using ManagedLite.Schema;

namespace ManagedLite.OpConformance;

/// <summary>
/// NON_MAX_SUPPRESSION_V4 (hard NMS, padded indices and the valid count) and V5 (soft-NMS with sigma, selected
/// scores): clustered overlapping boxes, flipped and zero-area boxes, tied and NaN scores, max_output_size below
/// and above the box count, constant or fed at run time (dynamic outputs).
/// </summary>
internal static partial class OpCases
{
    static partial void AddImage(List<OpCaseFactory> cases)
    {
        var variants = new (string Name, bool Soft, bool Ties, bool Odd, bool FedMax, int MaxOut, float Iou, float ScoreThr, float Sigma)[]
        {
            ("v4_basic", false, false, false, false, 6, 0.5f, 0.1f, 0f),
            ("v4_ties", false, true, false, false, 8, 0.4f, 0.0f, 0f),
            ("v4_flipped_zero_area_nan", false, false, true, false, 10, 0.3f, -0.5f, 0f),
            ("v4_max_over_count", false, false, false, false, 40, 0.6f, 0.2f, 0f),
            ("v4_max_zero", false, false, false, false, 0, 0.5f, 0.1f, 0f),
            ("v4_fed_max_output", false, false, false, true, 5, 0.5f, 0.0f, 0f),
            ("v4_iou_zero", false, false, false, false, 12, 0f, 0.0f, 0f),
            ("v5_soft", true, false, false, false, 10, 0.7f, 0.05f, 0.5f),
            ("v5_soft_ties", true, true, false, false, 12, 1.0f, 0.1f, 0.3f),
            ("v5_hard_sigma_zero", true, false, true, false, 8, 0.5f, 0.0f, 0f),
            ("v5_fed_max_output", true, false, false, true, 7, 0.6f, 0.1f, 1.0f),
        };
        foreach (var v in variants)
        {
            string name = $"non_max_suppression_{v.Name}";
            cases.Add(new(name, seed => Nms(name, new CaseData(seed), v.Soft, v.Ties, v.Odd, v.FedMax, v.MaxOut, v.Iou, v.ScoreThr, v.Sigma)));
        }
    }

    /// <summary>Boxes [n, 4] (y1, x1, y2, x2) around a few cluster centres, so that IoUs spread around the thresholds.</summary>
    private static float[] ClusteredBoxes(CaseData d, int n, bool odd)
    {
        int clusters = d.Int(1, 4);
        var centres = new (float Y, float X, float H, float W)[clusters];
        for (int c = 0; c < clusters; c++) centres[c] = (d.Int(10, 90) / 100f, d.Int(10, 90) / 100f, d.Int(10, 40) / 100f, d.Int(10, 40) / 100f);
        var b = new float[4 * n];
        for (int i = 0; i < n; i++)
        {
            var (y, x, h, w) = centres[d.Int(0, clusters - 1)];
            y += d.Int(-8, 8) / 100f; x += d.Int(-8, 8) / 100f;
            h *= d.Int(70, 130) / 100f; w *= d.Int(70, 130) / 100f;
            float y1 = y - h / 2, y2 = y + h / 2, x1 = x - w / 2, x2 = x + w / 2;
            if (odd && d.Int(0, 4) == 0) (y1, y2) = (y2, y1);          // corners in either order
            if (odd && d.Int(0, 5) == 0) (x1, x2) = (x2, x1);
            if (odd && d.Int(0, 6) == 0) y2 = y1;                      // zero area: never suppresses or is suppressed
            b[4 * i] = y1; b[4 * i + 1] = x1; b[4 * i + 2] = y2; b[4 * i + 3] = x2;
        }
        return b;
    }

    private static OpCase Nms(string name, CaseData d, bool soft, bool ties, bool odd, bool fedMax, int maxOut, float iou, float scoreThr, float sigma)
    {
        int n = d.Int(6, 24);
        var boxes = ClusteredBoxes(d, n, odd);
        var scores = new float[n];
        for (int i = 0; i < n; i++)
        {
            scores[i] = ties ? d.Int(0, 4) / 4f : d.Int(0, 10000) / 10000f;
            if (odd && d.Int(0, 7) == 0) scores[i] = float.NaN;        // never above the threshold
        }
        var inputs = new List<NpyArray>
        {
            CaseData.Of(TensorType.Float32, [n, 4], boxes),
            CaseData.Of(TensorType.Float32, [n], scores),
            CaseData.Of(TensorType.Int32, [], maxOut),
            CaseData.Of(TensorType.Float32, [], iou),
            CaseData.Of(TensorType.Float32, [], scoreThr),
        };
        if (soft) inputs.Add(CaseData.Of(TensorType.Float32, [], sigma));
        var constant = new bool[inputs.Count];
        for (int i = 2; i < constant.Length; i++) constant[i] = true;
        if (fedMax) constant[2] = false;
        (TensorType, int[])[] outputs = soft
            ? [(TensorType.Int32, [maxOut]), (TensorType.Float32, [maxOut]), (TensorType.Int32, [])]
            : [(TensorType.Int32, [maxOut]), (TensorType.Int32, [])];
        return SingleOp.Build(name, soft ? BuiltinOperator.NON_MAX_SUPPRESSION_V5 : BuiltinOperator.NON_MAX_SUPPRESSION_V4, 1,
            [.. inputs], outputs, constant: constant);
    }
}
