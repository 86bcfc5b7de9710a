using ManagedLite.Execution;
using ManagedLite.Schema;

namespace ManagedLite;

/// <summary>Runs one signature of a model, with inputs and outputs named as in the signature. Same threading rules as its <see cref="Interpreter"/>.</summary>
public sealed partial class SignatureRunner
{
    private readonly Interpreter _owner;
    private readonly SignatureDefDef _sig;
    private readonly SubgraphExecutor _executor;

    internal SignatureRunner(Interpreter owner, SignatureDefDef sig, SubgraphExecutor executor)
    {
        _owner = owner;
        _sig = sig;
        _executor = executor;
        _invoke = e => e.Invoke(owner.Control);
    }

    private readonly Action<SubgraphExecutor> _invoke;

    /// <summary>The signature key.</summary>
    public string Key => _sig.SignatureKey;
    /// <summary>Input names of the signature.</summary>
    public IReadOnlyList<string> InputNames => _sig.Inputs.Select(i => i.Name).ToArray();
    /// <summary>Output names of the signature.</summary>
    public IReadOnlyList<string> OutputNames => _sig.Outputs.Select(i => i.Name).ToArray();

    /// <summary>The input tensor of the signature input <paramref name="name"/>.</summary>
    public LiteTensor GetInput(string name) => _executor.Tensors[Find(_sig.Inputs, name, "input")];
    /// <summary>The output tensor of the signature output <paramref name="name"/>.</summary>
    public LiteTensor GetOutput(string name) => _executor.Tensors[Find(_sig.Outputs, name, "output")];

    /// <summary>Changes the shape of the input named <paramref name="name"/>; takes effect at the next AllocateTensors/Invoke.</summary>
    public void ResizeInput(string name, ReadOnlySpan<int> shape)
    {
        int tensor = Find(_sig.Inputs, name, "input");
        int index = Array.IndexOf(_executor.InputIndices, tensor);
        var copy = shape.ToArray();
        _owner.Run(_executor, "ResizeInput", e => e.ResizeInput(index, copy));
    }

    /// <summary>Plans the signature's subgraph (Invoke does it when needed).</summary>
    public void AllocateTensors() => _owner.Run(_executor, "AllocateTensors", static e => e.Allocate());
    /// <summary>Runs the signature's subgraph on its current inputs.</summary>
    public void Invoke() => _owner.Run(_executor, "Invoke", _invoke);

    private int Find(IReadOnlyList<SignatureTensorDef> list, string name, string what)
    {
        foreach (var t in list)
            if (t.Name == name) return t.TensorIndex;
        throw new KeyNotFoundException($"signature {ModelText.Quote(Key)} has no {what} named {ModelText.Quote(name)}; it has: {string.Join(", ", list.Select(t => ModelText.Quote(t.Name)))}");
    }
}
