namespace ManagedLite.Schema.Verification;

/// <summary>
/// Caps the work done on one file. FlatBuffers lets many offsets point at the same object, so a small
/// crafted file can make a naive walk visit (and copy) the same large vector millions of times.
/// </summary>
internal sealed class WorkBudget(long units)
{
    private long _remaining = units;

    public static WorkBudget ForFile(int length) => new(16L * length + (1L << 20));

    public void Spend(long units, string where)
    {
        _remaining -= units;
        if (_remaining < 0)
            throw new ModelFormatException($"{where}: the model references the same data too many times (work limit exceeded); the file is malformed");
    }
}
