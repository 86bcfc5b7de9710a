using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text;
using Google.FlatBuffers;
using ManagedLite.Schema;
using ManagedLite.Tests.Schema;
using G = ManagedLite.Schema.Generated;
using M = ManagedLite.Schema.Generated.MetadataSchema;

namespace ManagedLite.Tests.Metadata;

/// <summary>
/// Small image classifiers with TFLite metadata and a labels file zipped onto them, built in code: the models a
/// user gets from TFLite Model Maker have the same structure (TFLITE_METADATA buffer, appended ZIP).
/// </summary>
internal static class MetadataModels
{
    public static readonly string[] Labels = ["red", "green", "blue"];

    /// <summary>
    /// float32 [1, 4, 4, 3] image (mean 127.5, std 127.5) -> MEAN over H, W -> FULLY_CONNECTED (4 x identity)
    /// -> SOFTMAX -> float32 [1, 3] scores of red, green, blue. With <paramref name="quantized"/>: a uint8 input
    /// (scale 1, zero point 0; metadata mean 0, std 1) through DEQUANTIZE, and a uint8 output (scale 1/256)
    /// through QUANTIZE.
    /// </summary>
    public static byte[] Classifier(bool quantized = false, bool absoluteZipOffsets = true, byte[]? metadata = null,
        IReadOnlyDictionary<string, byte[]>? files = null)
    {
        var b = new TestModelBuilder { Description = "ManagedLite metadata test classifier" };
        int mean = b.AddOperatorCode(BuiltinOperator.MEAN);
        int fc = b.AddOperatorCode(BuiltinOperator.FULLY_CONNECTED);
        int softmax = b.AddOperatorCode(BuiltinOperator.SOFTMAX);
        uint axes = b.AddBuffer(new[] { 1, 2 });
        float[] w = [4, 0, 0, 0, 4, 0, 0, 0, 4]; // [3 out, 3 in]
        uint weights = b.AddBuffer(w);
        var tensors = new List<TestModelBuilder.TensorSpec>();
        var ops = new List<TestModelBuilder.OperatorSpec>();
        int Add(TestModelBuilder.TensorSpec t) { tensors.Add(t); return tensors.Count - 1; }

        int input = Add(quantized
            ? new() { Name = "image", Type = G.TensorType.UINT8, Shape = [1, 4, 4, 3], Scale = [1f], ZeroPoint = [0] }
            : new() { Name = "image", Shape = [1, 4, 4, 3] });
        int image = input;
        if (quantized)
        {
            int deq = b.AddOperatorCode(BuiltinOperator.DEQUANTIZE);
            image = Add(new() { Name = "image_f32", Shape = [1, 4, 4, 3] });
            ops.Add(new() { OpcodeIndex = (uint)deq, Inputs = [input], Outputs = [image] });
        }
        int axesT = Add(new() { Name = "axes", Type = G.TensorType.INT32, Shape = [2], Buffer = axes });
        int pooled = Add(new() { Name = "pooled", Shape = [1, 3] });
        int weightsT = Add(new() { Name = "weights", Shape = [3, 3], Buffer = weights });
        int logits = Add(new() { Name = "logits", Shape = [1, 3] });
        int probs = Add(new() { Name = "probabilities", Shape = [1, 3] });
        ops.Add(new() { OpcodeIndex = (uint)mean, Inputs = [image, axesT], Outputs = [pooled],
            OptionsType = G.BuiltinOptions.ReducerOptions, Options = fb => G.ReducerOptions.CreateReducerOptions(fb, false).Value });
        ops.Add(new() { OpcodeIndex = (uint)fc, Inputs = [pooled, weightsT, -1], Outputs = [logits],
            OptionsType = G.BuiltinOptions.FullyConnectedOptions,
            Options = fb => G.FullyConnectedOptions.CreateFullyConnectedOptions(fb, G.ActivationFunctionType.NONE).Value });
        ops.Add(new() { OpcodeIndex = (uint)softmax, Inputs = [logits], Outputs = [probs],
            OptionsType = G.BuiltinOptions.SoftmaxOptions, Options = fb => G.SoftmaxOptions.CreateSoftmaxOptions(fb, 1f).Value });
        int output = probs;
        if (quantized)
        {
            int q = b.AddOperatorCode(BuiltinOperator.QUANTIZE);
            output = Add(new() { Name = "scores", Type = G.TensorType.UINT8, Shape = [1, 3], Scale = [1f / 256], ZeroPoint = [0] });
            ops.Add(new() { OpcodeIndex = (uint)q, Inputs = [probs], Outputs = [output] });
        }
        b.SubGraphs.Add(new TestModelBuilder.SubGraphSpec { Tensors = tensors, Inputs = [input], Outputs = [output], Operators = ops });

        metadata ??= Metadata(quantized);
        uint metaBuffer = b.AddBuffer(metadata);
        b.Metadata.Add(("TFLITE_METADATA", metaBuffer));
        byte[] flat = b.Build();
        files ??= new Dictionary<string, byte[]> { ["labels.txt"] = Encoding.UTF8.GetBytes(string.Join("\n", Labels) + "\n") };
        return AppendZip(flat, files, absoluteZipOffsets);
    }

