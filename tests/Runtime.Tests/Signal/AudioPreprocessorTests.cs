using System.Runtime.InteropServices;
using ManagedLite.IO;
using ManagedLite.Ops;
using ManagedLite.Schema;
using ManagedLite.Tests;
using Xunit;
using Xunit.Abstractions;

namespace ManagedLite.Runtime.Tests.Signal;

/// <summary>
/// The audio_preprocessor models of ../shared/conformance (TFLite Micro signal ops) against TFLite Micro's
/// reference outputs. The CAST kernel of the runtime does not yet convert uint32 (the models cast the
/// energies uint32 -> int32 -> uint32), so these tests put a test-only CAST in front of the builtin one; the
/// signal ops and every other op are the runtime's own. Exact match is required for both models (the signal ops
/// are integer; the float model only casts and scales their int16 result).
/// </summary>
public class AudioPreprocessorTests
{
    private readonly ITestOutputHelper _out;

    public AudioPreprocessorTests(ITestOutputHelper output) => _out = output;

    /// <summary>../shared/conformance, or $MANAGEDLITE_CONFORMANCE when set (for worktrees without the sibling folder).</summary>
    internal static string? ConformanceRoot()
    {
        string? env = Environment.GetEnvironmentVariable("MANAGEDLITE_CONFORMANCE");
        if (!string.IsNullOrEmpty(env) && Directory.Exists(env)) return env;
        return TestPaths.Conformance;
    }

    internal static Interpreter CreateInterpreter(string modelPath, bool preserve = false, bool reference = false)
    {
        var resolver = new OpResolver();
        resolver.AddBuiltin(BuiltinOperator.CAST, () => new TestCastOp());
        if (modelPath.Contains("int8", StringComparison.Ordinal))
        {
            // The int8 model's post-processing is int32 arithmetic, which the runtime's elementwise kernels do
            // not support yet either.
            resolver.AddBuiltin(BuiltinOperator.ADD, () => new TestInt32BinaryOp((a, b) => a + b));
            resolver.AddBuiltin(BuiltinOperator.MUL, () => new TestInt32BinaryOp((a, b) => a * b));
            resolver.AddBuiltin(BuiltinOperator.DIV, () => new TestInt32BinaryOp((a, b) => a / b));
            resolver.AddBuiltin(BuiltinOperator.MINIMUM, () => new TestInt32BinaryOp(Math.Min));
            resolver.AddBuiltin(BuiltinOperator.MAXIMUM, () => new TestInt32BinaryOp(Math.Max));
        }
        BuiltinOps.RegisterAll(resolver);
        var options = new InterpreterOptions { OpResolver = resolver, PreserveAllTensors = preserve, UseReferenceKernels = reference };
        return new Interpreter(Model.FromFile(modelPath), options);
    }

    [SkippableTheory]
    [InlineData("audio_preprocessor_float", false)]
    [InlineData("audio_preprocessor_int8", false)]
    [InlineData("audio_preprocessor_float", true)]
    [InlineData("audio_preprocessor_int8", true)]
    public void MatchesTfliteMicro(string name, bool reference)
    {
        string? root = ConformanceRoot();
        Skip.If(root is null, "../shared/conformance is absent");
        string dir = Path.Combine(root!, "references", name);
        var input = NpyArray.Read(Path.Combine(dir, "input_0.npy"));
        var want = NpyArray.Read(Path.Combine(dir, "output_0.npy"));
        using var interp = CreateInterpreter(Path.Combine(root!, "models", name + ".tflite"), reference: reference);
        interp.AllocateTensors();
        input.Data.CopyTo(interp.Inputs[0].WritableBytes);
        interp.Invoke();
        var got = NpyArray.FromTensor(interp.Outputs[0]);
        Assert.Equal(want.Type, got.Type);
        Assert.Equal(want.Shape, got.Shape);
        int diffs = 0;
        for (int i = 0; i < want.Data.Length; i++) if (want.Data[i] != got.Data[i]) diffs++;
        _out.WriteLine($"{name}: {diffs} differing bytes of {want.Data.Length}");
        Assert.Equal(want.Data, got.Data);
    }

