using ManagedLite.Robustness;
using ManagedLite.Schema;
using static ManagedLite.Robustness.TinyModel;

namespace ManagedLite.Runtime.Tests.ControlFlow;

/// <summary>
/// Control-flow test models written by the project's own builder: WHILE loops (flat, nested, shape-changing),
/// IF, CALL_ONCE with resource variables. Shared by the runtime tests and the op-conformance cases (which compare
/// them with native TFLite).
/// </summary>
internal static class ControlFlowModels
{
    private const byte WhileOptions = 93, IfOptions = 92, CallOnceOptions = 103, VarHandleOptions = 111, ConcatenationOptions = 10;

    private static OptionField[] While(int cond, int body) => [new(0, OptionKind.Int, cond), new(1, OptionKind.Int, body)];

    /// <summary>cond(i, limit, ...): CAST(limit - i) to bool, true while i != limit.</summary>
    private static TinyModel NotEqualCond(params (string Name, TensorType Type, int[] Shape)[] rest)
    {
        var g = new TinyModel();
        int i = g.Input("i", TensorType.Int32, 1);
        int limit = g.Input("limit", TensorType.Int32, 1);
        var others = rest.Select(r => g.Tensor(r.Name, r.Type, r.Shape)).ToArray();
        int d = g.Input("diff", TensorType.Int32, 1);
        int b = g.Input("go", TensorType.Bool, 1);
        g.Op(BuiltinOperator.SUB, [limit, i], [d]).Op(BuiltinOperator.CAST, [d], [b]);
        return g.Inputs([i, limit, .. others]).Outputs(b);
    }

    /// <summary>
    /// main(i, limit, x[2]) = WHILE: i += 1, x = x + x, until i == limit. Outputs (i, limit, x): x * 2^(limit - i).
    /// A negative limit never ends (the cancellation test).
    /// </summary>
    public static byte[] Doubling()
    {
        var main = new TinyModel();
        int i = main.Input("i", TensorType.Int32, 1);
        int limit = main.Input("limit", TensorType.Int32, 1);
        int x = main.Input("x", TensorType.Float32, 2);
        int io = main.Input("i_out", TensorType.Int32, 1);
        int lo = main.Input("limit_out", TensorType.Int32, 1);
        int xo = main.Input("x_out", TensorType.Float32, 2);
        main.Op(BuiltinOperator.WHILE, [i, limit, x], [io, lo, xo], 1, WhileOptions, While(1, 2)).Inputs(i, limit, x).Outputs(io, lo, xo);

        var cond = NotEqualCond(("x", TensorType.Float32, [2]));
        var body = new TinyModel();
        int bi = body.Input("i", TensorType.Int32, 1);
        int bl = body.Input("limit", TensorType.Int32, 1);
        int bx = body.Input("x", TensorType.Float32, 2);
        int one = body.ConstInt("one", [1], 1);
        int bi1 = body.Input("i1", TensorType.Int32, 1);
        int bx1 = body.Input("x1", TensorType.Float32, 2);
        body.Op(BuiltinOperator.ADD, [bi, one], [bi1]).Op(BuiltinOperator.ADD, [bx, bx], [bx1]).Inputs(bi, bl, bx).Outputs(bi1, bl, bx1);
        return main.Build(cond, body);
    }

    /// <summary>
    /// Nested: the outer loop runs limit times; its body runs an inner WHILE that adds 1 to x three times.
    /// Outputs (i, limit, x): x + 3 * limit.
    /// </summary>
    public static byte[] Nested()
    {
        var main = new TinyModel();
        int i = main.Input("i", TensorType.Int32, 1);
        int limit = main.Input("limit", TensorType.Int32, 1);
        int x = main.Input("x", TensorType.Float32, 2);
        int io = main.Input("i_out", TensorType.Int32, 1);
        int lo = main.Input("limit_out", TensorType.Int32, 1);
        int xo = main.Input("x_out", TensorType.Float32, 2);
        main.Op(BuiltinOperator.WHILE, [i, limit, x], [io, lo, xo], 1, WhileOptions, While(1, 2)).Inputs(i, limit, x).Outputs(io, lo, xo);

        var outerCond = NotEqualCond(("x", TensorType.Float32, [2]));
        var outerBody = new TinyModel();
        int oi = outerBody.Input("i", TensorType.Int32, 1);
        int ol = outerBody.Input("limit", TensorType.Int32, 1);
        int ox = outerBody.Input("x", TensorType.Float32, 2);
        int zero = outerBody.ConstInt("j0", [1], 0);
        int three = outerBody.ConstInt("three", [1], 3);
        int one = outerBody.ConstInt("one", [1], 1);
        int jo = outerBody.Input("j_out", TensorType.Int32, 1);
        int to = outerBody.Input("three_out", TensorType.Int32, 1);
        int xi = outerBody.Input("x_inner", TensorType.Float32, 2);
        int oi1 = outerBody.Input("i1", TensorType.Int32, 1);
        outerBody.Op(BuiltinOperator.WHILE, [zero, three, ox], [jo, to, xi], 1, WhileOptions, While(3, 4))
            .Op(BuiltinOperator.ADD, [oi, one], [oi1]).Inputs(oi, ol, ox).Outputs(oi1, ol, xi);

        var innerCond = NotEqualCond(("x", TensorType.Float32, [2]));
        var innerBody = new TinyModel();
        int ij = innerBody.Input("j", TensorType.Int32, 1);
        int il = innerBody.Input("limit", TensorType.Int32, 1);
        int ix = innerBody.Input("x", TensorType.Float32, 2);
        int ione = innerBody.ConstInt("one", [1], 1);
        int fone = innerBody.ConstFloat("onef", [1], 1f);
        int ij1 = innerBody.Input("j1", TensorType.Int32, 1);
        int ix1 = innerBody.Input("x1", TensorType.Float32, 2);
        innerBody.Op(BuiltinOperator.ADD, [ij, ione], [ij1]).Op(BuiltinOperator.ADD, [ix, fone], [ix1]).Inputs(ij, il, ix).Outputs(ij1, il, ix1);
        return main.Build(outerCond, outerBody, innerCond, innerBody);
    }