    /// <summary>
    /// Appends a ZIP of <paramref name="files"/>: with <paramref name="absolute"/> its offsets count from the start
    /// of the model file (what TFLite's metadata writer does), otherwise from the start of the ZIP (plain concatenation).
    /// </summary>
    public static byte[] AppendZip(byte[] model, IReadOnlyDictionary<string, byte[]> files, bool absolute)
    {
        var ms = new MemoryStream();
        if (absolute) ms.Write(model);
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, data) in files)
            {
                var e = zip.CreateEntry(name, CompressionLevel.Optimal);
                using var s = e.Open();
                s.Write(data);
            }
        }
        return absolute ? ms.ToArray() : [.. model, .. ms.ToArray()];
    }

    /// <summary>The metadata buffer of <see cref="Classifier"/>, as TFLite Model Maker writes it for an image classifier.</summary>
    public static byte[] Metadata(bool quantized)
    {
        var fb = new FlatBufferBuilder(1024);
        float normMean = quantized ? 0f : 127.5f, normStd = quantized ? 1f : 127.5f;
        var norm = M.NormalizationOptions.CreateNormalizationOptions(fb,
            M.NormalizationOptions.CreateMeanVector(fb, [normMean]), M.NormalizationOptions.CreateStdVector(fb, [normStd]));
        var inputUnit = M.ProcessUnit.CreateProcessUnit(fb, M.ProcessUnitOptions.NormalizationOptions, norm.Value);
        var size = M.ImageSize.CreateImageSize(fb, 4, 4);
        var imageProps = M.ImageProperties.CreateImageProperties(fb, M.ColorSpaceType.RGB, size);
        var inputContent = M.Content.CreateContent(fb, M.ContentProperties.ImageProperties, imageProps.Value);
        var inputStats = M.Stats.CreateStats(fb, M.Stats.CreateMaxVector(fb, [quantized ? 255f : 1f]), M.Stats.CreateMinVector(fb, [quantized ? 0f : -1f]));
        var inputMeta = M.TensorMetadata.CreateTensorMetadata(fb, fb.CreateString("image"), fb.CreateString("Input image to be classified."),
            default, inputContent, M.TensorMetadata.CreateProcessUnitsVector(fb, [inputUnit]), inputStats);

        var labels = M.AssociatedFile.CreateAssociatedFile(fb, fb.CreateString("labels.txt"), fb.CreateString("Labels for objects that the model can recognize."),
            M.AssociatedFileType.TENSOR_AXIS_LABELS, fb.CreateString("en"));
        var outputContent = M.Content.CreateContent(fb, M.ContentProperties.FeatureProperties, FeatureProperties(fb),
            M.ValueRange.CreateValueRange(fb, 1, 1));
        var outputStats = M.Stats.CreateStats(fb, M.Stats.CreateMaxVector(fb, [1f]), M.Stats.CreateMinVector(fb, [0f]));
        var outputMeta = M.TensorMetadata.CreateTensorMetadata(fb, fb.CreateString("probability"), fb.CreateString("Probabilities of the 3 labels respectively."),
            default, outputContent, default, outputStats, M.TensorMetadata.CreateAssociatedFilesVector(fb, [labels]));

        var subgraph = M.SubGraphMetadata.CreateSubGraphMetadata(fb, default, default,
            M.SubGraphMetadata.CreateInputTensorMetadataVector(fb, [inputMeta]),
            M.SubGraphMetadata.CreateOutputTensorMetadataVector(fb, [outputMeta]));
        var model = M.ModelMetadata.CreateModelMetadata(fb, fb.CreateString("Color classifier"),
            fb.CreateString("Tells red, green and blue images apart."), fb.CreateString("v1"),
            M.ModelMetadata.CreateSubgraphMetadataVector(fb, [subgraph]), fb.CreateString("ManagedLite tests"),
            fb.CreateString("Apache License. Version 2.0 http://www.apache.org/licenses/LICENSE-2.0."), default, fb.CreateString("1.0.0"));
        M.ModelMetadata.FinishModelMetadataBuffer(fb, model);
        return fb.SizedByteArray();
    }

    private static int FeatureProperties(FlatBufferBuilder fb)
    {
        M.FeatureProperties.StartFeatureProperties(fb);
        return M.FeatureProperties.EndFeatureProperties(fb).Value;
    }

    /// <summary>A solid-color RGB image.</summary>
    public static byte[] Solid(int width, int height, byte r, byte g, byte b)
    {
        var px = new byte[width * height * 3];
        for (int i = 0; i < px.Length; i += 3) { px[i] = r; px[i + 1] = g; px[i + 2] = b; }
        return px;
    }

    /// <summary>A 24-bit BMP file of <paramref name="rgb"/> (bottom-up rows, BGR, rows padded to 4 bytes).</summary>
    public static byte[] Bmp(byte[] rgb, int width, int height)
    {
        int row = (width * 3 + 3) & ~3;
        var f = new byte[54 + row * height];
        var span = f.AsSpan();
        "BM"u8.CopyTo(span);
        BitConverter.TryWriteBytes(span[2..], f.Length);
        BitConverter.TryWriteBytes(span[10..], 54);
        BitConverter.TryWriteBytes(span[14..], 40);
        BitConverter.TryWriteBytes(span[18..], width);
        BitConverter.TryWriteBytes(span[22..], height);
        BitConverter.TryWriteBytes(span[26..], (short)1);
        BitConverter.TryWriteBytes(span[28..], (short)24);
        BitConverter.TryWriteBytes(span[34..], row * height);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                int src = (y * width + x) * 3, dst = 54 + (height - 1 - y) * row + x * 3;
                f[dst] = rgb[src + 2]; f[dst + 1] = rgb[src + 1]; f[dst + 2] = rgb[src];
            }
        return f;
    }

    /// <summary>An 8-bit RGB PNG file of <paramref name="rgb"/> (zlib via System.IO.Compression, CRC-32 computed here).</summary>
    public static byte[] Png(byte[] rgb, int width, int height)
    {
        var raw = new MemoryStream();
        for (int y = 0; y < height; y++)
        {
            raw.WriteByte(0); // filter: none
            raw.Write(rgb, y * width * 3, width * 3);
        }
        var z = new MemoryStream();
        using (var zs = new ZLibStream(z, CompressionLevel.Optimal, leaveOpen: true)) raw.WriteTo(zs);
        var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; ihdr[9] = 2; // 8-bit, RGB
        Chunk(png, "IHDR", ihdr);
        Chunk(png, "IDAT", z.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream s, string type, byte[] data)
    {
        Span<byte> len = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(len, data.Length);
        s.Write(len);
        byte[] typed = [.. Encoding.ASCII.GetBytes(type), .. data];
        s.Write(typed);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(len, Crc32(typed));
        s.Write(len);
    }

    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte d in data)
        {
            crc ^= d;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        return ~crc;
    }
}
