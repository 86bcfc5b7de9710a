using Google.FlatBuffers;
using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Tests.Schema;

/// <summary>
/// Generators of valid models that use FlatBuffers' sharing: many table entries (or many tables) pointing at
/// one table, string or vector. A reader that decodes per reference expands them by the number of references
/// (issue 7, item 2: 600 tensor entries sharing one tensor with a 4 MiB name reached 4.8 GB). Each returns the
/// file; the tests read it and bound the bytes the reader allocates by a constant times the file size.
/// </summary>
internal static class SharingModels
{
    /// <summary><paramref name="entries"/> tensor entries of one subgraph, all the same tensor table, whose name has <paramref name="nameLength"/> characters.</summary>
    public static byte[] SharedTensor(int entries, int nameLength)
    {
        var fb = new FlatBufferBuilder(nameLength + 1024);
        var name = fb.CreateString(new string('n', nameLength));
        var tensor = G.Tensor.CreateTensor(fb, G.Tensor.CreateShapeVector(fb, [1]), G.TensorType.FLOAT32, 0, name);
        var tensors = G.SubGraph.CreateTensorsVector(fb, Enumerable.Repeat(tensor, entries).ToArray());
        return Finish(fb, [G.SubGraph.CreateSubGraph(fb, tensors, nameOffset: fb.CreateString("main"))], []);
    }

    /// <summary>
    /// <paramref name="tensors"/> distinct tensor tables of shape [<paramref name="channels"/>] that share one
    /// per-channel QuantizationParameters table (scale and zero_point of <paramref name="channels"/> entries).
    /// </summary>
    public static byte[] SharedQuantization(int tensors, int channels)
    {
        var fb = new FlatBufferBuilder(channels * 12 + tensors * 64 + 1024);
        var scale = G.QuantizationParameters.CreateScaleVector(fb, Enumerable.Repeat(0.5f, channels).ToArray());
        var zeroPoint = G.QuantizationParameters.CreateZeroPointVector(fb, new long[channels]);
        var quant = G.QuantizationParameters.CreateQuantizationParameters(fb, scaleOffset: scale, zero_pointOffset: zeroPoint);
        var shape = G.Tensor.CreateShapeVector(fb, [channels]);
        var name = fb.CreateString("w");
        var list = new Offset<G.Tensor>[tensors];
        for (int i = 0; i < tensors; i++)
            list[i] = G.Tensor.CreateTensor(fb, shape, G.TensorType.INT8, 0, name, quant);
        var sg = G.SubGraph.CreateSubGraph(fb, G.SubGraph.CreateTensorsVector(fb, list), nameOffset: fb.CreateString("main"));
        return Finish(fb, [sg], []);
    }

    /// <summary><paramref name="entries"/> operator_codes entries sharing one custom OperatorCode whose custom_code has <paramref name="codeLength"/> characters.</summary>
    public static byte[] SharedCustomCode(int entries, int codeLength)
    {
        var fb = new FlatBufferBuilder(codeLength + entries * 4 + 1024);
        var custom = fb.CreateString(new string('c', codeLength));
        var code = G.OperatorCode.CreateOperatorCode(fb, 32, custom, 1, G.BuiltinOperator.CUSTOM);
        var tensor = G.Tensor.CreateTensor(fb, G.Tensor.CreateShapeVector(fb, [1]), G.TensorType.FLOAT32, 0, fb.CreateString("t"));
        var sg = G.SubGraph.CreateSubGraph(fb, G.SubGraph.CreateTensorsVector(fb, [tensor]), nameOffset: fb.CreateString("main"));
        return Finish(fb, [sg], Enumerable.Repeat(code, entries).ToArray());
    }

    /// <summary>
    /// <paramref name="tensors"/> distinct tensor tables whose names are all one string of
    /// <paramref name="nameLength"/> characters (sharing a string, not a table).
    /// </summary>
    public static byte[] SharedName(int tensors, int nameLength)
    {
        var fb = new FlatBufferBuilder(nameLength + tensors * 40 + 1024);
        var name = fb.CreateString(new string('s', nameLength));
        var shape = G.Tensor.CreateShapeVector(fb, [1]);
        var list = new Offset<G.Tensor>[tensors];
        for (int i = 0; i < tensors; i++)
            list[i] = G.Tensor.CreateTensor(fb, shape, G.TensorType.FLOAT32, 0, name);
        var sg = G.SubGraph.CreateSubGraph(fb, G.SubGraph.CreateTensorsVector(fb, list), nameOffset: fb.CreateString("main"));
        return Finish(fb, [sg], []);
    }

