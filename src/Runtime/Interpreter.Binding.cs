using System.Runtime.CompilerServices;

namespace ManagedLite;

/// <summary>Caller-owned buffers as graph inputs and outputs (ONNX Runtime's CreateTensorValueFromMemory, TFLite's custom allocation).</summary>
public sealed partial class Interpreter
{
    /// <summary>
    /// Binds caller-owned memory as graph input <paramref name="inputIndex"/>: kernels read it in place, with no copy, on
    /// every following Invoke, so writing new values into <paramref name="memory"/> between calls is enough. The memory
    /// is pinned until <see cref="Unbind"/>, a new binding of the same tensor, or Dispose; it must hold exactly the
    /// tensor's element count of <typeparamref name="T"/> (its type must match), and must not change during Invoke.
    /// After a resize to another size, Invoke fails with a <see cref="TensorException"/> until memory of the new size is bound.
    /// </summary>
    public void BindInput<T>(int inputIndex, Memory<T> memory) where T : unmanaged =>
        Bind(_main.InputTensors, inputIndex, "input", memory);

    /// <summary>As <see cref="BindInput{T}(int, Memory{T})"/>, by the input's tensor name.</summary>
    public void BindInput<T>(string name, Memory<T> memory) where T : unmanaged =>
        BindInput(IndexOf(_main.InputTensors, _main.FindInput(name)), memory);

    /// <summary>
    /// Binds caller-owned memory as graph output <paramref name="outputIndex"/>: the producing kernel writes into it
    /// directly where the output is computed during Invoke (no copy); an output the runtime keeps elsewhere (computed
    /// once at preparation, or whose shape is known only at run time) is copied into it after each Invoke. Same rules as
    /// <see cref="BindInput{T}(int, Memory{T})"/>; binding allocates the tensors first so that the size is known.
    /// </summary>
    public void BindOutput<T>(int outputIndex, Memory<T> memory) where T : unmanaged =>
        Bind(_main.OutputTensors, outputIndex, "output", memory);

    /// <summary>As <see cref="BindOutput{T}(int, Memory{T})"/>, by the output's tensor name.</summary>
    public void BindOutput<T>(string name, Memory<T> memory) where T : unmanaged =>
        BindOutput(IndexOf(_main.OutputTensors, _main.FindOutput(name)), memory);

    /// <summary>Releases every binding: inputs and outputs use the interpreter's own memory again (their values are not kept).</summary>
    public void Unbind()
    {
        Enter("Unbind");
        try
        {
            foreach (var t in _main.InputTensors) t.Unbind();
            foreach (var t in _main.OutputTensors) t.Unbind();
        }
        finally { Exit(); }
    }

    private void Bind<T>(IReadOnlyList<LiteTensor> tensors, int index, string what, Memory<T> memory) where T : unmanaged
    {
        Enter("Bind");
        try
        {
            if ((uint)index >= (uint)tensors.Count)
                throw new ArgumentOutOfRangeException(what + "Index", index, $"the model has {tensors.Count} {what}(s)");
            if (!_main.IsAllocated) _main.Allocate();
            var t = tensors[index];
            t.CheckType<T>();
            long bytes = (long)memory.Length * Unsafe.SizeOf<T>();
            if (bytes != t.ByteLength)
                throw new TensorException(t.Name, $"{what} {index} of shape [{string.Join(",", t.Shape.ToArray())}] needs {t.ElementCount} elements of {TensorTypes.Name(t.DataType)}, the memory holds {memory.Length}");
            t.Bind(memory.Pin(), (int)bytes);
        }
        finally { Exit(); }
    }

    private static int IndexOf(IReadOnlyList<LiteTensor> tensors, LiteTensor t)
    {
        for (int i = 0; i < tensors.Count; i++)
            if (ReferenceEquals(tensors[i], t)) return i;
        return -1;
    }

    private void CopyBoundOutputs()
    {
        var outputs = _main.OutputTensors;
        for (int i = 0; i < outputs.Count; i++) outputs[i].CopyToBound();
    }

    /// <summary>Before Invoke: every bound tensor's memory still fits its (possibly resized) shape.</summary>
    private void CheckBindings()
    {
        if (!_main.IsAllocated) _main.Allocate();
        var inputs = _main.InputTensors;
        for (int i = 0; i < inputs.Count; i++) inputs[i].CheckBoundSize();
        var outputs = _main.OutputTensors;
        for (int i = 0; i < outputs.Count; i++) outputs[i].CheckBoundSize();
    }
}
