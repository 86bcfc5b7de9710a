using BenchmarkDotNet.Running;

namespace ManagedLite.Bench;

public static class Program
{
    // dotnet run -c Release --project bench -- --filter '*'
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