    /// <summary>
    /// <paramref name="entries"/> subgraph entries all pointing at one subgraph of <paramref name="tensors"/>
    /// distinct tensor tables (each named, each of shape [1]).
    /// </summary>
    public static byte[] SharedSubGraph(int entries, int tensors)
    {
        var fb = new FlatBufferBuilder(tensors * 48 + entries * 4 + 1024);
        var shape = G.Tensor.CreateShapeVector(fb, [1]);
        var list = new Offset<G.Tensor>[tensors];
        for (int i = 0; i < tensors; i++)
            list[i] = G.Tensor.CreateTensor(fb, shape, G.TensorType.FLOAT32, 0, fb.CreateString("t" + i));
        var sg = G.SubGraph.CreateSubGraph(fb, G.SubGraph.CreateTensorsVector(fb, list), nameOffset: fb.CreateString("main"));
        return Finish(fb, Enumerable.Repeat(sg, entries).ToArray(), []);
    }

    /// <summary>
    /// <paramref name="entries"/> operator entries of one subgraph, all one ADD operator whose inputs vector has
    /// <paramref name="inputs"/> entries (all tensor 0).
    /// </summary>
    public static byte[] SharedOperator(int entries, int inputs)
    {
        var fb = new FlatBufferBuilder(inputs * 4 + entries * 4 + 1024);
        var tensor = G.Tensor.CreateTensor(fb, G.Tensor.CreateShapeVector(fb, [1]), G.TensorType.FLOAT32, 0, fb.CreateString("t"));
        var op = G.Operator.CreateOperator(fb, 0, G.Operator.CreateInputsVector(fb, new int[inputs]), G.Operator.CreateOutputsVector(fb, [0]));
        var sg = G.SubGraph.CreateSubGraph(fb, G.SubGraph.CreateTensorsVector(fb, [tensor]), default, default,
            G.SubGraph.CreateOperatorsVector(fb, Enumerable.Repeat(op, entries).ToArray()), fb.CreateString("main"));
        return Finish(fb, [sg], [G.OperatorCode.CreateOperatorCode(fb, 0, default, 1, G.BuiltinOperator.ADD)]);
    }

    /// <summary>
    /// <paramref name="operators"/> distinct ADD operator tables sharing one inputs vector of
    /// <paramref name="inputs"/> entries (all tensor 0).
    /// </summary>
    public static byte[] SharedInputs(int operators, int inputs)
    {
        var fb = new FlatBufferBuilder(inputs * 4 + operators * 32 + 1024);
        var tensor = G.Tensor.CreateTensor(fb, G.Tensor.CreateShapeVector(fb, [1]), G.TensorType.FLOAT32, 0, fb.CreateString("t"));
        var ins = G.Operator.CreateInputsVector(fb, new int[inputs]);
        var outs = G.Operator.CreateOutputsVector(fb, [0]);
        var ops = new Offset<G.Operator>[operators];
        for (int i = 0; i < operators; i++)
            ops[i] = G.Operator.CreateOperator(fb, 0, ins, outs);
        var sg = G.SubGraph.CreateSubGraph(fb, G.SubGraph.CreateTensorsVector(fb, [tensor]), default, default,
            G.SubGraph.CreateOperatorsVector(fb, ops), fb.CreateString("main"));
        return Finish(fb, [sg], [G.OperatorCode.CreateOperatorCode(fb, 0, default, 1, G.BuiltinOperator.ADD)]);
    }

    /// <summary>
    /// <paramref name="tensors"/> distinct sparse tensor tables of shape [rows, cols] sharing one CSR
    /// SparsityParameters table with one non-zero per row.
    /// </summary>
    public static byte[] SharedSparsity(int tensors, int rows, int cols)
    {
        var fb = new FlatBufferBuilder(rows * 8 + tensors * 48 + 1024);
        var segments = G.Int32Vector.CreateInt32Vector(fb, G.Int32Vector.CreateValuesVector(fb, Enumerable.Range(0, rows + 1).ToArray()));
        var indices = G.Int32Vector.CreateInt32Vector(fb, G.Int32Vector.CreateValuesVector(fb, Enumerable.Range(0, rows).Select(r => r % cols).ToArray()));
        var dims = new[]
        {
            G.DimensionMetadata.CreateDimensionMetadata(fb, G.DimensionType.DENSE, rows),
            G.DimensionMetadata.CreateDimensionMetadata(fb, G.DimensionType.SPARSE_CSR, 0,
                G.SparseIndexVector.Int32Vector, segments.Value, G.SparseIndexVector.Int32Vector, indices.Value),
        };
        var sparsity = G.SparsityParameters.CreateSparsityParameters(fb,
            G.SparsityParameters.CreateTraversalOrderVector(fb, [0, 1]), default, G.SparsityParameters.CreateDimMetadataVector(fb, dims));
        var shape = G.Tensor.CreateShapeVector(fb, [rows, cols]);
        var name = fb.CreateString("sparse");
        var list = new Offset<G.Tensor>[tensors];
        for (int i = 0; i < tensors; i++)
            list[i] = G.Tensor.CreateTensor(fb, shape, G.TensorType.FLOAT32, 0, name, default, false, sparsity);
        var sg = G.SubGraph.CreateSubGraph(fb, G.SubGraph.CreateTensorsVector(fb, list), nameOffset: fb.CreateString("main"));
        return Finish(fb, [sg], []);
    }

