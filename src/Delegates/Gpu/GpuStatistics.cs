namespace ManagedLite.Delegates.Gpu;

/// <summary>
/// Time spent by the GPU delegate, summed over its partition kernels (one per delegated partition of each
/// interpreter). Host-device copies are the partition inputs uploaded and outputs downloaded at every Invoke;
/// kernel time is from the first launch to the device finishing the partition's work.
/// </summary>
public sealed record GpuDelegateStatistics(
    string Accelerator,
    long Invokes,
    double UploadMilliseconds,
    double DownloadMilliseconds,
    double KernelMilliseconds,
    long UploadBytes,
    long DownloadBytes,
    double CompileMilliseconds,
    long WeightBytes,
    IReadOnlyList<GpuPartitionStatistics> Partitions)
{
    /// <summary>Host-to-device plus device-to-host copy time.</summary>
    public double CopyMilliseconds => UploadMilliseconds + DownloadMilliseconds;
}

/// <summary>Time spent by one partition kernel (one delegated partition of one interpreter), summed over its invokes.</summary>
public sealed record GpuPartitionStatistics(
    int Id,
    int FirstNode,
    int NodeCount,
    long Invokes,
    double UploadMilliseconds,
    double DownloadMilliseconds,
    double KernelMilliseconds,
    long UploadBytes,
    long DownloadBytes,
    long DeviceBytes,
    long WeightBytes,
    IReadOnlyList<(int Node, string Operator, double Milliseconds)>? NodeMilliseconds)
{
    public double CopyMilliseconds => UploadMilliseconds + DownloadMilliseconds;
}
