using ManagedLite.Schema;
using ManagedLite.Schema.FlexBuffers;
using ManagedLite.Tests;
using Xunit;
using Xunit.Abstractions;

namespace ManagedLite.Runtime.Tests.Custom;

/// <summary>
/// MediaPipe's face_landmark_with_attention.tflite (from the npm package @mediapipe/face_mesh, fetched by
/// scripts/fetch-face-mesh.sh) runs with ManagedLite's Landmarks2TransformMatrix, TransformTensorBilinear and
/// TransformLandmarks (3, 3 and 5 nodes, all version 2). No reference runtime available offline has these operators,
/// so there are no reference outputs: every custom node is recomputed here from its own (preserved) input tensors with
/// the double-precision formulas of <see cref="MediaPipeGeometryFormulas"/>, and the outputs are checked for
/// plausibility (finite, landmarks near the 192 x 192 input, the crops bounded by the feature maps they sample).
/// </summary>
public class FaceLandmarkWithAttentionTests(ITestOutputHelper output)
{
    private static string? ModelPath()
    {
        if (TestPaths.MediaPipeModels is not { } dir) return null;
        string p = Path.Combine(dir, "face_mesh", "face_landmark_with_attention.tflite");
        return File.Exists(p) ? p : null;
    }

    private static float[] Input(int n)
    {
        // A smooth synthetic image in [0, 1] (a vignette with two dark blobs), deterministic.
        var x = new float[n];
        for (int i = 0; i < n / 3; i++)
        {
            int r = i / 192, c = i % 192;
            double d = Math.Sqrt((r - 96) * (r - 96) + (c - 96) * (c - 96)) / 96;
            double eyes = Math.Exp(-((r - 80) * (r - 80) + (c - 64) * (c - 64)) / 60.0) + Math.Exp(-((r - 80) * (r - 80) + (c - 128) * (c - 128)) / 60.0);
            double v = Math.Clamp(0.8 - 0.5 * d - 0.6 * eyes, 0, 1);
            for (int ch = 0; ch < 3; ch++) x[3 * i + ch] = (float)(v * (0.9 + 0.05 * ch));
        }
        return x;
    }

