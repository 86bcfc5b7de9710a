namespace ManagedLite.Kernels.Reference;

/// <summary>Options of TFLite_Detection_PostProcess (its FlexBuffers custom options).</summary>
public readonly record struct DetectionPostProcessParams(
    int MaxDetections, int MaxClassesPerDetection, int DetectionsPerClass, float ScoreThreshold, float IouThreshold,
    int NumClasses, bool UseRegularNms, float YScale, float XScale, float HScale, float WScale);

/// <summary>One regular-NMS result: the anchor, the class (without the background offset) and its score.</summary>
public struct DetectionBox
{
    public int Anchor;
    public int Class;
    public float Score;
}

/// <summary>Scratch of <see cref="DetectionPostProcess.Run"/> (sizes in the comments; TFLite_Detection_PostProcess requests them in Prepare).</summary>
public ref struct DetectionWorkspace
{
    public Span<float> KeepScores;    // [num_boxes]
    public Span<int> KeepIndices;     // [num_boxes]
    public Span<int> Sorted;          // [num_boxes]
    public Span<int> SortTemp;        // [num_boxes]
    public Span<byte> Active;         // [num_boxes]
    public Span<int> Selected;        // [max(max_detections, detections_per_class)]
    public Span<float> BoxScores;     // [num_boxes]: per-box max (fast) or one class column (regular)
    public Span<int> ClassOrder;      // fast: [num_boxes * num_classes]
    public Span<DetectionBox> Merged; // regular: [max_detections + detections_per_class]
    public Span<DetectionBox> MergeTemp;
}

/// <summary>
/// TFLite_Detection_PostProcess (TFLite's detection_postprocess.cc), the SSD post-processing custom operator:
/// decodes center-size box encodings against anchors (in double, rounded to float as TFLite does), then either fast
/// multi-class NMS (the best-scoring classes of each anchor, one NMS over the anchors' best scores) or regular NMS
/// (one NMS per class, results merged by score). Tie orders reproduce TFLite's: std::stable_sort for NMS candidates,
/// libstdc++'s std::partial_sort (heap select) for an anchor's classes, a stable merge across classes.
/// </summary>
public static class DetectionPostProcess
{
    /// <summary>Why <see cref="Run"/> refused the data (TFLite's kernel returns an error there).</summary>
    public enum Status { Ok, InvalidIouThreshold, InvalidBox }

    /// <summary>Decodes box <paramref name="idx"/> (y, x, h, w encodings and anchors) into corners (ymin, xmin, ymax, xmax).</summary>
    public static void Decode(float by, float bx, float bh, float bw, float ay, float ax, float ah, float aw, in DetectionPostProcessParams p, Span<float> corner)
    {
        float yc = (float)(by / (double)p.YScale * ah + ay);
        float xc = (float)(bx / (double)p.XScale * aw + ax);
        float halfH = (float)(0.5 * Math.Exp(bh / (double)p.HScale) * ah);
        float halfW = (float)(0.5 * Math.Exp(bw / (double)p.WScale) * aw);
        corner[0] = yc - halfH;
        corner[1] = xc - halfW;
        corner[2] = yc + halfH;
        corner[3] = xc + halfW;
    }

    /// <summary>Decodes float encodings [num_boxes, encodingLength] (the first 4 values used) with float anchors [num_boxes, 4].</summary>
    public static void DecodeAll(ReadOnlySpan<float> encodings, int encodingLength, ReadOnlySpan<float> anchors, in DetectionPostProcessParams p, Span<float> decoded)
    {
        int n = decoded.Length / 4;
        for (int i = 0; i < n; i++)
        {
            var e = encodings.Slice(i * encodingLength, 4);
            var a = anchors.Slice(i * 4, 4);
            Decode(e[0], e[1], e[2], e[3], a[0], a[1], a[2], a[3], p, decoded.Slice(i * 4, 4));
        }
    }

