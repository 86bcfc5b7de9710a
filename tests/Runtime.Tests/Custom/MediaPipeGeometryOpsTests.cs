using ManagedLite.Robustness;
using ManagedLite.Schema;
using Xunit;

namespace ManagedLite.Runtime.Tests.Custom;

/// <summary>
/// MediaPipe's Landmarks2TransformMatrix, TransformTensorBilinear and TransformLandmarks through the interpreter, on
/// one-node models built with <see cref="TinyModel"/>. No reference runtime offline has these operators, so the checks
/// are geometry worked out by hand (identity, translation, scale, rotation, border samples, an axis-aligned and a
/// rotated crop) and random cases against formulas written here in double precision from the operators' definitions.
/// </summary>
public class MediaPipeGeometryOpsTests
{
    private static float[] Identity() => [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];

    private static float[] Affine(float a, float b, float tx, float c, float d, float ty) => [a, b, 0, tx, c, d, 0, ty, 0, 0, 1, 0, 0, 0, 0, 1];

    // ---- TransformTensorBilinear ----------------------------------------------------------------------------------

    private static byte[] BilinearModel(int[] inShape, int[] outShape, byte[]? options = null, int version = 2, string name = "TransformTensorBilinear",
                                        int[]? matrixShape = null)
    {
        var m = new TinyModel();
        int x = m.Tensor("image", TensorType.Float32, inShape);
        int t = m.Tensor("matrix", TensorType.Float32, matrixShape ?? [1, 4, 4]);
        int y = m.Tensor("crop", TensorType.Float32, outShape);
        m.Custom(name, [x, t], [y], options, version).Inputs(x, t).Outputs(y);
        return m.Build();
    }

    private static float[] Resample(float[] image, int h, int w, int c, float[] matrix, int oh, int ow, int oc, int version = 2, string name = "TransformTensorBilinear")
    {
        using var interp = new Interpreter(Model.FromBytes(BilinearModel([1, h, w, c], [1, oh, ow, oc], version: version, name: name)));
        interp.AllocateTensors();
        interp.Inputs[0].CopyFrom<float>(image);
        interp.Inputs[1].CopyFrom<float>(matrix);
        interp.Invoke();
        return interp.Outputs[0].ToArray<float>();
    }

