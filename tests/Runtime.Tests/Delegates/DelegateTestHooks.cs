using ManagedLite.Delegates;

namespace ManagedLite.Runtime.Tests.Delegates;

/// <summary>Internal access the test delegate needs to run CPU kernels on a partition's own tensors.</summary>
internal static class DelegateTestHooks
{
    public static OpContext StandaloneContext(DelegateNode node)
    {
        var ctx = new OpContext(node.Index, node.Operator, node.CustomName, node.Version, node.Context.Definition,
                                node.Inputs.ToArray(), node.Outputs.ToArray(), 1);
        // A delegate must apply the activation the fusion pass moved into the node.
        if (node.FusedActivation != ManagedLite.Schema.ActivationFunctionType.None) ctx.AddFusedActivation(node.FusedActivation);
        return ctx;
    }

    public static void Prepare(IOpKernel kernel, OpContext ctx)
    {
        ctx.ClearScratchRequests();
        ctx.InPrepare = true;
        try { kernel.Prepare(ctx); }
        finally { ctx.InPrepare = false; }
        for (int s = 0; s < ctx.ScratchSizes.Count; s++) ctx.SetScratch(s, new byte[ctx.ScratchSizes[s]], 0);
    }

    public static void GiveStorage(LiteTensor t, Dictionary<LiteTensor, byte[]> owned)
    {
        int bytes = (int)t.RequiredBytes();
        t.UseOwnStorage(bytes);
        owned[t] = [];
    }
}
