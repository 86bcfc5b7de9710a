namespace ManagedLite;

/// <summary>Mean time of one node per Invoke: its index in the model, operator name and first output.</summary>
public sealed record OperatorProfile(int NodeIndex, string Operator, string Output, double MeanMilliseconds);
