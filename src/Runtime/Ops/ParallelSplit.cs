namespace ManagedLite.Ops;

/// <summary>
/// How a node whose output splits into independent units (elements, rows) shares them among the interpreter's
/// threads. The task count is chosen once at Prepare: one task per thread at most, and only as many as keep at
/// least the minimum work each, so a small node stays on the calling thread (a dispatch costs a few microseconds).
/// Split points are pure functions of the unit count and task count, and kernels given a range compute exactly
/// what the whole run computes there, so results are the same bits for any number of threads.
/// </summary>
internal static class ParallelSplit
{
    /// <summary>
    /// Tasks for <paramref name="units"/> units of <paramref name="workPerUnit"/> work each: at most
    /// <paramref name="concurrency"/>, each with at least <paramref name="minWorkPerTask"/> work and
    /// <paramref name="alignment"/> units; 1 when that leaves no second task.
    /// </summary>
    public static int Tasks(int concurrency, long units, long workPerUnit, long minWorkPerTask, int alignment = 1)
    {
        if (concurrency <= 1 || units <= 0) return 1;
        long byWork = OpWork.Mul(units, Math.Max(1, workPerUnit)) / Math.Max(1, minWorkPerTask);
        long byUnits = units / Math.Max(1, alignment);
        return (int)Math.Max(1, Math.Min(concurrency, Math.Min(byWork, byUnits)));
    }

    /// <summary>
    /// First unit of task <paramref name="task"/> of <paramref name="tasks"/> (the end of the last one when
    /// <paramref name="task"/> == <paramref name="tasks"/>): an even share, rounded down to a multiple of
    /// <paramref name="alignment"/>. Task t covers [Start(t), Start(t + 1)).
    /// </summary>
    public static int Start(int units, int task, int tasks, int alignment = 1)
    {
        if (task >= tasks) return units;
        long even = (long)units * task / tasks;
        return (int)(even - even % Math.Max(1, alignment));
    }
}
