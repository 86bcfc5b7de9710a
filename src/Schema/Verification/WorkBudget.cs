namespace ManagedLite.Schema.Verification;

/// <summary>
/// Caps the work and memory that reading one file may cost. FlatBuffers lets any number of offsets point at one
/// table, string or vector, so a small crafted file can make a naive reader decode (and keep) the same large object
/// once per reference: 600 tensor entries sharing one tensor with a 4 MiB name cost 4.8 GB that way.
/// </summary>
/// <remarks>
/// The reader defends on two fronts. It decodes each shared object once, by absolute position (strings, vectors,
/// quantization, sparsity, tensor, operator and subgraph tables, options), so that sharing is free; and it charges
/// this budget for everything it still does per reference or per object: one unit per byte it allocates for model
/// content (strings at 2 bytes a character, arrays at their element size, records and cache entries at a fixed
/// <see cref="ObjectCost"/>), one unit per table field the verifier visits and one per index it checks.
/// A file of L bytes gets <see cref="UnitsPerFileByte"/> x L + <see cref="FixedUnits"/> units, so reading it allocates
/// at most about that many bytes for the model; with the reader's own bookkeeping the total stays below
/// <see cref="AllocationBoundPerFileByte"/> x L + <see cref="AllocationBoundFixed"/> bytes, which the tests check
/// (GC-counted allocation around <see cref="ModelReader.Read"/>) on crafted sharing files. Constant buffer data is
/// never copied (it is a slice of the file), so ordinary models use a small part of the budget.
/// </remarks>
internal sealed class WorkBudget(long units)
{
    /// <summary>Units granted per byte of the file.</summary>
    public const long UnitsPerFileByte = 32;
    /// <summary>Units granted to every file, whatever its size (room for small models' fixed costs).</summary>
    public const long FixedUnits = 1L << 20;
    /// <summary>Units charged for one record, array header or cache entry besides its payload.</summary>
    public const int ObjectCost = 48;
    /// <summary>The bound on bytes allocated while reading, per byte of the file, that the tests enforce.</summary>
    public const long AllocationBoundPerFileByte = 64;
    /// <summary>The fixed part of that bound.</summary>
    public const long AllocationBoundFixed = 4L << 20;

    private long _remaining = units;

    public static WorkBudget ForFile(int length) => new(UnitsPerFileByte * length + FixedUnits);

    /// <summary>Units left.</summary>
    public long Remaining => _remaining;

    public void Spend(long units, string where)
    {
        _remaining -= units;
        if (_remaining < 0)
            throw new ModelFormatException($"{where}: the model references the same data too many times (work limit exceeded: reading it would cost more than {UnitsPerFileByte} x its size); the file is malformed");
    }

    /// <summary>As <see cref="Spend(long, string)"/>, building the location only when the budget runs out.</summary>
    public void Spend<TState>(long units, TState state, Func<TState, string> where)
    {
        _remaining -= units;
        if (_remaining < 0)
            Spend(0, where(state));
    }
}
