using ManagedLite.Execution;
using ManagedLite.Schema;

namespace ManagedLite;

/// <summary>Runs one signature of a model, with inputs and outputs named as in the signature. Same threading rules as its <see cref="Interpreter"/>.</summary>
public sealed class SignatureRunner
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

    public string Key => _sig.SignatureKey;
    public IReadOnlyList<string> InputNames => _sig.Inputs.Select(i => i.Name).ToArray();
    public IReadOnlyList<string> OutputNames => _sig.Outputs.Select(i => i.Name).ToArray();

    public LiteTensor GetInput(string name) => _executor.Tensors[Find(_sig.Inputs, name, "input")];
    public LiteTensor GetOutput(string name) => _executor.Tensors[Find(_sig.Outputs, name, "output")];

    public void ResizeInput(string name, ReadOnlySpan<int> shape)
    {
        int tensor = Find(_sig.Inputs, name, "input");
        int index = Array.IndexOf(_executor.InputIndices, tensor);
        var copy = shape.ToArray();
        _owner.Run(_executor, "ResizeInput", e => e.ResizeInput(index, copy));
    }

    public void AllocateTensors() => _owner.Run(_executor, "AllocateTensors", static e => e.Allocate());
    public void Invoke() => _owner.Run(_executor, "Invoke", _invoke);

    private int Find(IReadOnlyList<SignatureTensorDef> list, string name, string what)
    {
        foreach (var t in list)
            if (t.Name == name) return t.TensorIndex;
        throw new KeyNotFoundException($"signature {Names.Quote(Key)} has no {what} named {Names.Quote(name)}; it has: {string.Join(", ", list.Select(t => Names.Quote(t.Name)))}");
    }
}
