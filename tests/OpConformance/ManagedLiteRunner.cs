using ManagedLite.IO;

namespace ManagedLite.OpConformance;

/// <summary>Runs a case through ManagedLite with the optimized or the reference resolver.</summary>
internal static class ManagedLiteRunner
{
    public static NpyArray[] Run(OpCase c, bool reference)
    {
        var model = Model.FromBytes(c.Model);
        using var interp = new Interpreter(model, new InterpreterOptions { UseReferenceKernels = reference });
        var inputs = c.Subgraph == 0 ? interp.Inputs : null;
        if (c.Subgraph != 0) throw new NotSupportedException("cases on other subgraphs: use a signature");
        for (int i = 0; i < c.Inputs.Length; i++)
            if (!inputs![i].Shape.SequenceEqual(c.Inputs[i].Shape)) interp.ResizeInputTensor(i, c.Inputs[i].Shape, strict: false);
        interp.AllocateTensors();
        for (int i = 0; i < c.Inputs.Length; i++)
        {
            if (c.Inputs[i].Type == Schema.TensorType.String) interp.SetInputStrings(i, c.Inputs[i].Strings);
            else c.Inputs[i].Data.CopyTo(interp.Inputs[i].WritableBytes);
        }
        interp.Invoke();
        return interp.Outputs.Select(NpyArray.FromTensor).ToArray();
    }
}