    [SkippableFact]
    public void NoiseEstimateCarriesAcrossInvokes()
    {
        string? root = ConformanceRoot();
        Skip.If(root is null, "../shared/conformance is absent");
        string model = Path.Combine(root!, "models", "audio_preprocessor_int8.tflite");
        var input = NpyArray.Read(Path.Combine(root!, "references", "audio_preprocessor_int8", "input_0.npy"));
        using var interp = CreateInterpreter(model);
        interp.AllocateTensors();
        input.Data.CopyTo(interp.Inputs[0].WritableBytes);
        interp.Invoke();
        var first = interp.Outputs[0].RawBytes.ToArray();
        interp.Invoke();
        var second = interp.Outputs[0].RawBytes.ToArray();
        // Same frame twice: the second sees a larger noise estimate, so spectral subtraction removes more.
        Assert.NotEqual(first, second);

        using var fresh = CreateInterpreter(model);
        fresh.AllocateTensors();
        input.Data.CopyTo(fresh.Inputs[0].WritableBytes);
        fresh.Invoke();
        Assert.Equal(first, fresh.Outputs[0].RawBytes.ToArray());
    }

    /// <summary>Test-only int32 binary op, second operand a scalar or of the same shape, no activation.</summary>
    private sealed class TestInt32BinaryOp(Func<int, int, int> f) : IOpKernel
    {
        public void Prepare(OpContext context)
        {
            if (context.Input(0).DataType != TensorType.Int32) throw context.Fail("test shim: int32 only");
            context.ResizeOutput(0, context.Input(0).Shape);
        }

        public void Eval(OpContext context)
        {
            var a = context.Input(0).GetData<int>();
            var b = context.Input(1).GetData<int>();
            var y = context.Output(0).GetWritableData<int>();
            for (int i = 0; i < y.Length; i++) y[i] = f(a[i], b[b.Length == 1 ? 0 : i]);
        }
    }

    /// <summary>Test-only CAST with C static_cast semantics between the integer types and float32.</summary>
    private sealed class TestCastOp : IOpKernel
    {
        public void Prepare(OpContext context) => context.ResizeOutput(0, context.Input(0).Shape);

        public void Eval(OpContext context)
        {
            var input = context.Input(0);
            var output = context.Output(0);
            int n = (int)input.ElementCount;
            var src = input.RawBytes;
            var dst = output.WritableBytes;
            for (int i = 0; i < n; i++)
            {
                switch (input.DataType)
                {
                    case TensorType.Float32: Write(dst, output.DataType, i, MemoryMarshal.Cast<byte, float>(src)[i]); break;
                    default: Write(dst, output.DataType, i, Read(src, input.DataType, i)); break;
                }
            }
        }

        private static long Read(ReadOnlySpan<byte> s, TensorType t, int i) => t switch
        {
            TensorType.Int8 => (sbyte)s[i],
            TensorType.UInt8 => s[i],
            TensorType.Int16 => MemoryMarshal.Cast<byte, short>(s)[i],
            TensorType.Int32 => MemoryMarshal.Cast<byte, int>(s)[i],
            TensorType.UInt32 => MemoryMarshal.Cast<byte, uint>(s)[i],
            TensorType.Int64 => MemoryMarshal.Cast<byte, long>(s)[i],
            _ => throw new NotSupportedException(t.ToString()),
        };

        private static void Write(Span<byte> d, TensorType t, int i, long v)
        {
            switch (t)
            {
                case TensorType.Int8: d[i] = unchecked((byte)v); break;
                case TensorType.Int16: MemoryMarshal.Cast<byte, short>(d)[i] = unchecked((short)v); break;
                case TensorType.Int32: MemoryMarshal.Cast<byte, int>(d)[i] = unchecked((int)v); break;
                case TensorType.UInt32: MemoryMarshal.Cast<byte, uint>(d)[i] = unchecked((uint)v); break;
                case TensorType.Int64: MemoryMarshal.Cast<byte, long>(d)[i] = v; break;
                case TensorType.Float32: MemoryMarshal.Cast<byte, float>(d)[i] = v; break;
                default: throw new NotSupportedException(t.ToString());
            }
        }

        private static void Write(Span<byte> d, TensorType t, int i, float v)
        {
            if (t == TensorType.Float32) MemoryMarshal.Cast<byte, float>(d)[i] = v;
            else Write(d, t, i, (long)v);
        }
    }
}
