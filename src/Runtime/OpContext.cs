using ManagedLite.Kernels.Threading;
using ManagedLite.Schema;

namespace ManagedLite;

/// <summary>
/// What a kernel sees of its node: inputs, outputs, options, scratch and settings. One per node of an interpreter;
/// used on the thread running that interpreter.
/// </summary>
public sealed class OpContext
{
    private readonly LiteTensor?[] _inputs;
    private readonly LiteTensor[] _outputs;
    private ActivationFunctionType _extraActivation;
    private readonly List<int> _scratchSizes = new();
    private readonly List<(byte[] Array, int Offset)> _scratch = new();

    internal OpContext(int nodeIndex, BuiltinOperator op, string? customCode, int version, OperatorDef def,
                       LiteTensor?[] inputs, LiteTensor[] outputs, int threads)
    {
        NodeIndex = nodeIndex;
        Operator = op;
        CustomCode = customCode;
        Version = version;
        Definition = def;
        _inputs = inputs;
        _outputs = outputs;
        Threads = threads;
    }

    /// <summary>Index of the node in its subgraph.</summary>
    public int NodeIndex { get; }
    /// <summary>Builtin code of the operator (<see cref="BuiltinOperator.CUSTOM"/> for custom operators).</summary>
    public BuiltinOperator Operator { get; }
    /// <summary>Name of a custom operator, null for builtins.</summary>
    public string? CustomCode { get; }
    /// <summary>Operator version the model asks for.</summary>
    public int Version { get; }
    /// <summary>The custom name or the builtin code, for messages.</summary>
    public string OperatorName => CustomCode ?? Operator.ToString();
    internal OperatorDef Definition { get; }
    /// <summary>Threads of the interpreter (<see cref="InterpreterOptions.Threads"/>).</summary>
    public int Threads { get; }
    /// <summary>Runs parallel work on the interpreter's threads (inline when Threads is 1).</summary>
    public ParallelRunner Parallel { get; internal set; } = ParallelRunner.Serial;
    internal bool InPrepare { get; set; }
    /// <summary>ModelLimits.MaxTensorBytes of the model: no output may be resized beyond it.</summary>
    internal long MaxTensorBytes { get; set; } = long.MaxValue;
    /// <summary>The interpreter that owns this node (null only for contexts built outside an interpreter).</summary>
    internal Interpreter? Interpreter { get; init; }
    internal int SubgraphIndex { get; init; }
    /// <summary>The tensors of the node's subgraph, for quantization parameters held in other tensors (blockwise scales).</summary>
    internal LiteTensor[] GraphTensors { get; init; } = [];
    internal Execution.ExecNode? Node { get; set; }

    /// <summary>Number of inputs of the node (including omitted optional ones).</summary>
    public int InputCount => _inputs.Length;
    /// <summary>Number of outputs of the node.</summary>
    public int OutputCount => _outputs.Length;

    /// <summary>Input <paramref name="i"/>; an omitted or missing input is an error.</summary>
    public LiteTensor Input(int i)
    {
        if ((uint)i >= (uint)_inputs.Length)
            throw Fail($"expected at least {i + 1} inputs, got {_inputs.Length}");
        return _inputs[i] ?? throw Fail($"input {i} is required but omitted");
    }

    /// <summary>Input <paramref name="i"/>, or null when it is omitted (-1) or beyond the input count.</summary>
    public LiteTensor? OptionalInput(int i) => (uint)i < (uint)_inputs.Length ? _inputs[i] : null;

    /// <summary>Output <paramref name="i"/>.</summary>
    public LiteTensor Output(int i)
    {
        if ((uint)i >= (uint)_outputs.Length)
            throw Fail($"expected at least {i + 1} outputs, got {_outputs.Length}");
        return _outputs[i];
    }

    /// <summary>Parses the builtin options of this node.</summary>
    public T GetOptions<T>() where T : IBuiltinOptions<T> => Definition.GetOptions<T>();

    /// <summary>The custom options bytes (FlexBuffers for most custom operators; empty when absent).</summary>
    public ReadOnlySpan<byte> CustomOptions => Definition.CustomOptions.Span;

