using ManagedLite.Schema;
using ManagedLite.Schema.Verification;
using Xunit;
using Xunit.Abstractions;

namespace ManagedLite.Tests.Schema;

/// <summary>
/// Files that share tables, strings and vectors (issue 7, item 2) read in bounded memory: the reader decodes each
/// shared object once (the same instance comes back for every reference) and what it allocates stays below
/// <see cref="WorkBudget.AllocationBoundPerFileByte"/> x the file size + <see cref="WorkBudget.AllocationBoundFixed"/>,
/// counted by the GC on the reading thread. Sharing no cache covers ends in the work limit, within the same bound.
/// The figures go to the test output; nothing here is timed.
/// </summary>
public sealed class ReaderSharingTests(ITestOutputHelper output)
{
    private (ModelDef? Def, ModelFormatException? Error) ReadBounded(string label, byte[] bytes)
    {
        ModelReader.Read(TestModelBuilder.SimpleAdd().Build()); // warm up: first-use statics are not the file's cost
        long before = GC.GetAllocatedBytesForCurrentThread();
        ModelDef? def = null;
        ModelFormatException? error = null;
        try
        {
            def = ModelReader.Read(bytes);
        }
        catch (ModelFormatException e)
        {
            error = e;
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        long bound = WorkBudget.AllocationBoundPerFileByte * bytes.Length + WorkBudget.AllocationBoundFixed;
        output.WriteLine($"{label}: file {bytes.Length} bytes, reading allocated {allocated} bytes ({(double)allocated / bytes.Length:F2} x), bound {bound}{(error is null ? "" : " -> " + error.Message)}");
        Assert.True(allocated <= bound, $"{label}: reading a {bytes.Length}-byte file allocated {allocated} bytes, over the bound {bound}");
        return (def, error);
    }

    private ModelDef Reads(string label, byte[] bytes)
    {
        var (def, error) = ReadBounded(label, bytes);
        Assert.Null(error);
        return def!;
    }

    [Theory]
    [InlineData(600, 4 << 20)]  // the issue's 4 MB file (4.8 GB before)
    [InlineData(2000, 4 << 20)] // OutOfMemoryException before
    [InlineData(600, 1 << 20)]
    public void SharedTensorTableIsDecodedOnce(int entries, int nameLength)
    {
        ModelDef def = Reads($"SharedTensor({entries}, {nameLength})", SharingModels.SharedTensor(entries, nameLength));
        var tensors = def.SubGraphs[0].Tensors;
        Assert.Equal(entries, tensors.Count);
        Assert.Same(tensors[0], tensors[^1]);
        Assert.Equal(nameLength, tensors[0].Name.Length);
    }

    [Fact]
    public void SharedNameIsDecodedOnce()
    {
        ModelDef def = Reads("SharedName(600, 1 MiB)", SharingModels.SharedName(600, 1 << 20));
        var tensors = def.SubGraphs[0].Tensors;
        Assert.NotSame(tensors[0], tensors[1]);
        Assert.Same(tensors[0].Name, tensors[599].Name);
        Assert.Same(tensors[0].Shape, tensors[599].Shape);
    }

    [Fact]
    public void SharedPerChannelQuantizationIsDecodedOnce()
    {
        ModelDef def = Reads("SharedQuantization(400, 256Ki)", SharingModels.SharedQuantization(400, 256 << 10));
        var tensors = def.SubGraphs[0].Tensors;
        Assert.Equal(256 << 10, tensors[0].Quantization!.Scale.Length);
        Assert.Same(tensors[0].Quantization, tensors[399].Quantization);
        Assert.Same(tensors[0].Quantization!.ZeroPoint, tensors[399].Quantization!.ZeroPoint);
    }

    [Fact]
    public void SharedCustomCodeIsDecodedOnce()
    {
        ModelDef def = Reads("SharedCustomCode(600, 1 MiB)", SharingModels.SharedCustomCode(600, 1 << 20));
        Assert.Equal(600, def.OperatorCodes.Count);
        Assert.Same(def.OperatorCodes[0].CustomCode, def.OperatorCodes[599].CustomCode);
    }

    [Fact]
    public void SharedSubGraphIsReadOnce()
    {
        ModelDef def = Reads("SharedSubGraph(1000, 1000)", SharingModels.SharedSubGraph(1000, 1000));
        Assert.Equal(1000, def.SubGraphs.Count);
        Assert.Same(def.SubGraphs[0], def.SubGraphs[999]);
        Assert.Equal(1000, def.SubGraphs[0].Tensors.Count);
    }

    [Fact]
    public void SharedOperatorIsReadOnce()
    {
        // 50,000 operator slots all pointing at one operator whose inputs vector has 50,000 entries: a 400 KB file
        // that a reader without sharing would expand into 2.5e9 index checks and 10 GB of arrays.
        ModelDef def = Reads("SharedOperator(50000, 50000)", SharingModels.SharedOperator(50_000, 50_000));
        var ops = def.SubGraphs[0].Operators;
        Assert.Equal(50_000, ops.Count);
        Assert.Same(ops[0], ops[^1]);
        Assert.Equal(50_000, ops[0].Inputs.Length);
    }

    [Fact]
    public void SharedInputsVectorIsCheckedOnce()
    {
        ModelDef def = Reads("SharedInputs(20000, 20000)", SharingModels.SharedInputs(20_000, 20_000));
        var ops = def.SubGraphs[0].Operators;
        Assert.NotSame(ops[0], ops[1]);
        Assert.Same(ops[0].Inputs, ops[^1].Inputs);
    }

    [Fact]
    public void SharedSparsityIsCheckedOnce()
    {
        ModelDef def = Reads("SharedSparsity(400, 100000, 4)", SharingModels.SharedSparsity(400, 100_000, 4));
        var tensors = def.SubGraphs[0].Tensors;
        Assert.Same(tensors[0].Sparsity, tensors[399].Sparsity);
        Assert.Equal(100_000, tensors[0].Sparsity!.DimMetadata[1].ArrayIndices!.Length);
    }

    [Fact]
    public void SharedOptionsTableIsParsedOnce()
    {
        ModelDef def = Reads("SharedOptions(20000, 100000)", SharingModels.SharedOptions(20_000, 100_000));
        var ops = def.SubGraphs[0].Operators;
        Assert.NotSame(ops[0], ops[1]);
        Assert.Same(ops[0].GetOptions<SqueezeOptions>(), ops[^1].GetOptions<SqueezeOptions>());
        Assert.Equal(100_000, ops[0].GetOptions<SqueezeOptions>().SqueezeDims.Length);
    }

    [Fact]
    public void SharedOptionsVectorIsDecodedOnce()
    {
        ModelDef def = Reads("SharedOptionsVector(20000, 100000)", SharingModels.SharedOptionsVector(20_000, 100_000));
        var ops = def.SubGraphs[0].Operators;
        Assert.NotSame(ops[0].ParsedOptions, ops[1].ParsedOptions);
        Assert.Same(ops[0].GetOptions<SqueezeOptions>().SqueezeDims, ops[^1].GetOptions<SqueezeOptions>().SqueezeDims);
    }

    [Fact]
    public void UncachedSharingEndsInTheWorkLimit()
    {
        // 2,000 subgraphs sharing one 50,000-entry operators vector: 2,000 x 50,000 operator slots to check.
        var (def, error) = ReadBounded("SharedOperatorVector(2000, 50000)", SharingModels.SharedOperatorVector(2000, 50_000));
        Assert.Null(def);
        Assert.Contains("work limit exceeded", error!.Message);
        Assert.StartsWith("subgraphs[", error.Message);
    }

    [Fact]
    public void OrdinaryModelsUseLittleOfTheBudget()
    {
        // Constant data is sliced, not copied: a model with a 4 MB weight reads in far less than its size.
        var b = TestModelBuilder.SimpleAdd();
        b.Main.Tensors[1] = new() { Name = "w", Shape = [1024, 1024], Buffer = b.AddBuffer(new float[1024 * 1024]) };
        byte[] bytes = b.Build();
        ModelReader.Read(bytes);
        long before = GC.GetAllocatedBytesForCurrentThread();
        ModelReader.Read(bytes);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        output.WriteLine($"4 MB weight model: {allocated} bytes allocated");
        Assert.True(allocated < bytes.Length / 16, $"reading a {bytes.Length}-byte model allocated {allocated} bytes");
    }
}
