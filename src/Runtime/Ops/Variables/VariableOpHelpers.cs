using System.Runtime.InteropServices;
using ManagedLite.Execution;
using ManagedLite.Schema;

namespace ManagedLite.Ops.Variables;

/// <summary>Resource tensors hold one int32 resource id (the index of a variable of the interpreter).</summary>
internal static class VariableOpHelpers
{
    public static void ExpectResource(OpContext ctx, LiteTensor t, string what)
    {
        if (t.DataType != TensorType.Resource)
            throw ctx.Fail($"{what} {Names.Quote(t.Name)} must be a resource tensor, got {TensorTypes.Name(t.DataType)}");
    }

    public static ResourceVariables.Variable Find(OpContext ctx, LiteTensor resource)
    {
        var bytes = resource.RawBytes;
        if (bytes.Length < 4) throw ctx.Fail($"resource tensor {Names.Quote(resource.Name)} holds no resource id");
        int id = MemoryMarshal.Read<int>(bytes);
        return ctx.Interpreter!.Resources.Find(id)
            ?? throw ctx.Fail($"resource tensor {Names.Quote(resource.Name)} names resource {id}, which does not exist (run its VAR_HANDLE first)");
    }
}
