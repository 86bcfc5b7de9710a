namespace ManagedLite;

/// <summary>One class of a classifier's output: its index, label and (dequantized) score.</summary>
/// <param name="Index">Position in the output's last dimension.</param>
/// <param name="Label">Label from the labels file, or the index as text when the file has no line for it.</param>
/// <param name="Score">Score as the model computes it (dequantized for quantized outputs).</param>
public sealed record Category(int Index, string Label, float Score);
