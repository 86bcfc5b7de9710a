using ManagedLite.Schema;

namespace ManagedLite;

/// <summary>Runs one signature of a model, with inputs and outputs named as in the signature.</summary>
public sealed class SignatureRunner
{
    private readonly SignatureDefDef _sig;
    private readonly SubgraphRunner _runner;

    internal SignatureRunner(SignatureDefDef sig, SubgraphRunner runner)
    {
        _sig = sig;
        _runner = runner;
    }

    public string Key => _sig.SignatureKey;
    public IReadOnlyList<string> InputNames => _sig.Inputs.Select(i => i.Name).ToArray();
    public IReadOnlyList<string> OutputNames => _sig.Outputs.Select(i => i.Name).ToArray();

    public LiteTensor GetInput(string name) => _runner.Tensors[Find(_sig.Inputs, name, "input")];
    public LiteTensor GetOutput(string name) => _runner.Tensors[Find(_sig.Outputs, name, "output")];

    public void ResizeInput(string name, ReadOnlySpan<int> shape)
    {
        int tensor = Find(_sig.Inputs, name, "input");
        int index = Array.IndexOf(_runner.InputIndices, tensor);
        _runner.ResizeInput(index, shape);
    }

    public void AllocateTensors() => _runner.Allocate();
    public void Invoke() => _runner.Invoke();

    private int Find(IReadOnlyList<SignatureTensorDef> list, string name, string what)
    {
        foreach (var t in list)
            if (t.Name == name) return t.TensorIndex;
        throw new KeyNotFoundException($"signature '{Key}' has no {what} named '{name}'; it has: {string.Join(", ", list.Select(t => $"'{t.Name}'"))}");
    }
}