    private static float[] Ramp(int n, int seed = 0)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(i => seed == 0 ? i + 1f : (float)(rng.NextDouble() * 200 - 100)).ToArray();
    }

    [Fact]
    public void IdentityCopiesTheImage()
    {
        // Version 2 shifts to pixel centers (+0.5 in, -0.5 out): the identity stays the identity.
        var image = Ramp(4 * 5 * 2);
        Assert.Equal(image, Resample(image, 4, 5, 2, Identity(), 4, 5, 2));
        // Version 1 (TransformTensor) has no shift: the identity is also a copy.
        Assert.Equal(image, Resample(image, 4, 5, 2, Identity(), 4, 5, 2, version: 1, name: "TransformTensor"));
    }

    [Fact]
    public void IntegerTranslationShiftsAndZeroesPastTheBorder()
    {
        var image = Ramp(3 * 4);
        var y = Resample(image, 3, 4, 1, Affine(1, 0, 1, 0, 1, 2), 3, 4, 1);
        // output(x, y) = image(x + 1, y + 2): only row 0, columns 0..2 read inside; column 3 samples u = 4 > W - 1.
        float[] want = [image[2 * 4 + 1], image[2 * 4 + 2], image[2 * 4 + 3], 0, 0, 0, 0, 0, 0, 0, 0, 0];
        Assert.Equal(want, y);
    }

    [Fact]
    public void HalfScaleBlendsNeighbours()
    {
        // Version 2 with scale 0.5: x3 += 0.5 * 0.5 - 0.5, so u = 0.5 x - 0.25 (and v likewise).
        float[] image = [10, 20, 30, 40];   // one row of 4, one channel
        var y = Resample(image, 1, 4, 1, Affine(0.5f, 0, 0, 0, 1, 0), 1, 6, 1);
        // u: -0.25 (outside), 0.25, 0.75, 1.25, 1.75, 2.25.
        float[] want = [0, 12.5f, 17.5f, 22.5f, 27.5f, 32.5f];
        Assert.Equal(want, y);
    }

    [Fact]
    public void BorderSamplesAreInsideUpToTheLastPixelExactly()
    {
        float[] image = [1, 2, 3, 4, 5, 6]; // 2 rows x 3 columns
        // Version 1: u = x + tx. tx = 0.5 reaches u = 2.5 at x = 2 (outside); u = 1.5 blends columns 1 and 2.
        var y = Resample(image, 2, 3, 1, Affine(1, 0, 0.5f, 0, 1, 0), 2, 3, 1, version: 1, name: "TransformTensor");
        Assert.Equal(new float[] { 1.5f, 2.5f, 0, 4.5f, 5.5f, 0 }, y);
        // u exactly W - 1 = 2 is inside: the column past it has weight 0.
        y = Resample(image, 2, 3, 1, Affine(0, 0, 2, 0, 1, 0), 2, 3, 1, version: 1, name: "TransformTensor");
        Assert.Equal(new float[] { 3, 3, 3, 6, 6, 6 }, y);
        // v exactly H - 1 = 1 likewise; v = -1e-3 is outside.
        y = Resample(image, 2, 3, 1, Affine(1, 0, 0, 0, 0, 1), 1, 3, 1, version: 1, name: "TransformTensor");
        Assert.Equal(new float[] { 4, 5, 6 }, y);
        y = Resample(image, 2, 3, 1, Affine(1, 0, 0, 0, 0, -1e-3f), 1, 3, 1, version: 1, name: "TransformTensor");
        Assert.Equal(new float[] { 0, 0, 0 }, y);
    }

    [Fact]
    public void QuarterTurnRotatesTheImage()
    {
        const int n = 4;
        var image = Ramp(n * n);
        // Version 2: u = W - 1 - y, v = x needs x3 = W (the center shift adds x1 * 0.5 - 0.5 = -1).
        var y = Resample(image, n, n, 1, Affine(0, -1, n, 1, 0, 0), n, n, 1);
        for (int oy = 0; oy < n; oy++)
            for (int ox = 0; ox < n; ox++)
                Assert.Equal(image[ox * n + (n - 1 - oy)], y[oy * n + ox]);
    }

    [Fact]
    public void FewerOutputChannelsTakeTheFirstOnes()
    {
        var image = Ramp(2 * 2 * 3);
        var y = Resample(image, 2, 2, 3, Identity(), 2, 2, 2);
        Assert.Equal(new float[] { 1, 2, 4, 5, 7, 8, 10, 11 }, y);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void RandomAffineMapsMatchTheFormula(int seed)
    {
        var rng = new Random(seed);
        int h = rng.Next(3, 12), w = rng.Next(3, 12), c = rng.Next(1, 4), oh = rng.Next(2, 10), ow = rng.Next(2, 10);
        var image = Ramp(h * w * c, seed);
        double angle = rng.NextDouble() * 2 * Math.PI, s = 0.5 + rng.NextDouble();
        float a = (float)(s * Math.Cos(angle)), b = (float)(-s * Math.Sin(angle)), cc = (float)(s * Math.Sin(angle)), d = (float)(s * Math.Cos(angle));
        float tx = (float)(rng.NextDouble() * w), ty = (float)(rng.NextDouble() * h);
        var matrix = Affine(a, b, tx, cc, d, ty);
        var y = Resample(image, h, w, c, matrix, oh, ow, c);
        int checkedInside = 0;
        for (int oy = 0; oy < oh; oy++)
            for (int ox = 0; ox < ow; ox++)
            {
                // Version 2: pixel (x, y) is the center (x + 0.5, y + 0.5); the sampled center less 0.5 is the position.
                double u = a * (ox + 0.5) + b * (oy + 0.5) + tx - 0.5, v = cc * (ox + 0.5) + d * (oy + 0.5) + ty - 0.5;
                // Positions within float rounding of the border may land on either side: skip those.
                if (Math.Abs(u) < 1e-4 || Math.Abs(u - (w - 1)) < 1e-4 || Math.Abs(v) < 1e-4 || Math.Abs(v - (h - 1)) < 1e-4) continue;
                if (u >= 0 && u <= w - 1 && v >= 0 && v <= h - 1) checkedInside++;
                for (int ch = 0; ch < c; ch++)
                {
                    double want = MediaPipeGeometryFormulas.Sample(image, h, w, c, ch, u, v);
                    Assert.True(Math.Abs(want - y[(oy * ow + ox) * c + ch]) <= 1e-3, $"({ox},{oy}) channel {ch}: {y[(oy * ow + ox) * c + ch]} vs {want}");
                }
            }
        Assert.True(checkedInside > 0 || oh * ow < 4, "no sample landed inside the image");
    }

    // ---- TransformLandmarks ---------------------------------------------------------------------------------------

    private static float[] MapLandmarks(float[] landmarks, int[] shape, float[] matrix, int version = 2, byte[]? options = null)
    {
        var m = new TinyModel();
        int x = m.Tensor("landmarks", TensorType.Float32, shape);
        int t = m.Tensor("matrix", TensorType.Float32, [1, 4, 4]);
        int y = m.Tensor("mapped", TensorType.Float32, shape);
        m.Custom("TransformLandmarks", [x, t], [y], options, version).Inputs(x, t).Outputs(y);
        using var interp = new Interpreter(Model.FromBytes(m.Build()));
        interp.AllocateTensors();
        interp.Inputs[0].CopyFrom<float>(landmarks);
        interp.Inputs[1].CopyFrom<float>(matrix);
        interp.Invoke();
        Assert.Equal(shape, interp.Outputs[0].Shape.ToArray());
        return interp.Outputs[0].ToArray<float>();
    }

    [Fact]
    public void LandmarksMoveByTheMatrixAndKeepTheirDepth()
    {
        float[] p = [1, 2, 7, -3, 4, -9];
        Assert.Equal(p, MapLandmarks(p, [1, 2, 3], Identity()));
        Assert.Equal(new float[] { 11, -3, 7, 7, -1, -9 }, MapLandmarks(p, [1, 2, 3], Affine(1, 0, 10, 0, 1, -5)));
        // Quarter turn and scale 2: (x, y) -> (-2y, 2x).
        Assert.Equal(new float[] { -4, 2, 7, -8, -6, -9 }, MapLandmarks(p, [1, 2, 3], Affine(0, -2, 0, 2, 0, 0)));
        // Two values per landmark.
        Assert.Equal(new float[] { 3, 2, -1, 4 }, MapLandmarks([1, 2, -3, 4], [1, 2, 2], Affine(1, 0, 2, 0, 1, 0)));
    }

    [Fact]
    public void VersionOneScalesTheTranslation()
    {
        var options = new FlexMapWriter().Int("dimensions", 2).Float("scale", 0.5).Build();
        // [1, 1, 2, 4]: two pixels of two 2-D landmarks each; translation (10, 20) halved.
        float[] p = [1, 1, 2, 2, 3, 3, 4, 4];
        Assert.Equal(new float[] { 6, 11, 7, 12, 8, 13, 9, 14 }, MapLandmarks(p, [1, 1, 2, 4], Affine(1, 0, 10, 0, 1, 20), version: 1, options: options));
        // No options: dimensions 3, scale 1.
        Assert.Equal(new float[] { 11, 21, 5 }, MapLandmarks([1, 1, 5], [1, 1, 1, 3], Affine(1, 0, 10, 0, 1, 20), version: 1));
    }

    [Fact]
    public void RandomLandmarksMatchTheFormula()
    {
        var rng = new Random(7);
        int n = 50;
        var p = Enumerable.Range(0, n * 3).Select(_ => (float)(rng.NextDouble() * 400 - 200)).ToArray();
        var matrix = Enumerable.Range(0, 16).Select(_ => (float)(rng.NextDouble() * 4 - 2)).ToArray();
        var y = MapLandmarks(p, [1, n, 3], matrix);
        for (int i = 0; i < n; i++)
        {
            double x0 = p[3 * i], y0 = p[3 * i + 1];
            Assert.Equal(matrix[0] * x0 + matrix[1] * y0 + matrix[3], y[3 * i], 3);
            Assert.Equal(matrix[4] * x0 + matrix[5] * y0 + matrix[7], y[3 * i + 1], 3);
            Assert.Equal(p[3 * i + 2], y[3 * i + 2]);
        }
    }

    // ---- Landmarks2TransformMatrix --------------------------------------------------------------------------------

    private static byte[] MatrixOptions(int[] subset, int left, int right, int outH, int outW, double scaleX = 1, double scaleY = 1, double target = 0) =>
        new FlexMapWriter().Ints("subset_idxs", subset.Select(i => (long)i).ToArray()).Int("left_rotation_idx", left).Int("right_rotation_idx", right)
            .Float("target_rotation_radians", target).Int("output_height", outH).Int("output_width", outW)
            .Float("scale_x", scaleX).Float("scale_y", scaleY).Build();

    private static float[] CropMatrix(float[] landmarks, byte[] options, int version = 2, int[]? shape = null)
    {
        var m = new TinyModel();
        int x = m.Tensor("landmarks", TensorType.Float32, shape ?? [1, landmarks.Length / 3, 3]);
        int y = m.Tensor("matrix", TensorType.Float32, [1, 4, 4]);
        m.Custom("Landmarks2TransformMatrix", [x], [y], options, version).Inputs(x).Outputs(y);
        using var interp = new Interpreter(Model.FromBytes(m.Build()));
        interp.AllocateTensors();
        Assert.Equal(new[] { 1, 4, 4 }, interp.Outputs[0].Shape.ToArray());
        interp.Inputs[0].CopyFrom<float>(landmarks);
        interp.Invoke();
        return interp.Outputs[0].ToArray<float>();
    }

    [Fact]
    public void AxisAlignedBoxGivesAScaleAndNoOffset()
    {
        // Box corners (0,0) (10,0) (10,20) (0,20); rotation from point 0 to point 1 is 0. Crop center (5, 10), size
        // 10 x 20, output 40 x 80 (w x h): M = shift(5,10) * scale(10/40, 20/80) * shift(-20, -40).
        float[] box = [0, 0, 0, 10, 0, 0, 10, 20, 0, 0, 20, 0];
        var m = CropMatrix(box, MatrixOptions([0, 1, 2, 3], 0, 1, 80, 40));
        Assert.Equal(new float[] { 0.25f, 0, 0, 0, 0, 0.25f, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1 }, m);
        // scale_x 2 doubles the crop around its center: x' = 0.5 x + 5 - 10.
        m = CropMatrix(box, MatrixOptions([0, 1, 2, 3], 0, 1, 80, 40, scaleX: 2));
        Assert.Equal(0.5f, m[0]);
        Assert.Equal(-5f, m[3]);
        // An odd subset repeats its last index: {0, 2, 1} bounds (0,0), (10,20), (10,0): the same box.
        Assert.Equal(CropMatrix(box, MatrixOptions([0, 1, 2, 3], 0, 1, 80, 40)), CropMatrix(box, MatrixOptions([0, 2, 1], 0, 1, 80, 40)));
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(-1.2)]
    [InlineData(2.5)]
    public void RotatedBoxMapsTheCropOntoIt(double theta)
    {
        // A 10 x 20 box rotated by theta around (50, 60); left/right rotation landmarks along its top edge.
        double c = Math.Cos(theta), s = Math.Sin(theta);
        (double X, double Y) P(double x, double y) => (50 + c * x - s * y, 60 + s * x + c * y);
        var corners = new[] { P(-5, -10), P(5, -10), P(5, 10), P(-5, 10) };
        var landmarks = corners.SelectMany(p => new[] { (float)p.X, (float)p.Y, 0f }).ToArray();
        var m = CropMatrix(landmarks, MatrixOptions([0, 1, 2, 3], 0, 1, 64, 32));
        (double X, double Y) Map(double x, double y) => (m[0] * x + m[1] * y + m[3], m[4] * x + m[5] * y + m[7]);
        // The crop's corners land on the box's corners, its center on the box center.
        var mapped = new[] { Map(0, 0), Map(32, 0), Map(32, 64), Map(0, 64) };
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(corners[i].X, mapped[i].X, 3);
            Assert.Equal(corners[i].Y, mapped[i].Y, 3);
        }
        Assert.Equal(50, Map(16, 32).X, 3);
        Assert.Equal(60, Map(16, 32).Y, 3);
        Assert.Equal(new float[] { 0, 0, 1, 0, 0, 0, 0, 1 }, m[8..]);
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public void RandomLandmarksMatchTheCropFormula(int seed)
    {
        var rng = new Random(seed);
        int n = 30;
        var p = Enumerable.Range(0, n * 3).Select(_ => (float)(rng.NextDouble() * 200)).ToArray();
        int[] subset = Enumerable.Range(0, 9).Select(_ => rng.Next(n)).ToArray();
        int left = rng.Next(n), right = (left + 1 + rng.Next(n - 1)) % n;
        int oh = rng.Next(16, 256), ow = rng.Next(16, 256);
        double sx = 0.5 + rng.NextDouble(), sy = 0.5 + rng.NextDouble(), target = rng.NextDouble() - 0.5;
        var m = CropMatrix(p, MatrixOptions(subset, left, right, oh, ow, sx, sy, target));

        var want = MediaPipeGeometryFormulas.CropMatrix(p, subset, left, right, target, oh, ow, sx, sy);
        for (int i = 0; i < 16; i++) Assert.True(Math.Abs(want[i] - m[i]) <= 1e-4 * (1 + Math.Abs(want[i])), $"element {i}: {m[i]} vs {want[i]}");
    }

    [Fact]
    public void VersionOneMatrixMapsTheOutputOntoTheBox()
    {
        // Version 1 works in normalized coordinates: landmarks in [0, landmarks_range], output pixels mapped to [-1, 1]
        // and back to input pixels. An axis-aligned box (40..80, 20..100) of a 128 range, multiplier 1, input 256 x 256.
        float[] box = [40, 20, 0, 80, 20, 0, 80, 100, 0, 40, 100, 0];
        var options = new FlexMapWriter().Ints("subset", 0, 1, 2, 3).Int("left_rotation_idx", 0).Int("right_rotation_idx", 1)
            .Int("landmarks_range", 128).Float("bbox_size_multiplier", 1).Int("dimensions", 3)
            .Ints("input_hw", 257, 257).Ints("output_hw", 33, 33).Build();
        var m = CropMatrix(box, options, version: 1, shape: [1, 1, 1, 12]);
        (double X, double Y) Map(double x, double y) => (m[0] * x + m[1] * y + m[3], m[4] * x + m[5] * y + m[7]);
        // The output's center pixel (16, 16) goes to the box center (60, 60) scaled by 256 / 128 ... in [-1, 1] terms
        // the center is 60 / 128 * 2 - 1 and the span (40 / 128, 80 / 128): input pixel = (v + 1) * 128.
        Assert.Equal((60.0 / 128 * 2 - 1 + 1) * 128, Map(16, 16).X, 2);
        Assert.Equal((60.0 / 128 * 2 - 1 + 1) * 128, Map(16, 16).Y, 2);
        // One output pixel step spans 2 / 32 of the [-1, 1] output, times the box's (40 / 128) x (80 / 128) scale,
        // times 128 input pixels per unit.
        Assert.Equal(2.0 / 32 * 40 / 128 * 128, m[0], 4);
        Assert.Equal(2.0 / 32 * 80 / 128 * 128, m[5], 4);
        Assert.Equal(0, m[1], 5);
        Assert.Equal(1, m[15]);
    }

    [Fact]
    public void CropPipelineOfTheThreeOps()
    {
        // Landmarks -> matrix -> resampled crop and crop landmarks mapped back: the structure of
        // face_landmark_with_attention. The crop of a bright box must be bright, and the crop's corners go back onto it.
        var m = new TinyModel();
        int lm = m.Tensor("landmarks", TensorType.Float32, [1, 4, 3]);
        int img = m.Tensor("image", TensorType.Float32, [1, 40, 40, 1]);
        int mat = m.Tensor("matrix", TensorType.Float32, [1, 4, 4]);
        int crop = m.Tensor("crop", TensorType.Float32, [1, 8, 8, 1]);
        int cropPts = m.Tensor("crop_points", TensorType.Float32, [1, 2, 3]);
        int back = m.Tensor("points", TensorType.Float32, [1, 2, 3]);
        m.Custom("Landmarks2TransformMatrix", [lm], [mat], MatrixOptions([0, 1, 2, 3], 0, 1, 8, 8), 2)
         .Custom("TransformTensorBilinear", [img, mat], [crop], new FlexMapWriter().Int("output_height", 8).Int("output_width", 8).Build(), 2)
         .Custom("TransformLandmarks", [cropPts, mat], [back], null, 2)
         .Inputs(lm, img, cropPts).Outputs(crop, back);
        using var interp = new Interpreter(Model.FromBytes(m.Build()));
        interp.AllocateTensors();
        interp.Inputs[0].CopyFrom<float>([10, 10, 0, 26, 10, 0, 26, 26, 0, 10, 26, 0]);
        var image = new float[40 * 40];
        for (int y = 10; y <= 26; y++) for (int x = 10; x <= 26; x++) image[y * 40 + x] = 1;
        interp.Inputs[1].CopyFrom<float>(image);
        interp.Inputs[2].CopyFrom<float>([0, 0, 5, 8, 8, -5]);
        interp.Invoke();
        Assert.All(interp.Outputs[0].ToArray<float>(), v => Assert.Equal(1f, v));
        Assert.Equal(new float[] { 10, 10, 5, 26, 26, -5 }, interp.Outputs[1].ToArray<float>());
    }

    // ---- Errors ---------------------------------------------------------------------------------------------------

    private static void PrepareFails(byte[] model, string fragment)
    {
        using var interp = new Interpreter(Model.FromBytes(model));
        var e = Assert.Throws<OperatorException>(() => interp.AllocateTensors());
        Assert.Contains(fragment, e.ToString());
    }

    [Fact]
    public void BadShapesAndOptionsAreOperatorErrors()
    {
        PrepareFails(BilinearModel([1, 4, 4, 1], [1, 4, 4, 1], matrixShape: [1, 3, 3]), "must hold a 4x4 matrix");
        PrepareFails(BilinearModel([4, 4, 1], [1, 4, 4, 1]), "rank");
        PrepareFails(BilinearModel([1, 4, 4, 1], [1, 4, 4, 2]), "more than the input's 1");
        PrepareFails(BilinearModel([1, 4, 4, 1], [2, 4, 4, 1]), "batch 1");
        PrepareFails(BilinearModel([1, 4, 4, 1], [1, 4, 4, 1], new FlexMapWriter().String("mode", "nearest").Build(), 1, "TransformTensor"), "bilinear only");
        PrepareFails(BilinearModel([1, 4, 4, 1], [1, 4, 4, 1], new FlexMapWriter().Int("output_height", 0).Int("output_width", 4).Build()), "output_height = 0");

        float[] box = [0, 0, 0, 10, 0, 0, 10, 20, 0, 0, 20, 0];
        void MatrixFails(byte[] options, string fragment, int[]? shape = null)
        {
            var m = new TinyModel();
            int x = m.Tensor("landmarks", TensorType.Float32, shape ?? [1, 4, 3]);
            int y = m.Tensor("matrix", TensorType.Float32, [1, 4, 4]);
            m.Custom("Landmarks2TransformMatrix", [x], [y], options, 2).Inputs(x).Outputs(y);
            PrepareFails(m.Build(), fragment);
        }
        MatrixFails(MatrixOptions([0, 1, 2, 4], 0, 1, 8, 8), "subset index 3 = 4 is outside the 4 landmarks");
        MatrixFails(MatrixOptions([0, 1, 2, -1], 0, 1, 8, 8), "subset index 3 = -1");
        MatrixFails(MatrixOptions([], 0, 1, 8, 8), "empty");
        MatrixFails(MatrixOptions([0, 1], 0, 9, 8, 8), "rotation landmarks");
        MatrixFails(MatrixOptions([0, 1], 0, 1, 8, 8, scaleX: 0), "must be > 0");
        MatrixFails(MatrixOptions([0, 1], 0, 1, 0, 8), "output_height = 0");
        MatrixFails(new FlexMapWriter().Int("left_rotation_idx", 0).Build(), "subset_idxs is missing");
        MatrixFails(MatrixOptions([0, 1], 0, 1, 8, 8), "rank", shape: [4, 3]);
        MatrixFails(null!, "custom options");
        _ = box;

        void LandmarksFail(int[] shape, string fragment, int version = 2, byte[]? options = null, int[]? matrixShape = null)
        {
            var m = new TinyModel();
            int x = m.Tensor("landmarks", TensorType.Float32, shape);
            int t = m.Tensor("matrix", TensorType.Float32, matrixShape ?? [1, 4, 4]);
            int y = m.Tensor("mapped", TensorType.Float32, shape);
            m.Custom("TransformLandmarks", [x, t], [y], options, version).Inputs(x, t).Outputs(y);
            PrepareFails(m.Build(), fragment);
        }
        LandmarksFail([1, 5, 4], "2 or 3 values per landmark");
        LandmarksFail([2, 5, 3], "batch 1");
        LandmarksFail([1, 5, 3], "4x4 matrix", matrixShape: [2, 4]);
        LandmarksFail([1, 1, 1, 4], "not a multiple of dimensions 3", version: 1);
        LandmarksFail([1, 1, 1, 6], "scale must not be 0", version: 1, options: new FlexMapWriter().Float("scale", 0).Build());
        LandmarksFail([1, 1, 1, 6], "dimensions = 4", version: 1, options: new FlexMapWriter().Int("dimensions", 4).Build());
    }

    [Fact]
    public void UnknownVersionsAreUnsupported()
    {
        var model = Model.FromBytes(BilinearModel([1, 4, 4, 1], [1, 4, 4, 1], version: 3));
        Assert.Contains(Interpreter.FindUnsupportedOperators(model), u => u.IsCustom);
        Assert.Contains(Interpreter.FindUnsupportedOperators(Model.FromBytes(BilinearModel([1, 4, 4, 1], [1, 4, 4, 1], version: 1))), u => u.IsCustom);
    }

    [Fact]
    public void RegistrationsDeclareFloat32AndArePure()
    {
        var resolver = OpResolver.CreateBuiltin();
        foreach (var (name, version) in new[] { ("Landmarks2TransformMatrix", 2), ("TransformTensorBilinear", 2), ("TransformTensor", 1), ("TransformLandmarks", 1) })
        {
            var reg = resolver.FindCustomRegistration(name, version);
            Assert.NotNull(reg);
            Assert.Equal(new[] { TensorType.Float32 }, reg!.Traits.Types);
            Assert.False(reg.Traits.IsStateful);
        }
    }
}
