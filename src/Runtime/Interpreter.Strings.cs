using ManagedLite.Schema;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite;

/// <summary>String graph inputs: written in TFLite's string layout into the input's own buffer (sized to the strings).</summary>
public sealed partial class Interpreter
{
    /// <summary>
    /// Sets string input <paramref name="inputIndex"/> to <paramref name="values"/>, one per element of its current shape
    /// (resize it first with <see cref="ResizeInputTensor(int, ReadOnlySpan{int})"/> for another count). The layout must
    /// fit ModelLimits.MaxTensorBytes (else <see cref="ResourceLimitException"/>) and the memory budget.
    /// </summary>
    public void SetInputStrings(int inputIndex, IReadOnlyList<byte[]> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        Enter("SetInputStrings");
        try
        {
            var inputs = _main.InputTensors;
            if ((uint)inputIndex >= (uint)inputs.Count)
                throw new ArgumentOutOfRangeException(nameof(inputIndex), inputIndex, $"the model has {inputs.Count} inputs");
            WriteStrings(inputs[inputIndex], values);
        }
        finally { Exit(); }
    }

    /// <summary>Writes <paramref name="values"/> into string input <paramref name="t"/>'s own buffer (checks as in SetInputStrings).</summary>
    internal void WriteStrings(LiteTensor t, IReadOnlyList<byte[]> values)
    {
        if (t.DataType != TensorType.String)
            throw new TensorException(t.Name, $"holds {TensorTypes.Name(t.DataType)} elements, not strings");
        if (values.Count != t.ElementCount)
            throw new TensorException(t.Name, $"shape [{string.Join(",", t.Shape.ToArray())}] has {t.ElementCount} elements, got {values.Count} strings (resize the input first)");
        for (int i = 0; i < values.Count; i++)
            if (values[i] is null) throw new ArgumentException($"string {i} is null", nameof(values));
        long size = Ref.StringBuffer.Size(values);
        long max = Model.Limits.MaxTensorBytes;
        if (size < 0 || size > max)
            throw new ResourceLimitException(nameof(ModelLimits.MaxTensorBytes), size < 0 ? long.MaxValue : size, max,
                $"tensor {ModelText.Quote(t.Name)}: {values.Count} strings take {(size < 0 ? "over 2 GiB" : size + " bytes")} as a string tensor, over ModelLimits.MaxTensorBytes ({max})");
        Ledger.Reserve(size - t.OwnBytes, $"string input {ModelText.Quote(t.Name)}");
        t.UseOwnStorage((int)size);
        t.IsDynamic = true;
        Ref.StringBuffer.Write(values, t.WritableBytes);
    }

    /// <summary>As <see cref="SetInputStrings(int, IReadOnlyList{byte[]})"/>, with the strings encoded as UTF-8.</summary>
    public void SetInputStrings(int inputIndex, IReadOnlyList<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        SetInputStrings(inputIndex, values.Select(v => System.Text.Encoding.UTF8.GetBytes(v ?? throw new ArgumentException("a string is null", nameof(values)))).ToArray());
    }

    /// <summary>As <see cref="SetInputStrings(int, IReadOnlyList{byte[]})"/>, by the input's tensor name.</summary>
    public void SetInputStrings(string name, IReadOnlyList<byte[]> values)
    {
        var t = _main.FindInput(name);
        SetInputStrings(IndexOfInput(t), values);
    }

    private int IndexOfInput(LiteTensor t)
    {
        var inputs = _main.InputTensors;
        for (int i = 0; i < inputs.Count; i++)
            if (ReferenceEquals(inputs[i], t)) return i;
        return -1;
    }
}
