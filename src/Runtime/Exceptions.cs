using ManagedLite.Schema;

namespace ManagedLite;

/// <summary>An operator rejected its inputs, options or shapes (at preparation or while running).</summary>
public class OperatorException : Exception
{
    /// <summary>An operator error at node <paramref name="nodeIndex"/> (<paramref name="operatorName"/> v<paramref name="version"/>).</summary>
    public OperatorException(int nodeIndex, string operatorName, int version, string message)
        : base(ModelText.Message($"node {nodeIndex} ({operatorName} v{version}): {message}"))
    {
        NodeIndex = nodeIndex;
        OperatorName = operatorName;
        Version = version;
    }

    /// <summary>An operator error caused by <paramref name="inner"/>.</summary>
    public OperatorException(int nodeIndex, string operatorName, int version, string message, Exception inner)
        : base(ModelText.Message($"node {nodeIndex} ({operatorName} v{version}): {message}"), inner)
    {
        NodeIndex = nodeIndex;
        OperatorName = operatorName;
        Version = version;
    }

    /// <summary>Index of the node in its subgraph's operator list.</summary>
    public int NodeIndex { get; }
    /// <summary>Builtin operator code or custom operator name.</summary>
    public string OperatorName { get; }
    /// <summary>Operator version the model asks for.</summary>
    public int Version { get; }
}

/// <summary>One operator of a model that no registered kernel supports.</summary>
public sealed record UnsupportedOperator(int SubGraphIndex, int NodeIndex, string Name, int Version, bool IsCustom);

/// <summary>
/// A node of the main subgraph whose kernel refused it while preparing (its types, shapes or options), from
/// <see cref="Interpreter.FindPrepareFailures"/>: <paramref name="Message"/> is the <see cref="OperatorException"/>'s;
/// <paramref name="NotChecked"/> counts the later nodes that read its outputs (directly or further on) and so could not be prepared.
/// </summary>
public readonly record struct PrepareFailure(int NodeIndex, string Operator, string Message, int NotChecked);

/// <summary>The model uses operators that the op resolver lacks; all of them are listed.</summary>
public sealed class UnsupportedOperatorException : Exception
{
    /// <summary>Lists every operator in <paramref name="operators"/> in the message.</summary>
    public UnsupportedOperatorException(IReadOnlyList<UnsupportedOperator> operators)
        : base(ModelText.Message(BuildMessage(operators)))
    {
        Operators = operators;
    }

    /// <summary>The unsupported operators, in model order.</summary>
    public IReadOnlyList<UnsupportedOperator> Operators { get; }

    private static string BuildMessage(IReadOnlyList<UnsupportedOperator> ops)
    {
        var parts = ops.Select(o => $"{(o.IsCustom ? "custom op " : "")}{o.Name} v{o.Version} at node {o.NodeIndex}" +
                                    (o.SubGraphIndex != 0 ? $" of subgraph {o.SubGraphIndex}" : ""));
        return $"unsupported operator{(ops.Count == 1 ? "" : "s")}: " + string.Join(", ", parts);
    }
}

/// <summary>A caller used a tensor wrongly: wrong element type, wrong shape or size, or bad state.</summary>
public sealed class TensorException : Exception
{
    /// <summary>An error about the tensor named <paramref name="tensorName"/>.</summary>
    public TensorException(string tensorName, string message) : base(ModelText.Message($"tensor {ModelText.Quote(tensorName)}: {message}"))
    {
        TensorName = tensorName;
    }

    /// <summary>Name of the tensor at fault.</summary>
    public string TensorName { get; }
}

/// <summary>
/// A caller-set resource limit would be crossed (<see cref="InterpreterOptions.MaxMemoryBytes"/>,
/// <see cref="InterpreterOptions.MaxMacsPerInvoke"/>); raised before the memory is allocated or the work done.
/// </summary>
public sealed class ResourceLimitException : InvalidOperationException
{
    /// <summary>Creates the exception; <paramref name="limitName"/> is the option's name.</summary>
    public ResourceLimitException(string limitName, long requested, long limit, string message) : base(ModelText.Message(message))
    {
        LimitName = limitName;
        Requested = requested;
        Limit = limit;
    }

    /// <summary>The option that sets the limit, for example "MaxMemoryBytes".</summary>
    public string LimitName { get; }
    /// <summary>The amount the failed step asked for (bytes or multiply-adds).</summary>
    public long Requested { get; }
    /// <summary>The limit that would be crossed.</summary>
    public long Limit { get; }
}
