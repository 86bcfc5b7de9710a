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

    /// <summary>
    /// A static hash table (TFLite's resource::internal::StaticHashtable): int64 keys to string values or string keys
    /// to int64 values, filled by its first HASHTABLE_IMPORT only; later imports change nothing.
    /// </summary>
    internal sealed class Hashtable
    {
        public required Schema.TensorType KeyType;
        public required Schema.TensorType ValueType;
        public readonly Dictionary<long, byte[]> ByInt64 = new();
        public readonly Dictionary<string, long> ByString = new(StringComparer.Ordinal);
        public bool Initialized;
        public int Count => KeyType == Schema.TensorType.Int64 ? ByInt64.Count : ByString.Count;
    }

    private readonly Dictionary<int, Hashtable> _tables = new();

    /// <summary>The table with id <paramref name="id"/> (HASHTABLE's table_id), created with these types on first use.</summary>
    public Hashtable GetOrCreateTable(int id, Schema.TensorType key, Schema.TensorType value)
    {
        if (!_tables.TryGetValue(id, out var t)) _tables[id] = t = new Hashtable { KeyType = key, ValueType = value };
        return t;
    }

    public Hashtable? FindTable(int id) => _tables.GetValueOrDefault(id);

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