    /// <summary>
    /// Sets the shape of output <paramref name="i"/>: in Prepare, or in Eval for an output marked with
    /// <see cref="MarkOutputDynamic"/> (its buffer is then (re)allocated outside the arena, reused while it does not grow).
    /// </summary>
    public void ResizeOutput(int i, ReadOnlySpan<int> shape)
    {
        var t = Output(i);
        long bytes = Math.Max(1, TensorTypes.ElementSize(t.DataType));
        bool over = false;
        foreach (int d in shape)
        {
            if (d < 0) throw Fail($"output {i} ({ModelText.Quote(t.Name)}) would get negative dimension in [{string.Join(",", shape.ToArray())}]");
            if (d == 0) continue; // an empty tensor still gets strides from its other dimensions
            if (!over && bytes > MaxTensorBytes / d) over = true;
            else if (!over) bytes *= d;
        }
        // Checked here so that no later Prepare multiplies out a shape beyond what can be allocated.
        if (over)
            throw Fail($"output {i} ({ModelText.Quote(t.Name)}) of shape [{string.Join(",", shape.ToArray())}] would be over ModelLimits.MaxTensorBytes ({MaxTensorBytes})");
        bool same = t.Shape.SequenceEqual(shape);
        if (t.IsVariable && !same)
            throw Fail($"output {i} ({ModelText.Quote(t.Name)}) is a variable tensor of shape [{string.Join(",", t.Shape.ToArray())}]; it cannot be rewritten with shape [{string.Join(",", shape.ToArray())}]");
        if (InPrepare)
        {
            if (!same) t.SetShape(shape.ToArray());
            return;
        }
        if (!t.IsDynamic)
        {
            if (same) return;
            throw Fail($"output {i} ({ModelText.Quote(t.Name)}) can only be resized in Prepare (or marked dynamic there with MarkOutputDynamic)");
        }
        if (!same) t.SetShape(shape.ToArray());
        // The work of filling a dynamic output was not known at Prepare: charge it to the invoke's budget now.
        if (Interpreter is not null) Interpreter.Control.ChargeWork(t.ElementCount, SubgraphIndex, Node);
        if (Interpreter is not null && Node is not null) Interpreter.EnsureOwnStorage(SubgraphIndex, t, Node);
        else t.UseOwnStorage(checked((int)Math.Max(0, t.RequiredBytes())));
    }

    /// <summary>
    /// In Prepare: output <paramref name="i"/>'s shape depends on input values not known until Eval (a shape
    /// input that is not constant, data-dependent sizes). Its memory then lives outside the arena, and Eval must
    /// call <see cref="ResizeOutput"/> before writing it. Nodes that read it are prepared again before each Eval.
    /// </summary>
    public void MarkOutputDynamic(int i)
    {
        if (!InPrepare) throw Fail("outputs can only be marked dynamic in Prepare");
        var t = Output(i);
        if (t.IsVariable) throw Fail($"output {i} ({ModelText.Quote(t.Name)}) is a variable tensor and cannot be dynamic");
        t.IsDynamic = true;
    }

    /// <summary>
    /// Constant work of this node shared by every interpreter of the model (packed weights, tables):
    /// built once by <paramref name="create"/> and cached on the model under this node and <paramref name="key"/>,
    /// which must have value equality and capture everything the result depends on. Use it only for results
    /// computed from constant tensors. The result must not be modified afterwards.
    /// </summary>
    public T GetSharedWeights<T>(object key, Func<T> create) where T : class? =>
        GetSharedWeights(key, create, v => Weights.WeightCache.SizeOf(v));

    /// <summary>As <see cref="GetSharedWeights{T}(object, Func{T})"/>, with the size in bytes of the result for memory reports and the budget.</summary>
    public T GetSharedWeights<T>(object key, Func<T> create, Func<T, long> sizeOf) where T : class?
    {
        ArgumentNullException.ThrowIfNull(key);
        if (Interpreter is null || Node is null) return create();
        var wkey = new Weights.WeightKey(SubgraphIndex, NodeIndex, Node.Registration, key);
        return Interpreter.Model.Weights.GetOrCreate(wkey, create, sizeOf, Interpreter.Ledger,
            $"shared weights of node {NodeIndex} ({OperatorName})");
    }

    /// <summary>Requests a scratch buffer of <paramref name="bytes"/> bytes for Eval (in Prepare); returns its handle.</summary>
    public int RequestScratch(int bytes)
    {
        if (!InPrepare) throw Fail("scratch can only be requested in Prepare");
        if (bytes < 0) throw Fail($"negative scratch size {bytes}");
        _scratchSizes.Add(bytes);
        return _scratchSizes.Count - 1;
    }

    /// <summary>The scratch buffer of <paramref name="handle"/> (in Eval).</summary>
    public Span<byte> GetScratch(int handle)
    {
        var (array, offset) = _scratch[handle];
        return new Span<byte>(array, offset, _scratchSizes[handle]);
    }