    /// <summary>As <see cref="DecodeAll(ReadOnlySpan{float}, int, ReadOnlySpan{float}, in DetectionPostProcessParams, Span{float})"/> for uint8 encodings and anchors: (float(q) - zero_point) * scale.</summary>
    public static void DecodeAll(ReadOnlySpan<byte> encodings, int encodingLength, float encScale, int encZero, ReadOnlySpan<byte> anchors,
        float anchorScale, int anchorZero, in DetectionPostProcessParams p, Span<float> decoded)
    {
        int n = decoded.Length / 4;
        for (int i = 0; i < n; i++)
        {
            var e = encodings.Slice(i * encodingLength, 4);
            var a = anchors.Slice(i * 4, 4);
            Decode(Dq(e[0], encZero, encScale), Dq(e[1], encZero, encScale), Dq(e[2], encZero, encScale), Dq(e[3], encZero, encScale),
                Dq(a[0], anchorZero, anchorScale), Dq(a[1], anchorZero, anchorScale), Dq(a[2], anchorZero, anchorScale), Dq(a[3], anchorZero, anchorScale),
                p, decoded.Slice(i * 4, 4));
        }
    }

    private static float Dq(byte q, int zero, float scale) => ((float)q - zero) * scale;

    /// <summary>uint8 class predictions to float, as TFLite's Dequantize: (float)(double scale * (q - zero_point)).</summary>
    public static void DequantizeScores(ReadOnlySpan<byte> q, float scale, int zero, Span<float> output)
    {
        for (int i = 0; i < q.Length; i++) output[i] = (float)((double)scale * (q[i] - zero));
    }

    /// <summary>
    /// Runs NMS on decoded boxes [num_boxes, 4] and float scores [num_boxes, classesWithBackground]; writes the
    /// outputs (boxes [N, 4], classes [N], scores [N], N = max_detections x max_classes_per_detection, zeros where
    /// nothing was selected) and the detection count.
    /// </summary>
    public static Status Run(ReadOnlySpan<float> decoded, ReadOnlySpan<float> scores, int classesWithBackground, in DetectionPostProcessParams p,
        Span<float> outBoxes, Span<float> outClasses, Span<float> outScores, out int numDetections, DetectionWorkspace ws)
    {
        outBoxes.Clear(); outClasses.Clear(); outScores.Clear();
        numDetections = 0;
        return p.UseRegularNms
            ? Regular(decoded, scores, classesWithBackground, p, outBoxes, outClasses, outScores, ref numDetections, ws)
            : Fast(decoded, scores, classesWithBackground, p, outBoxes, outClasses, outScores, ref numDetections, ws);
    }

    private static Status Fast(ReadOnlySpan<float> decoded, ReadOnlySpan<float> scores, int cwb, in DetectionPostProcessParams p,
        Span<float> outBoxes, Span<float> outClasses, Span<float> outScores, ref int numDetections, DetectionWorkspace ws)
    {
        int n = decoded.Length / 4;
        int numClasses = p.NumClasses;
        int offset = cwb - numClasses;
        int perAnchor = Math.Min(p.MaxClassesPerDetection, numClasses);
        var maxScores = ws.BoxScores.Slice(0, n);
        for (int row = 0; row < n; row++)
        {
            var boxScores = scores.Slice(row * cwb + offset, numClasses);
            var order = ws.ClassOrder.Slice(row * numClasses, numClasses);
            DecreasingPartialArgSort(boxScores, perAnchor, order);
            maxScores[row] = boxScores[order[0]];
        }
        var status = SingleClass(decoded, maxScores, p.MaxDetections, p.ScoreThreshold, p.IouThreshold, ws, out int count);
        if (status != Status.Ok) return status;
        for (int k = 0; k < count; k++)
        {
            int anchor = ws.Selected[k];
            var boxScores = scores.Slice(anchor * cwb + offset, numClasses);
            var order = ws.ClassOrder.Slice(anchor * numClasses, numClasses);
            for (int col = 0; col < perAnchor; col++)
            {
                int o = p.MaxClassesPerDetection * k + col;
                decoded.Slice(anchor * 4, 4).CopyTo(outBoxes.Slice(o * 4, 4));
                outClasses[o] = order[col];
                outScores[o] = boxScores[order[col]];
            }
        }
        numDetections = count;
        return Status.Ok;
    }

