using System.Collections.Concurrent;
using ManagedLite.Execution;

namespace ManagedLite.Weights;

/// <summary>
/// Identifies one piece of constant work of a node: the node (subgraph and operator index), the registration
/// that ran it (builtin registrations are process-wide singletons, so interpreters with equivalent resolvers
/// share entries), and a detail key with value equality that captures everything the result depends on
/// (for example the microkernel and the filter shape of a packed convolution).
/// </summary>
internal readonly record struct WeightKey(int Subgraph, int Node, OpRegistration Registration, object Detail);

/// <summary>
/// Constant work done once per <see cref="Model"/> and shared, read-only, by all its interpreters (XNNPACK's weight
/// cache, but in-process): folded constants, dequantized and densified weights, packed GEMM/convolution weights.
/// Thread-safe; each entry is built by exactly one thread, the others wait for it. A build that fails is not
/// cached (the next interpreter tries again, possibly under a larger memory budget).
/// </summary>
internal sealed class WeightCache
{
    private sealed class Entry
    {
        public object? Value;
        public long Bytes;
        public Exception? Failure;
        public readonly object Gate = new();
        public bool Done;
    }

    private readonly ConcurrentDictionary<WeightKey, Entry> _entries = new();
    private long _bytes;

    /// <summary>Bytes held by all entries.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);
    public int Count => _entries.Count;

    /// <summary>
    /// The cached value of <paramref name="key"/>, built by <paramref name="create"/> on first use. The bytes of a
    /// new entry are reserved on <paramref name="ledger"/> (the budget of the interpreter that builds it).
    /// </summary>
    public T GetOrCreate<T>(WeightKey key, Func<T> create, Func<T, long> sizeOf, MemoryLedger ledger, string what) where T : class?
    {
        while (true)
        {
            var entry = _entries.GetOrAdd(key, static _ => new Entry());
            lock (entry.Gate)
            {
                if (entry.Done)
                {
                    if (entry.Value is null || entry.Value is T) return (T)entry.Value!;
                    throw new InvalidOperationException($"weight cache entry {key.Detail} holds {entry.Value?.GetType().Name}, not {typeof(T).Name}");
                }
                if (entry.Failure is not null)
                {
                    // A failed build was removed from the dictionary; this is a stale reference: start over.
                    continue;
                }
                try
                {
                    var value = create();
                    long bytes = sizeOf(value);
                    ledger.Reserve(bytes, what);
                    entry.Value = value;
                    entry.Bytes = bytes;
                    entry.Done = true;
                    Interlocked.Add(ref _bytes, bytes);
                    return value;
                }
                catch (Exception e)
                {
                    entry.Failure = e;
                    _entries.TryRemove(new KeyValuePair<WeightKey, Entry>(key, entry));
                    throw;
                }
            }
        }
    }

    /// <summary>Size of primitive arrays and of <see cref="ISharedWeights"/>, for <see cref="GetOrCreate"/>.</summary>
    public static long SizeOf(object? value) => value switch
    {
        ISharedWeights s => s.Bytes,
        Half[] h => 2L * h.Length,
        byte[][] jagged => jagged.Sum(x => (long)(x?.Length ?? 0)),
        Array a when a.GetType().GetElementType()!.IsPrimitive => Buffer.ByteLength(a),
        _ => 0,
    };
}

/// <summary>A shared weight object that knows its size in bytes (for reports and the memory budget).</summary>
public interface ISharedWeights
{
    /// <summary>Bytes the object holds.</summary>
    long Bytes { get; }
}