    [SkippableFact]
    public void CustomNodesMatchTheirFormulasAndOutputsArePlausible()
    {
        string? path = ModelPath();
        Skip.If(path is null, "models/face_mesh/face_landmark_with_attention.tflite is absent (scripts/fetch-face-mesh.sh)");
        var model = Model.FromFile(path!);
        Assert.Empty(Interpreter.FindUnsupportedOperators(model));
        using var interp = new Interpreter(model, new InterpreterOptions { PreserveAllTensors = true });
        interp.AllocateTensors();
        interp.Inputs[0].CopyFrom<float>(Input(192 * 192 * 3));
        interp.Invoke();

        var graph = model.Definition.SubGraphs[0];
        var counts = new Dictionary<string, int>();
        foreach (var op in graph.Operators)
        {
            var code = model.Definition.OperatorCodes[op.OpcodeIndex];
            if (code.CustomCode is not { } name) continue;
            Assert.Equal(2, code.Version);
            counts[name] = counts.GetValueOrDefault(name) + 1;
            var ins = op.Inputs.Select(i => interp.Tensors[i]).ToArray();
            var outTensor = interp.Tensors[op.Outputs[0]];
            var y = outTensor.ToArray<float>();
            Assert.All(y, v => Assert.True(float.IsFinite(v), $"{name}: non-finite output"));
            switch (name)
            {
                case "Landmarks2TransformMatrix":
                {
                    var o = FlexBuffer.GetRootMap(op.CustomOptions);
                    var want = MediaPipeGeometryFormulas.CropMatrix(ins[0].ToArray<float>(), o.GetInt32Array("subset_idxs"),
                        o.GetInt32("left_rotation_idx"), o.GetInt32("right_rotation_idx"), o.GetDouble("target_rotation_radians"),
                        o.GetInt32("output_height"), o.GetInt32("output_width"), o.GetDouble("scale_x"), o.GetDouble("scale_y"));
                    for (int i = 0; i < 16; i++) Assert.True(Math.Abs(want[i] - y[i]) <= 1e-3 * (1 + Math.Abs(want[i])), $"{outTensor.Name}[{i}]: {y[i]} vs {want[i]}");
                    double det = y[0] * y[5] - y[1] * y[4];
                    output.WriteLine($"{outTensor.Name}: [{y[0]:G4} {y[1]:G4} {y[3]:G4}; {y[4]:G4} {y[5]:G4} {y[7]:G4}], det {det:G4}");
                    Assert.True(Math.Abs(det) > 1e-6, "degenerate crop matrix");
                    break;
                }
                case "TransformTensorBilinear":
                {
                    var image = ins[0];
                    var img = image.ToArray<float>();
                    var m = ins[1].ToArray<float>();
                    int h = image.Dim(1), w = image.Dim(2), c = image.Dim(3), oh = outTensor.Dim(1), ow = outTensor.Dim(2), oc = outTensor.Dim(3);
                    double bound = img.Max(v => Math.Abs(v));
                    int inside = 0;
                    for (int yy = 0; yy < oh; yy++)
                        for (int xx = 0; xx < ow; xx++)
                        {
                            var (u, v) = MediaPipeGeometryFormulas.SamplePosition(m, xx, yy);
                            if (Math.Abs(u) < 1e-3 || Math.Abs(u - (w - 1)) < 1e-3 || Math.Abs(v) < 1e-3 || Math.Abs(v - (h - 1)) < 1e-3) continue;
                            if (u > 0 && u < w - 1 && v > 0 && v < h - 1) inside++;
                            for (int ch = 0; ch < oc; ch++)
                            {
                                double want = MediaPipeGeometryFormulas.Sample(img, h, w, c, ch, u, v);
                                float got = y[(yy * ow + xx) * oc + ch];
                                Assert.True(Math.Abs(want - got) <= 1e-4 * (1 + bound), $"{outTensor.Name} ({xx},{yy},{ch}): {got} vs {want}");
                            }
                        }
                    output.WriteLine($"{outTensor.Name}: [{string.Join(",", outTensor.Shape.ToArray())}] from [{string.Join(",", image.Shape.ToArray())}], {inside} of {oh * ow} samples inside");
                    Assert.True(inside > oh * ow / 2, "the crop falls mostly outside the feature map");
                    Assert.All(y, v => Assert.True(Math.Abs(v) <= bound * (1 + 1e-6)));
                    break;
                }
                case "TransformLandmarks":
                {
                    var p = ins[0].ToArray<float>();
                    var m = ins[1].ToArray<float>();
                    int dims = ins[0].Dim(2);
                    for (int i = 0; i < ins[0].Dim(1); i++)
                    {
                        double x0 = p[i * dims], y0 = p[i * dims + 1];
                        Assert.True(Math.Abs(m[0] * x0 + m[1] * y0 + m[3] - y[i * dims]) <= 1e-3 * (1 + Math.Abs(y[i * dims])));
                        Assert.True(Math.Abs(m[4] * x0 + m[5] * y0 + m[7] - y[i * dims + 1]) <= 1e-3 * (1 + Math.Abs(y[i * dims + 1])));
                        if (dims == 3) Assert.Equal(p[i * dims + 2], y[i * dims + 2]);
                    }
                    break;
                }
            }
        }
        Assert.Equal(3, counts["Landmarks2TransformMatrix"]);
        Assert.Equal(3, counts["TransformTensorBilinear"]);
        Assert.Equal(5, counts["TransformLandmarks"]);

        // Outputs: mesh (468 x 3), lips (80 x 2), eyes (71 x 2 each), irises (5 x 2 each): x, y near the 192 x 192 crop.
        for (int k = 0; k < 6; k++)
        {
            var t = interp.Outputs[k];
            var v = t.ToArray<float>();
            int dims = k == 0 ? 3 : 2;
            var xs = Enumerable.Range(0, v.Length / dims).Select(i => v[i * dims]).ToArray();
            var ys = Enumerable.Range(0, v.Length / dims).Select(i => v[i * dims + 1]).ToArray();
            output.WriteLine($"{t.Name}: x [{xs.Min():F1}, {xs.Max():F1}], y [{ys.Min():F1}, {ys.Max():F1}]");
            Assert.All(xs.Concat(ys), c => Assert.InRange(c, -96f, 288f));
        }
        // Each iris center lies inside the bounding box of its eye's contour landmarks (refined by the eye crop).
        for (int side = 0; side < 2; side++)
        {
            var eye = interp.Outputs[2 + side].ToArray<float>();
            var iris = interp.Outputs[4 + side].ToArray<float>();
            var ex = Enumerable.Range(0, eye.Length / 2).Select(i => eye[2 * i]).ToArray();
            var ey = Enumerable.Range(0, eye.Length / 2).Select(i => eye[2 * i + 1]).ToArray();
            Assert.InRange(iris[0], ex.Min(), ex.Max());
            Assert.InRange(iris[1], ey.Min(), ey.Max());
        }
        Assert.Single(interp.Outputs[6].ToArray<float>());
    }

    [SkippableFact]
    public void RunsThroughTheCli()
    {
        string? path = ModelPath();
        Skip.If(path is null, "models/face_mesh/face_landmark_with_attention.tflite is absent (scripts/fetch-face-mesh.sh)");
        string dir = Path.Combine(Path.GetTempPath(), "ml-facemesh-" + Guid.NewGuid().ToString("N"));
        try
        {
            var r = ManagedLite.Tests.Cli.CliProcess.Run("run", path!, "--output-dir", dir);
            Assert.True(r.Exit == 0, r.Stderr);
            var mesh = ManagedLite.IO.NpyArray.Read(Path.Combine(dir, "output_0.npy"));
            Assert.Equal(new[] { 1, 1, 1, 1404 }, mesh.Shape);
            Assert.Equal(7, Directory.GetFiles(dir, "output_*.npy").Length);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
    }

    [SkippableFact]
    public void ReferenceKernelsGiveTheSameLandmarks()
    {
        string? path = ModelPath();
        Skip.If(path is null, "models/face_mesh/face_landmark_with_attention.tflite is absent (scripts/fetch-face-mesh.sh)");
        float[][] Run(bool reference)
        {
            using var interp = new Interpreter(Model.FromFile(path!), new InterpreterOptions { UseReferenceKernels = reference });
            interp.AllocateTensors();
            interp.Inputs[0].CopyFrom<float>(Input(192 * 192 * 3));
            interp.Invoke();
            return interp.Outputs.Select(t => t.ToArray<float>()).ToArray();
        }
        var fast = Run(false);
        var exact = Run(true);
        for (int k = 0; k < fast.Length; k++)
        {
            double maxDiff = fast[k].Zip(exact[k], (a, b) => Math.Abs(a - b)).Max();
            output.WriteLine($"output {k}: max |optimized - reference| = {maxDiff:G3}");
            Assert.True(maxDiff < 0.05, $"output {k} differs by {maxDiff}");
        }
    }
}
