using ManagedLite.Kernels.Elementwise;

namespace ManagedLite.Kernels.Reference;

/// <summary>
/// LOGICAL_AND / LOGICAL_OR with NumPy broadcasting and LOGICAL_NOT (TFLite's logical.cc, elementwise.cc) on bool
/// tensors: one byte per element, nonzero read as true, results written as 0 or 1.
/// </summary>
public static class Logical
{
    public static void And(BroadcastPlan plan, ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> output) =>
        BroadcastLoop.Binary(default(AndOp), plan, a, b, output);

    public static void Or(BroadcastPlan plan, ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> output) =>
        BroadcastLoop.Binary(default(OrOp), plan, a, b, output);

    public static void Not(ReadOnlySpan<byte> input, Span<byte> output) =>
        BroadcastLoop.Unary(default(NotOp), input, output);

    private readonly struct AndOp : IElementBinary<byte, byte, byte>
    {
        public byte Invoke(byte a, byte b) => a != 0 && b != 0 ? (byte)1 : (byte)0;
    }

    private readonly struct OrOp : IElementBinary<byte, byte, byte>
    {
        public byte Invoke(byte a, byte b) => a != 0 || b != 0 ? (byte)1 : (byte)0;
    }

    private readonly struct NotOp : IElementUnary<byte, byte>
    {
        public byte Invoke(byte x) => x == 0 ? (byte)1 : (byte)0;
    }
}