    /// <summary>
    /// <paramref name="subGraphs"/> distinct subgraph tables sharing one operators vector of
    /// <paramref name="operators"/> entries (all one ADD operator): sharing that no cache covers (each subgraph
    /// checks its operators against its own tensors), so the work budget has to stop it.
    /// </summary>
    public static byte[] SharedOperatorVector(int subGraphs, int operators)
    {
        var fb = new FlatBufferBuilder(operators * 4 + subGraphs * 48 + 1024);
        var tensor = G.Tensor.CreateTensor(fb, G.Tensor.CreateShapeVector(fb, [1]), G.TensorType.FLOAT32, 0, fb.CreateString("t"));
        var tensors = G.SubGraph.CreateTensorsVector(fb, [tensor]);
        var op = G.Operator.CreateOperator(fb, 0, G.Operator.CreateInputsVector(fb, [0, 0]), G.Operator.CreateOutputsVector(fb, [0]));
        var ops = G.SubGraph.CreateOperatorsVector(fb, Enumerable.Repeat(op, operators).ToArray());
        var list = new Offset<G.SubGraph>[subGraphs];
        for (int i = 0; i < subGraphs; i++)
            list[i] = G.SubGraph.CreateSubGraph(fb, tensors, default, default, ops);
        return Finish(fb, list, [G.OperatorCode.CreateOperatorCode(fb, 0, default, 1, G.BuiltinOperator.ADD)]);
    }

    /// <summary>
    /// <paramref name="operators"/> SQUEEZE operators sharing one SqueezeOptions table whose squeeze_dims has
    /// <paramref name="dims"/> entries (options are parsed at load: once for the table).
    /// </summary>
    public static byte[] SharedOptions(int operators, int dims)
    {
        var fb = new FlatBufferBuilder(dims * 4 + operators * 32 + 1024);
        var tensor = G.Tensor.CreateTensor(fb, G.Tensor.CreateShapeVector(fb, [1]), G.TensorType.FLOAT32, 0, fb.CreateString("t"));
        var options = G.SqueezeOptions.CreateSqueezeOptions(fb, G.SqueezeOptions.CreateSqueezeDimsVector(fb, new int[dims]));
        var ins = G.Operator.CreateInputsVector(fb, [0]);
        var ops = new Offset<G.Operator>[operators];
        for (int i = 0; i < operators; i++)
            ops[i] = G.Operator.CreateOperator(fb, 0, ins, ins, G.BuiltinOptions.SqueezeOptions, options.Value);
        var sg = G.SubGraph.CreateSubGraph(fb, G.SubGraph.CreateTensorsVector(fb, [tensor]), default, default,
            G.SubGraph.CreateOperatorsVector(fb, ops), fb.CreateString("main"));
        return Finish(fb, [sg], [G.OperatorCode.CreateOperatorCode(fb, (sbyte)G.BuiltinOperator.SQUEEZE, default, 1, G.BuiltinOperator.SQUEEZE)]);
    }

    /// <summary>
    /// <paramref name="operators"/> SQUEEZE operators with distinct SqueezeOptions tables that share one squeeze_dims
    /// vector of <paramref name="dims"/> entries.
    /// </summary>
    public static byte[] SharedOptionsVector(int operators, int dims)
    {
        var fb = new FlatBufferBuilder(dims * 4 + operators * 48 + 1024);
        var tensor = G.Tensor.CreateTensor(fb, G.Tensor.CreateShapeVector(fb, [1]), G.TensorType.FLOAT32, 0, fb.CreateString("t"));
        var squeezeDims = G.SqueezeOptions.CreateSqueezeDimsVector(fb, new int[dims]);
        var ins = G.Operator.CreateInputsVector(fb, [0]);
        var ops = new Offset<G.Operator>[operators];
        for (int i = 0; i < operators; i++)
        {
            var options = G.SqueezeOptions.CreateSqueezeOptions(fb, squeezeDims);
            ops[i] = G.Operator.CreateOperator(fb, 0, ins, ins, G.BuiltinOptions.SqueezeOptions, options.Value);
        }
        var sg = G.SubGraph.CreateSubGraph(fb, G.SubGraph.CreateTensorsVector(fb, [tensor]), default, default,
            G.SubGraph.CreateOperatorsVector(fb, ops), fb.CreateString("main"));
        return Finish(fb, [sg], [G.OperatorCode.CreateOperatorCode(fb, (sbyte)G.BuiltinOperator.SQUEEZE, default, 1, G.BuiltinOperator.SQUEEZE)]);
    }

    private static byte[] Finish(FlatBufferBuilder fb, Offset<G.SubGraph>[] subGraphs, Offset<G.OperatorCode>[] codes)
    {
        var model = G.Model.CreateModel(fb, 3,
            codes.Length == 0 ? default : G.Model.CreateOperatorCodesVector(fb, codes),
            G.Model.CreateSubgraphsVector(fb, subGraphs),
            buffersOffset: G.Model.CreateBuffersVector(fb, [G.Buffer.CreateBuffer(fb)]));
        G.Model.FinishModelBuffer(fb, model);
        return fb.SizedByteArray();
    }
}
