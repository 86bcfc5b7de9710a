using ManagedLite;
using ManagedLite.IO;

// usage: AotSample MODEL OUT_DIR [SEED]
// Runs MODEL once on the deterministic random inputs of `managedlite run --seed SEED` (default 1) and writes
// OUT_DIR/output_0.npy, output_1.npy, ... exactly as `managedlite run` does.
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: AotSample MODEL OUT_DIR [SEED]");
    return 2;
}
uint seed = args.Length > 2 ? uint.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 1;
var model = Model.FromFile(args[0]);
using var interpreter = new Interpreter(model);
SeededInputs.FillInputs(interpreter, seed);
interpreter.Invoke();
Directory.CreateDirectory(args[1]);
for (int i = 0; i < interpreter.Outputs.Count; i++)
    NpyArray.FromTensor(interpreter.Outputs[i]).Write(Path.Combine(args[1], $"output_{i}.npy"));
Console.WriteLine($"{interpreter.Outputs.Count} outputs written to {args[1]}");
return 0;