    private static Status Regular(ReadOnlySpan<float> decoded, ReadOnlySpan<float> scores, int cwb, in DetectionPostProcessParams p,
        Span<float> outBoxes, Span<float> outClasses, Span<float> outScores, ref int numDetections, DetectionWorkspace ws)
    {
        int n = decoded.Length / 4;
        int offset = cwb - p.NumClasses;
        int perClass = Math.Min(p.DetectionsPerClass, p.MaxDetections);
        int size = 0;
        var classScores = ws.BoxScores.Slice(0, n);
        for (int col = 0; col < p.NumClasses; col++)
        {
            for (int row = 0; row < n; row++) classScores[row] = scores[row * cwb + col + offset];
            var status = SingleClass(decoded, classScores, perClass, p.ScoreThreshold, p.IouThreshold, ws, out int count);
            if (status != Status.Ok) return status;
            if (count == 0) continue;
            for (int i = 0; i < count; i++)
                ws.Merged[size + i] = new DetectionBox { Anchor = ws.Selected[i], Class = col, Score = classScores[ws.Selected[i]] };
            MergeDescending(ws.Merged, size, size + count, ws.MergeTemp);
            size = Math.Min(size + count, p.MaxDetections);
        }
        for (int k = 0; k < size; k++)
        {
            var b = ws.Merged[k];
            decoded.Slice(b.Anchor * 4, 4).CopyTo(outBoxes.Slice(k * 4, 4));
            outClasses[k] = b.Class;
            outScores[k] = b.Score;
        }
        numDetections = size;
        return Status.Ok;
    }

    /// <summary>std::inplace_merge of the sorted runs [0, mid) and [mid, end) by decreasing score (stable: the first run wins ties).</summary>
    private static void MergeDescending(Span<DetectionBox> a, int mid, int end, Span<DetectionBox> temp)
    {
        int i = 0, j = mid, k = 0;
        while (i < mid && j < end) temp[k++] = a[j].Score > a[i].Score ? a[j++] : a[i++];
        while (i < mid) temp[k++] = a[i++];
        while (j < end) temp[k++] = a[j++];
        temp.Slice(0, end).CopyTo(a);
    }

    /// <summary>
    /// NonMaxSuppressionSingleClassHelper: boxes scoring &gt;= the threshold, stably sorted by decreasing score, greedily
    /// kept unless their IoU with a kept box exceeds the threshold; at most <paramref name="maxDetections"/>.
    /// </summary>
    private static Status SingleClass(ReadOnlySpan<float> decoded, ReadOnlySpan<float> scores, int maxDetections, float scoreThreshold,
        float iouThreshold, DetectionWorkspace ws, out int count)
    {
        count = 0;
        if (!(iouThreshold > 0f && iouThreshold <= 1f)) return Status.InvalidIouThreshold;
        int n = decoded.Length / 4;
        for (int i = 0; i < n; i++)
            if (decoded[4 * i] > decoded[4 * i + 2] || decoded[4 * i + 1] > decoded[4 * i + 3]) return Status.InvalidBox;
        int kept = 0;
        for (int i = 0; i < scores.Length; i++)
            if (scores[i] >= scoreThreshold) { ws.KeepScores[kept] = scores[i]; ws.KeepIndices[kept] = i; kept++; }
        var sorted = ws.Sorted.Slice(0, kept);
        for (int i = 0; i < kept; i++) sorted[i] = i;
        StableSortDescending(ws.KeepScores.Slice(0, kept), sorted, ws.SortTemp.Slice(0, kept));
        int outputSize = Math.Min(kept, maxDetections);
        var active = ws.Active.Slice(0, kept);
        active.Fill(1);
        int numActive = kept;
        for (int i = 0; i < kept; i++)
        {
            if (numActive == 0 || count >= outputSize) break;
            if (active[i] != 1) continue;
            int bi = ws.KeepIndices[sorted[i]];
            ws.Selected[count++] = bi;
            active[i] = 0;
            numActive--;
            for (int j = i + 1; j < kept; j++)
            {
                if (active[j] != 1) continue;
                if (Iou(decoded, bi, ws.KeepIndices[sorted[j]]) > iouThreshold)
                {
                    active[j] = 0;
                    numActive--;
                }
            }
        }
        return Status.Ok;
    }

