namespace ManagedLite.Kernels.Reference;

/// <summary>
/// NON_MAX_SUPPRESSION_V4 and V5 (reference_ops::NonMaxSuppression): greedy single-class NMS over float boxes
/// [num_boxes, 4] (y1, x1, y2, x2, corners in either order) with optional Gaussian soft-NMS (sigma &gt; 0). Candidates
/// scoring above the threshold enter a max-heap on score; ties leave the heap in the order of libstdc++'s
/// std::priority_queue (push_heap / pop_heap), which this class reproduces so equal scores select as TFLite does.
/// A candidate is compared against each selected box at most once, so the work is at most
/// candidates x min(candidates, max_output_size) IoUs plus the heap operations.
/// </summary>
public static class NonMaxSuppression
{
    /// <summary>One heap entry: box index, current (possibly decayed) score, first selection not yet compared.</summary>
    public struct Candidate
    {
        public int Index;
        public float Score;
        public int SuppressBegin;
    }

    /// <summary>IoU of boxes <paramref name="i"/> and <paramref name="j"/>; 0 when either has non-positive area.</summary>
    public static float IntersectionOverUnion(ReadOnlySpan<float> boxes, int i, int j)
    {
        float iy1 = boxes[4 * i], ix1 = boxes[4 * i + 1], iy2 = boxes[4 * i + 2], ix2 = boxes[4 * i + 3];
        float jy1 = boxes[4 * j], jx1 = boxes[4 * j + 1], jy2 = boxes[4 * j + 2], jx2 = boxes[4 * j + 3];
        float iyMin = Min(iy1, iy2), iyMax = Max(iy1, iy2), ixMin = Min(ix1, ix2), ixMax = Max(ix1, ix2);
        float jyMin = Min(jy1, jy2), jyMax = Max(jy1, jy2), jxMin = Min(jx1, jx2), jxMax = Max(jx1, jx2);
        float areaI = (iyMax - iyMin) * (ixMax - ixMin);
        float areaJ = (jyMax - jyMin) * (jxMax - jxMin);
        if (areaI <= 0 || areaJ <= 0) return 0f;
        float interYMax = Min(iyMax, jyMax), interXMax = Min(ixMax, jxMax);
        float interYMin = Max(iyMin, jyMin), interXMin = Max(ixMin, jxMin);
        float inter = Max(interYMax - interYMin, 0f) * Max(interXMax - interXMin, 0f);
        return inter / (areaI + areaJ - inter);
    }

    // std::min / std::max semantics (NaN handling follows the comparison: min(a, b) = b < a ? b : a).
    private static float Min(float a, float b) => b < a ? b : a;
    private static float Max(float a, float b) => a < b ? b : a;

    /// <summary>
    /// Runs NMS; writes the selected box indices (and, when <paramref name="selectedScores"/> is not empty, their
    /// scores) and returns how many were selected (at most <paramref name="maxOutputSize"/>). Entries past the count
    /// are left untouched. <paramref name="heap"/> needs room for num_boxes candidates.
    /// </summary>
    public static int Run(ReadOnlySpan<float> boxes, ReadOnlySpan<float> scores, int maxOutputSize, float iouThreshold,
        float scoreThreshold, float softNmsSigma, Span<int> selectedIndices, Span<float> selectedScores, Span<Candidate> heap)
    {
        int numBoxes = scores.Length;
        if (boxes.Length != 4 * numBoxes) throw new ArgumentException($"boxes has {boxes.Length} values, expected {4 * numBoxes}");
        if (heap.Length < numBoxes) throw new ArgumentException($"heap has room for {heap.Length} candidates, needs {numBoxes}");
        int size = 0;
        for (int i = 0; i < numBoxes; i++)
            if (scores[i] > scoreThreshold) Push(heap, ref size, new Candidate { Index = i, Score = scores[i], SuppressBegin = 0 });
        int selected = 0;
        int numOutputs = Math.Min(size, maxOutputSize);
        if (numOutputs == 0) return 0;
        if (selectedIndices.Length < numOutputs) throw new ArgumentException($"selected indices has room for {selectedIndices.Length}, needs {numOutputs}");
        float scale = 0f;
        if (softNmsSigma > 0f) scale = (float)(-0.5 / softNmsSigma);
        while (selected < numOutputs && size > 0)
        {
            var next = Pop(heap, ref size);
            float original = next.Score;
            bool hardSuppress = false;
            for (int j = selected - 1; j >= next.SuppressBegin; j--)
            {
                float iou = IntersectionOverUnion(boxes, next.Index, selectedIndices[j]);
                if (iou >= iouThreshold) { hardSuppress = true; break; }
                if (softNmsSigma > 0f) next.Score *= MathF.Exp(scale * iou * iou);
                if (next.Score <= scoreThreshold) break;
            }
            next.SuppressBegin = selected;
            if (hardSuppress) continue;
            if (next.Score == original)
            {
                selectedIndices[selected] = next.Index;
                if (!selectedScores.IsEmpty) selectedScores[selected] = next.Score;
                selected++;
            }
            if (next.Score > scoreThreshold) Push(heap, ref size, next);
        }
        return selected;
    }

    // libstdc++ std::push_heap: sift the new last element up while its parent scores lower.
    private static void Push(Span<Candidate> a, ref int size, Candidate value)
    {
        int hole = size++;
        int parent = (hole - 1) / 2;
        while (hole > 0 && a[parent].Score < value.Score)
        {
            a[hole] = a[parent];
            hole = parent;
            parent = (hole - 1) / 2;
        }
        a[hole] = value;
    }

    // libstdc++ std::pop_heap then pop_back: move the hole from the root to a leaf along the larger child
    // (the right one unless the left is strictly larger), then sift the old last element up from there.
    private static Candidate Pop(Span<Candidate> a, ref int size)
    {
        var top = a[0];
        int len = size - 1;
        if (len > 0)
        {
            var value = a[len];
            int hole = 0, child = 0;
            while (child < (len - 1) / 2)
            {
                child = 2 * (child + 1);
                if (a[child].Score < a[child - 1].Score) child--;
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
            while (hole > 0 && a[parent].Score < value.Score)
            {
                a[hole] = a[parent];
                hole = parent;
                parent = (hole - 1) / 2;
            }
            a[hole] = value;
        }
        size = len;
        return top;
    }
}