    internal IReadOnlyList<int> ScratchSizes => _scratchSizes;
    internal void ClearScratchRequests() { _scratchSizes.Clear(); _scratch.Clear(); }
    internal void SetScratch(int handle, byte[] array, int offset)
    {
        while (_scratch.Count <= handle) _scratch.Add((Array.Empty<byte>(), 0));
        _scratch[handle] = (array, offset);
    }

    /// <summary>
    /// Float clamp range of the node's output: the options' fused activation combined with any activation
    /// node fused into this one by the activation-fusion pass. Kernels registered with
    /// <see cref="OpTraits.AcceptsFusedActivation"/> must use it.
    /// </summary>
    public (float Min, float Max) ActivationRange(ActivationFunctionType fromOptions)
    {
        var (lo, hi) = Ops.OpHelpers.FloatActivationRange(fromOptions);
        if (_extraActivation != ActivationFunctionType.None)
        {
            var (lo2, hi2) = Ops.OpHelpers.FloatActivationRange(_extraActivation);
            lo = MathF.Max(lo, lo2);
            hi = MathF.Min(hi, hi2);
        }
        return (lo, hi);
    }

    internal void AddFusedActivation(ActivationFunctionType act) => _extraActivation = act;

    /// <summary>
    /// A tensor of the output's shape that a kernel with <see cref="OpTraits.AcceptsResidualAdd"/> adds to its clamped
    /// output, clamping the sum by <see cref="ResidualRange"/> (a residual ADD folded into it); null when none.
    /// </summary>
    public LiteTensor? Residual { get; private set; }

    /// <summary>Clamp range of the sum with <see cref="Residual"/> (the folded ADD's activation).</summary>
    public (float Min, float Max) ResidualRange { get; private set; } = (float.NegativeInfinity, float.PositiveInfinity);

    internal void FuseResidual(LiteTensor residual, float min, float max)
    {
        Residual = residual;
        ResidualRange = (min, max);
    }

    /// <summary>
    /// True when a kernel with <see cref="OpTraits.AcceptsInputMultiply"/> multiplies its float32 result by its input 0
    /// and clamps the product by <see cref="InputMultiplyRange"/> (a MUL of its output by its input folded into it:
    /// LOGISTIC then computes SiLU, x * sigmoid(x)). Output 0 is then the MUL's output.
    /// </summary>
    public bool MultipliesByInput { get; private set; }

    /// <summary>Clamp range of the product with the input (the folded MUL's activation range).</summary>
    public (float Min, float Max) InputMultiplyRange { get; private set; } = (float.NegativeInfinity, float.PositiveInfinity);

    internal void FuseInputMultiply(float min, float max)
    {
        MultipliesByInput = true;
        InputMultiplyRange = (min, max);
    }

    /// <summary>
    /// Extra explicit zero padding (top, left, bottom, right) of input 0's height and width that a kernel with
    /// <see cref="OpTraits.AcceptsExplicitPadding"/> adds to its own (a PAD folded into it); all zero when none.
    /// Input 0 is then the unpadded tensor.
    /// </summary>
    public (int Top, int Left, int Bottom, int Right) ExtraPadding { get; private set; }

    internal void FusePadding(int top, int left, int bottom, int right) => ExtraPadding = (top, left, bottom, right);

    internal void ReplaceInput(int i, LiteTensor t) => _inputs[i] = t;

    internal ActivationFunctionType ExtraActivation => _extraActivation;

    internal void ReplaceOutput(int i, LiteTensor t) => _outputs[i] = t;

    internal OperatorException Wrap(Exception ex) =>
        new(NodeIndex, OperatorName, Version, $"{ex.GetType().Name}: {ex.Message}", ex);

    /// <summary>An exception naming this node; use as <c>throw context.Fail("...")</c>.</summary>
    public OperatorException Fail(string message) => new(NodeIndex, OperatorName, Version, message);

    internal IReadOnlyList<LiteTensor?> Inputs => _inputs;

    internal LiteTensor?[] IntermediateTensors { get; set; } = Array.Empty<LiteTensor?>();

    /// <summary>Intermediate tensor <paramref name="i"/> of the operator (quantization carriers of LSTMs), or null.</summary>
    public LiteTensor? Intermediate(int i) => (uint)i < (uint)IntermediateTensors.Length ? IntermediateTensors[i] : null;
    internal IReadOnlyList<LiteTensor> Outputs => _outputs;
}