    private static float Iou(ReadOnlySpan<float> d, int i, int j)
    {
        float areaI = (d[4 * i + 2] - d[4 * i]) * (d[4 * i + 3] - d[4 * i + 1]);
        float areaJ = (d[4 * j + 2] - d[4 * j]) * (d[4 * j + 3] - d[4 * j + 1]);
        if (areaI <= 0 || areaJ <= 0) return 0f;
        float yMin = Max(d[4 * i], d[4 * j]), xMin = Max(d[4 * i + 1], d[4 * j + 1]);
        float yMax = Min(d[4 * i + 2], d[4 * j + 2]), xMax = Min(d[4 * i + 3], d[4 * j + 3]);
        float inter = Max(yMax - yMin, 0f) * Max(xMax - xMin, 0f);
        return inter / (areaI + areaJ - inter);
    }

    private static float Min(float a, float b) => b < a ? b : a;
    private static float Max(float a, float b) => a < b ? b : a;

    /// <summary>Stable merge sort of <paramref name="order"/> by decreasing <paramref name="values"/> (values hold no NaN).</summary>
    private static void StableSortDescending(ReadOnlySpan<float> values, Span<int> order, Span<int> temp)
    {
        int n = order.Length;
        for (int width = 1; width < n; width *= 2)
        {
            for (int lo = 0; lo < n; lo += 2 * width)
            {
                int mid = Math.Min(lo + width, n), hi = Math.Min(lo + 2 * width, n);
                int i = lo, j = mid, k = lo;
                while (i < mid && j < hi) temp[k++] = values[order[j]] > values[order[i]] ? order[j++] : order[i++];
                while (i < mid) temp[k++] = order[i++];
                while (j < hi) temp[k++] = order[j++];
            }
            temp.CopyTo(order);
        }
    }

    /// <summary>
    /// DecreasingPartialArgSort: the first <paramref name="numToSort"/> entries of <paramref name="order"/> become the
    /// indices of the largest values in decreasing order. One entry: the NaN-skipping first arg max (ArgMaxVector);
    /// more: libstdc++'s std::partial_sort (heap select, then sort_heap) with comparison values[i] &gt; values[j].
    /// </summary>
    public static void DecreasingPartialArgSort(ReadOnlySpan<float> values, int numToSort, Span<int> order)
    {
        if (numToSort == 1)
        {
            order[0] = ArgMax(values);
            return;
        }
        int n = values.Length;
        for (int i = 0; i < n; i++) order[i] = i;
        int middle = numToSort;
        // __heap_select
        MakeHeap(values, order, middle);
        for (int i = middle; i < n; i++)
            if (values[order[i]] > values[order[0]]) PopHeap(values, order, middle, i);
        // __sort_heap
        for (int last = middle; last > 1;)
        {
            last--;
            PopHeap(values, order, last, last);
        }
    }

    private static int ArgMax(ReadOnlySpan<float> v)
    {
        int index = 0;
        float max = v[0];
        for (int i = 1; i < v.Length; i++)
            if (!float.IsNaN(v[i]) && (float.IsNaN(max) || v[i] > max)) { max = v[i]; index = i; }
        return float.IsNaN(max) ? 0 : index;
    }

    // comp(a, b) = values[a] > values[b]
    private static bool Comp(ReadOnlySpan<float> v, int a, int b) => v[a] > v[b];

    private static void MakeHeap(ReadOnlySpan<float> v, Span<int> a, int len)
    {
        if (len < 2) return;
        for (int parent = (len - 2) / 2; ; parent--)
        {
            AdjustHeap(v, a, parent, len, a[parent]);
            if (parent == 0) return;
        }
    }

    // __pop_heap(first, first + len, first + result)
    private static void PopHeap(ReadOnlySpan<float> v, Span<int> a, int len, int result)
    {
        int value = a[result];
        a[result] = a[0];
        AdjustHeap(v, a, 0, len, value);
    }

    private static void AdjustHeap(ReadOnlySpan<float> v, Span<int> a, int hole, int len, int value)
    {
        int top = hole, child = hole;
        while (child < (len - 1) / 2)
        {
            child = 2 * (child + 1);
            if (Comp(v, a[child], a[child - 1])) child--;
            a[hole] = a[child];
            hole = child;
        }
        if ((len & 1) == 0 && child == (len - 2) / 2)
        {
            child = 2 * (child + 1);
            a[hole] = a[child - 1];
            hole = child - 1;
        }
        int parent = (hole - 1) / 2;
        while (hole > top && Comp(v, a[parent], value))
        {
            a[hole] = a[parent];
            hole = parent;
            parent = (hole - 1) / 2;
        }
        a[hole] = value;
    }
}