    /// <summary>
    /// Shape-changing loop: x [1, 2] gets a row [0.5, -1] appended per iteration (CONCATENATION on axis 0), n times;
    /// the result then goes through RELU. Output: RELU(x) of shape [1 + n, 2].
    /// </summary>
    public static byte[] Growing()
    {
        var main = new TinyModel();
        int x = main.Input("x", TensorType.Float32, 1, 2);
        int n = main.Input("n", TensorType.Int32, 1);
        int i0 = main.ConstInt("i0", [1], 0);
        int io = main.Input("i_out", TensorType.Int32, 1);
        int no = main.Input("n_out", TensorType.Int32, 1);
        int xo = main.Tensor("x_out", TensorType.Float32, [1, 2], signature: [-1, 2]);
        int r = main.Tensor("relu", TensorType.Float32, [1, 2], signature: [-1, 2]);
        main.Op(BuiltinOperator.WHILE, [i0, n, x], [io, no, xo], 1, WhileOptions, While(1, 2))
            .Op(BuiltinOperator.RELU, [xo], [r]).Inputs(x, n).Outputs(r);

        var cond = NotEqualCond(("x", TensorType.Float32, [1, 2]));
        var body = new TinyModel();
        int bi = body.Input("i", TensorType.Int32, 1);
        int bn = body.Input("n", TensorType.Int32, 1);
        int bx = body.Tensor("x", TensorType.Float32, [1, 2], signature: [-1, 2]);
        int row = body.ConstFloat("row", [1, 2], 0.5f, -1f);
        int one = body.ConstInt("one", [1], 1);
        int bi1 = body.Input("i1", TensorType.Int32, 1);
        int bx1 = body.Tensor("x1", TensorType.Float32, [2, 2], signature: [-1, 2]);
        body.Op(BuiltinOperator.ADD, [bi, one], [bi1])
            .Op(BuiltinOperator.CONCATENATION, [bx, row], [bx1], 1, ConcatenationOptions, new OptionField(0, OptionKind.Int, 0))
            .Inputs(bi, bn, bx).Outputs(bi1, bn, bx1);
        return main.Build(cond, body);
    }

    /// <summary>IF(c, a, b): then = a + b, else = a - b.</summary>
    public static byte[] Branch()
    {
        var main = new TinyModel();
        int c = main.Input("c", TensorType.Bool, 1);
        int a = main.Input("a", TensorType.Float32, 4);
        int b = main.Input("b", TensorType.Float32, 4);
        int o = main.Input("out", TensorType.Float32, 4);
        main.Op(BuiltinOperator.IF, [c, a, b], [o], 1, IfOptions, new OptionField(0, OptionKind.Int, 1), new OptionField(1, OptionKind.Int, 2))
            .Inputs(c, a, b).Outputs(o);
        TinyModel Arith(BuiltinOperator op)
        {
            var g = new TinyModel();
            int ga = g.Input("a", TensorType.Float32, 4);
            int gb = g.Input("b", TensorType.Float32, 4);
            int go = g.Input("o", TensorType.Float32, 4);
            return g.Op(op, [ga, gb], [go]).Inputs(ga, gb).Outputs(go);
        }
        return main.Build(Arith(BuiltinOperator.ADD), Arith(BuiltinOperator.SUB));
    }

    /// <summary>
    /// An accumulator in a resource variable: CALL_ONCE(init) sets acc = [10, 20]; each invoke reads acc, adds x,
    /// writes it back and outputs it (the KV-cache pattern in miniature).
    /// </summary>
    public static byte[] Accumulator()
    {
        OptionField[] handle = [OptionField.Str(0, "vars"), OptionField.Str(1, "acc")];
        var main = new TinyModel();
        int x = main.Input("x", TensorType.Float32, 2);
        int h = main.Tensor("handle", TensorType.Resource, []);
        int v = main.Input("value", TensorType.Float32, 2);
        int y = main.Input("y", TensorType.Float32, 2);
        main.Op(BuiltinOperator.CALL_ONCE, [], [], 1, CallOnceOptions, new OptionField(0, OptionKind.Int, 1))
            .Op(BuiltinOperator.VAR_HANDLE, [], [h], 1, VarHandleOptions, handle)
            .Op(BuiltinOperator.READ_VARIABLE, [h], [v])
            .Op(BuiltinOperator.ADD, [v, x], [y])
            .Op(BuiltinOperator.ASSIGN_VARIABLE, [h, y], [])
            .Inputs(x).Outputs(y);
        var init = new TinyModel();
        int ih = init.Tensor("handle", TensorType.Resource, []);
        int start = init.ConstFloat("start", [2], 10f, 20f);
        init.Op(BuiltinOperator.VAR_HANDLE, [], [ih], 1, VarHandleOptions, handle)
            .Op(BuiltinOperator.ASSIGN_VARIABLE, [ih, start], []).Inputs().Outputs();
        return main.Build(init);
    }
}
