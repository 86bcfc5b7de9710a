using ManagedLite.Schema;
using ManagedLite.Tests.Metadata;
using Xunit;

namespace ManagedLite.Tests.Vision;

/// <summary>ImageInput (resize, normalize, quantize) and Classification.TopK on the metadata test classifiers.</summary>
public sealed class ImageInputTests
{
    [Fact]
    public void BilinearWithHalfPixelCentersAndNormalization()
    {
        // A [1, 1, 4, 3] float input from a 2x1 image: columns 0 and 255 (all channels).
        var b = new ManagedLite.Robustness.TinyModel();
        int x = b.Input("x", TensorType.Float32, 1, 1, 4, 3), y = b.Input("y", TensorType.Float32, 1, 1, 4, 3);
        var model = Model.FromBytes(b.Op(BuiltinOperator.RELU, [x], [y]).Inputs(x).Outputs(y).Build());
        using var interp = new Interpreter(model);
        interp.AllocateTensors();
        ImageInput.Fill(interp.Inputs[0], [0, 0, 0, 255, 255, 255], 2, 1);
        var v = interp.Inputs[0].ToArray<float>();
        Assert.Equal([0f, 0, 0, 63.75f, 63.75f, 63.75f, 191.25f, 191.25f, 191.25f, 255, 255, 255], v);
        ImageInput.Fill(interp.Inputs[0], [0, 0, 0, 255, 255, 255], 2, 1, new ImageNormalization([127.5f, 0, 255], [127.5f, 1, 255]));
        v = interp.Inputs[0].ToArray<float>();
        Assert.Equal(-1f, v[0]);
        Assert.Equal(0f, v[1]);
        Assert.Equal(-1f, v[2]);
        Assert.Equal(1f, v[9]);
        Assert.Equal(255f, v[10]);
        Assert.Equal(0f, v[11]);
    }

    [Theory]
    [InlineData(false, 200, 10, 10, "red")]
    [InlineData(false, 10, 200, 10, "green")]
    [InlineData(true, 10, 10, 200, "blue")]
    [InlineData(true, 200, 10, 10, "red")]
    public void ClassifierGivesTheImagesColor(bool quantized, byte r, byte g, byte bl, string expected)
    {
        var model = Model.FromBytes(MetadataModels.Classifier(quantized));
        using var interp = new Interpreter(model);
        interp.AllocateTensors();
        // A 9x7 image is resized to the model's 4x4.
        ImageInput.Fill(interp.Inputs[0], MetadataModels.Solid(9, 7, r, g, bl), 9, 7, ImageNormalization.FromMetadata(model.Metadata!.Inputs[0]));
        interp.Invoke();
        var top = Classification.TopK(interp.Outputs[0], model.Metadata.GetOutputLabels(0)!, 5);
        Assert.Equal(3, top.Count);
        Assert.Equal(expected, top[0].Label);
        Assert.True(top[0].Score > 0.9f, $"top score {top[0].Score}");
        Assert.True(top[0].Score >= top[1].Score && top[1].Score >= top[2].Score);
        if (quantized) Assert.Equal(0, top[0].Score * 256 % 1); // dequantized uint8 steps of 1/256
    }

    [Fact]
    public void QuantizedInputTakesPixelsThroughItsScale()
    {
        var model = Model.FromBytes(MetadataModels.Classifier(quantized: true));
        using var interp = new Interpreter(model);
        interp.AllocateTensors();
        ImageInput.Fill(interp.Inputs[0], MetadataModels.Solid(4, 4, 1, 2, 250), 4, 4, ImageNormalization.FromMetadata(model.Metadata!.Inputs[0]));
        Assert.Equal([1, 2, 250], interp.Inputs[0].ToArray<byte>()[..3]);
    }

    [Fact]
    public void WrongImagesAndTensorsAreClearErrors()
    {
        var model = Model.FromBytes(MetadataModels.Classifier());
        using var interp = new Interpreter(model);
        interp.AllocateTensors();
        Assert.Throws<ArgumentException>(() => ImageInput.Fill(interp.Inputs[0], new byte[10], 2, 2));
        var e = Assert.Throws<TensorException>(() => ImageInput.Fill(interp.Inputs[0], new byte[12], 2, 2, new ImageNormalization([1, 2], [1, 2])));
        Assert.Contains("normalization", e.Message);
        e = Assert.Throws<TensorException>(() => Classification.TopK(interp.Inputs[0], ["a"], 1));
        Assert.Contains("classifier output", e.Message);
    }
}
