using ManagedLite.IO;
using ManagedLite.Schema;
using ManagedLite.Serving;

namespace ManagedLite.ServingSample;

/// <summary>The pool and what the endpoints need from the model (labels, normalization), refreshed on swaps.</summary>
public sealed class ModelService : IDisposable
{
    private readonly byte[]? _key;
    private readonly int _top;

    private ModelService(InterpreterPool pool, byte[]? key, int top, string source)
    {
        Pool = pool;
        _key = key;
        _top = top;
        Source = source;
    }

    /// <summary>The pool serving every request.</summary>
    public InterpreterPool Pool { get; }
    /// <summary>Where the first model came from.</summary>
    public string Source { get; }

    /// <summary>Reads Model, KeyFile, Pool and Top from configuration.</summary>
    public static ModelService Create(IConfiguration config)
    {
        string path = config["Model"] ?? throw new InvalidOperationException("configure Model (for example --Model path/to/model.tflite)");
        byte[]? key = config["KeyFile"] is { Length: > 0 } k ? ModelProtection.ReadKeyFile(k) : null;
        int size = int.TryParse(config["Pool"], out int p) && p > 0 ? p : 2;
        int top = int.TryParse(config["Top"], out int t) && t > 0 ? t : 5;
        var model = Load(path, key);
        return new ModelService(new InterpreterPool(model, new InterpreterPoolOptions { MaxSize = size, Prewarm = size }), key, top, path);
    }

    private static Model Load(string path, byte[]? key) => key is null ? Model.FromFile(path) : Model.FromEncryptedFile(path, key);

    private Model LoadBytes(byte[] bytes) =>
        ModelProtection.IsEncrypted(bytes)
            ? Model.FromEncryptedBytes(bytes, _key ?? throw new ModelAuthenticationException("the new model is encrypted and the service has no KeyFile"))
            : Model.FromBytes(bytes);

    /// <summary>Swaps to the model file at <paramref name="path"/> (encrypted when the service has a key).</summary>
    public long Swap(string path) => Pool.SwapModel(() => Load(path, _key));

    /// <summary>Swaps to a model sent as bytes (plain, or MLENC1 with the service's key).</summary>
    public long Swap(byte[] bytes) => Pool.SwapModel(() => LoadBytes(bytes));

    /// <summary>Status for load balancers and operators.</summary>
    public object Health() => new
    {
        status = "ok",
        generation = Pool.Generation,
        swaps = Pool.SwapCount,
        failed_swaps = Pool.FailedSwapCount,
        pool = Pool.MaxSize,
        in_use = Pool.InUse,
        inputs = Pool.Model.Definition.SubGraphs[0].Inputs.Select(i => Describe(Pool.Model.Definition.SubGraphs[0].Tensors[i])),
        outputs = Pool.Model.Definition.SubGraphs[0].Outputs.Select(i => Describe(Pool.Model.Definition.SubGraphs[0].Tensors[i])),
    };

    private static object Describe(TensorDef t) => new { name = t.Name, dtype = TensorTypes.Name(t.Type), shape = t.ShapeSignature ?? t.Shape };

    /// <summary>
    /// An image for the model's single image input: resized, normalized per its metadata, quantized; top labels for
    /// a classifier with a labels file, otherwise every output.
    /// </summary>
    public async Task<object> PredictImage(byte[] image, int? top, CancellationToken ct)
    {
        var (rgb, width, height) = ServingApp.Decode(image);
        using var lease = await Pool.RentAsync(ct);
        var interp = lease.Interpreter;
        if (interp.Inputs.Count != 1) throw new ArgumentException($"an image needs a model with one input; this one has {interp.Inputs.Count}");
        var md = lease.Model.Metadata;
        var norm = ImageNormalization.FromMetadata(md is { Inputs.Count: > 0 } ? md.Inputs[0] : null);
        if (norm is null && interp.Inputs[0].DataType == TensorType.Float32)
            norm = new ImageNormalization([127.5f], [127.5f]); // no metadata: the common [-1, 1] convention
        ImageInput.Fill(interp.Inputs[0], rgb, width, height, norm);
        interp.Invoke(ct);
        var labels = interp.Outputs.Count == 1 && md is not null ? md.GetOutputLabels(0) : null;
        var output = interp.Outputs[0];
        if (labels is not null && (output.Rank == 1 || output.Rank == 2 && output.Dim(0) == 1))
        {
            var best = Classification.TopK(output, labels, Math.Clamp(top ?? _top, 1, labels.Count));
            return new { generation = lease.Generation, labels = best.Select(c => new { label = c.Label, index = c.Index, score = c.Score }) };
        }
        return new { generation = lease.Generation, outputs = interp.Outputs.Select(Output) };
    }

    /// <summary>A raw tensor (.npy) for a model with one input; every output as float values (dequantized).</summary>
    public async Task<object> PredictTensor(NpyArray array, CancellationToken ct)
    {
        var m = Pool.Model.Definition.SubGraphs[0];
        if (m.Inputs.Length != 1) throw new ArgumentException($"a .npy body feeds a model with one input; this one has {m.Inputs.Length}");
        string name = m.Tensors[m.Inputs[0]].Name;
        var result = await Pool.RunAsync(new Dictionary<string, ReadOnlyMemory<byte>> { [name] = array.Data }, ct);
        return new
        {
            generation = result.Generation,
            outputs = result.Outputs.Select(o => new { name = o.Name, dtype = TensorTypes.Name(o.DataType), shape = o.Shape, values = o.ToFloatArray() }),
        };
    }

    private static object Output(LiteTensor t)
    {
        var copy = NpyArray.FromTensor(t);
        float[] values = t.DataType == TensorType.Float32 ? t.ToArray<float>() : t.Dequantize();
        return new { name = t.Name, dtype = TensorTypes.Name(t.DataType), shape = copy.Shape, values };
    }

    /// <summary>Disposes the pool.</summary>
    public void Dispose() => Pool.Dispose();
}
