namespace ManagedLite;

// SKELETON: the public surface; implementation in progress.
public sealed class Interpreter : IDisposable
{
    public Interpreter(Model model, InterpreterOptions? options = null) => throw new NotImplementedException();
    public IReadOnlyList<Tensor> Inputs => throw new NotImplementedException();
    public IReadOnlyList<Tensor> Outputs => throw new NotImplementedException();
    public void ResizeInputTensor(int inputIndex, ReadOnlySpan<int> shape) => throw new NotImplementedException();
    public void AllocateTensors() => throw new NotImplementedException();
    public void Invoke() => throw new NotImplementedException();
    public long ArenaBytes => throw new NotImplementedException();
    public void Dispose() { }
}
