namespace ManagedLite.Execution;

/// <summary>
/// Resource variables of one interpreter (TFLite's resource::ResourceVariable), named by VAR_HANDLE's
/// (container, shared_name) and shared by every subgraph that names them; plus the CALL_ONCE flags. They live as
/// long as the interpreter; <see cref="Interpreter.ResetVariableTensors"/> clears them.
/// </summary>
internal sealed class ResourceVariables
{
    /// <summary>The value of one resource variable: type, shape and bytes (null until first assigned).</summary>
    internal sealed class Variable
    {
        public Schema.TensorType Type;
        public int[] Shape = [];
        public byte[]? Data;
        public int Length;
    }

    private readonly Dictionary<(string Container, string Name), int> _ids = new();
    private readonly List<Variable> _variables = new();
    private readonly HashSet<(int Subgraph, int Node)> _calledOnce = new();

    /// <summary>The id of the variable named (<paramref name="container"/>, <paramref name="name"/>), created on first use.</summary>
    public int GetOrCreate(string container, string name)
    {
        if (_ids.TryGetValue((container, name), out int id)) return id;
        id = _variables.Count;
        _variables.Add(new Variable());
        _ids[(container, name)] = id;
        return id;
    }

    public Variable? Find(int id) => (uint)id < (uint)_variables.Count ? _variables[id] : null;

    public bool HasBeenCalled(int subgraph, int node) => _calledOnce.Contains((subgraph, node));

    /// <summary>Marks a CALL_ONCE node as done (after its init subgraph succeeded).</summary>
    public void MarkCalled(int subgraph, int node) => _calledOnce.Add((subgraph, node));

    /// <summary>Forgets every value (ids stay valid: VAR_HANDLE outputs keep naming the same variables) and the CALL_ONCE flags.</summary>
    public void Reset(MemoryLedger ledger)
    {
        foreach (var v in _variables)
        {
            ledger.Release(v.Data?.Length ?? 0);
            v.Data = null;
            v.Shape = [];
            v.Length = 0;
        }
        _calledOnce.Clear();
    }
}
