using ManagedLite.Schema;

namespace ManagedLite;

/// <summary>
/// Runs one signature of a model, with inputs and outputs named as in the signature. Not thread-safe, like the
/// <see cref="Interpreter"/> it comes from (a signature of the primary subgraph shares its tensors).
/// </summary>
public sealed class SignatureRunner
{
    private readonly SignatureDefDef _sig;
    private readonly SubgraphRunner _runner;

    internal SignatureRunner(SignatureDefDef sig, SubgraphRunner runner)
    {
        _sig = sig;
        _runner = runner;
    }

    /// <summary>The signature key.</summary>
    public string Key => _sig.SignatureKey;
    /// <summary>Input names of the signature.</summary>
    public IReadOnlyList<string> InputNames => _sig.Inputs.Select(i => i.Name).ToArray();
    /// <summary>Output names of the signature.</summary>
    public IReadOnlyList<string> OutputNames => _sig.Outputs.Select(i => i.Name).ToArray();

    /// <summary>The input tensor named <paramref name="name"/> in the signature.</summary>
    public LiteTensor GetInput(string name) => _runner.Tensors[Find(_sig.Inputs, name, "input")];
    /// <summary>The output tensor named <paramref name="name"/> in the signature.</summary>
    public LiteTensor GetOutput(string name) => _runner.Tensors[Find(_sig.Outputs, name, "output")];

    /// <summary>Changes the shape of the input named <paramref name="name"/>; takes effect at the next AllocateTensors/Invoke.</summary>
    public void ResizeInput(string name, ReadOnlySpan<int> shape)
    {
        int tensor = Find(_sig.Inputs, name, "input");
        int index = Array.IndexOf(_runner.InputIndices, tensor);
        _runner.ResizeInput(index, shape);
    }

    /// <summary>Runs shape propagation and memory planning for the signature's subgraph.</summary>
    public void AllocateTensors() => _runner.Allocate();
    /// <summary>Runs the signature's subgraph once.</summary>
    public void Invoke() => _runner.Invoke();

    private int Find(IReadOnlyList<SignatureTensorDef> list, string name, string what)
    {
        foreach (var t in list)
            if (t.Name == name) return t.TensorIndex;
        throw new KeyNotFoundException($"signature '{Key}' has no {what} named '{name}'; it has: {string.Join(", ", list.Select(t => $"'{t.Name}'"))}");
    }
}
