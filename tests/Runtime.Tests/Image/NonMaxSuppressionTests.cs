using ManagedLite.Robustness;
using ManagedLite.Schema;
using Xunit;

namespace ManagedLite.Runtime.Tests.Image;

/// <summary>
/// NON_MAX_SUPPRESSION_V4/V5 through the interpreter: shape and type errors name the tensor, an attacker-sized
/// max_output_size fails before allocating (constant or fed), a negative one or a negative sigma is an
/// <see cref="OperatorException"/>, NaN scores are never selected, zero-area boxes never suppress, and the O(n^2)
/// work is charged against InterpreterOptions.MaxMacsPerInvoke.
/// </summary>
public class NonMaxSuppressionTests
{
    /// <summary>A V4 (or V5 with <paramref name="soft"/>) model; max_output_size is constant unless <paramref name="maxOut"/> is null.</summary>
    private static byte[] Nms(int boxes, int scores, int? maxOut, bool soft = false, int boxWidth = 4, int outLength = 1)
    {
        var m = new TinyModel();
        int b = m.Tensor("boxes", TensorType.Float32, [boxes, boxWidth]);
        int s = m.Tensor("scores", TensorType.Float32, [scores]);
        int mo = maxOut is null ? m.Tensor("max_out", TensorType.Int32, []) : m.ConstInt("max_out", [], maxOut.Value);
        int iou = m.ConstFloat("iou", [], 0.5f);
        int thr = m.ConstFloat("thr", [], 0f);
        var ins = new List<int> { b, s, mo, iou, thr };
        if (soft) ins.Add(m.Tensor("sigma", TensorType.Float32, []));
        int o0 = m.Tensor("indices", TensorType.Int32, [outLength]);
        var outs = new List<int> { o0 };
        if (soft) outs.Add(m.Tensor("scores_out", TensorType.Float32, [outLength]));
        outs.Add(m.Tensor("count", TensorType.Int32, []));
        var graphIns = new List<int> { b, s };
        if (maxOut is null) graphIns.Add(mo);
        if (soft) graphIns.Add(ins[5]);
        m.Op(soft ? BuiltinOperator.NON_MAX_SUPPRESSION_V5 : BuiltinOperator.NON_MAX_SUPPRESSION_V4, [.. ins], [.. outs])
            .Inputs([.. graphIns]).Outputs([.. outs]);
        return m.Build();
    }

    private static Interpreter Allocate(byte[] model, InterpreterOptions? options = null)
    {
        var interp = new Interpreter(Model.FromBytes(model), options ?? new InterpreterOptions());
        interp.AllocateTensors();
        return interp;
    }

    private static void PrepareFails(byte[] model, string fragment)
    {
        using var interp = new Interpreter(Model.FromBytes(model));
        var e = Assert.Throws<OperatorException>(() => interp.AllocateTensors());
        Assert.Contains(fragment, e.Message);
    }

    [Fact]
    public void ShapeErrorsNameTheTensor()
    {
        PrepareFails(Nms(3, 4, 2), "scores 'scores' (float32[4]) must have shape [3]");
        PrepareFails(Nms(3, 3, 2, boxWidth: 5), "boxes 'boxes' (float32[3,5]) must have shape [num_boxes, 4]");
        PrepareFails(Nms(3, 3, -1), "max_output_size 'max_out' (int32[]) is -1");
    }

    [Fact]
    public void HugeMaxOutputSizeFailsBeforeAllocating()
    {
        PrepareFails(Nms(3, 3, int.MaxValue), "MaxTensorBytes");
        using var interp = Allocate(Nms(3, 3, null));
        interp.Inputs[0].CopyFrom<float>([0, 0, 1, 1, 0, 0, 1, 1, 2, 2, 3, 3]);
        interp.Inputs[1].CopyFrom<float>([0.9f, 0.8f, 0.7f]);
        interp.Inputs[2].CopyFrom<int>([int.MaxValue]);
        var e = Assert.Throws<OperatorException>(() => interp.Invoke());
        Assert.Contains("MaxTensorBytes", e.Message);
        interp.Inputs[2].CopyFrom<int>([-3]);
        e = Assert.Throws<OperatorException>(() => interp.Invoke());
        Assert.Contains("must be >= 0", e.Message);
        interp.Inputs[2].CopyFrom<int>([4]);
        interp.Invoke();
        Assert.Equal(new[] { 0, 2, 0, 0 }, interp.Outputs[0].ToArray<int>());
        Assert.Equal(2, interp.Outputs[1].ToArray<int>()[0]);
    }

    [Fact]
    public void NanScoresAreNeverSelectedAndZeroAreaBoxesNeverSuppress()
    {
        using var interp = Allocate(Nms(4, 4, 4, outLength: 4));
        // Box 1 duplicates box 0; box 2 has zero area (at box 0's corner); box 3 has a NaN score.
        interp.Inputs[0].CopyFrom<float>([0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 0, 1, 5, 5, 6, 6]);
        interp.Inputs[1].CopyFrom<float>([0.9f, 0.8f, 0.7f, float.NaN]);
        interp.Invoke();
        // TFLite pushes an unsuppressed candidate back after selecting it: the zero-area box has IoU 0 with itself and
        // is selected again, up to min(candidates above the threshold, max_output_size) = 3 selections.
        Assert.Equal(new[] { 0, 2, 2, 0 }, interp.Outputs[0].ToArray<int>());
        Assert.Equal(3, interp.Outputs[1].ToArray<int>()[0]);
    }

    [Fact]
    public void NegativeSigmaFailsAtInvoke()
    {
        using var interp = Allocate(Nms(2, 2, 2, soft: true, outLength: 2));
        interp.Inputs[0].CopyFrom<float>([0, 0, 1, 1, 0, 0, 1, 1.2f]);
        interp.Inputs[1].CopyFrom<float>([0.9f, 0.8f]);
        interp.Inputs[2].CopyFrom<float>([-1f]);
        var e = Assert.Throws<OperatorException>(() => interp.Invoke());
        Assert.Contains("soft_nms_sigma", e.Message);
        interp.Inputs[2].CopyFrom<float>([0.5f]);
        interp.Invoke();
        var idx = interp.Outputs[0].ToArray<int>();
        var sc = interp.Outputs[1].ToArray<float>();
        Assert.Equal(0, idx[0]);
        Assert.Equal(0.9f, sc[0]);
        // Box 1 overlaps box 0 with IoU 1/1.2 >= 0.5: hard-suppressed.
        Assert.Equal(1, interp.Outputs[2].ToArray<int>()[0]);
        Assert.Equal(0f, sc[1]);
    }

    [Fact]
    public void QuadraticWorkIsCharged()
    {
        var e = Assert.Throws<ResourceLimitException>(() => Allocate(Nms(100_000, 100_000, 100_000, outLength: 100_000),
            new InterpreterOptions { MaxMacsPerInvoke = 1_000_000_000 }));
        Assert.Contains("NON_MAX_SUPPRESSION_V4", e.Message);
    }
}
