using ManagedLite.Schema;
using static ManagedLite.Ops.IndexReduceChecks;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.Strings;

/// <summary>
/// SKIP_GRAM (TFLite's skip_gram.cc): string input (its first element is the sentence), string output [n] of the
/// skip-grams (see <see cref="Ref.SkipGram"/>). The output's size is known only when it runs; it is bounded by
/// ModelLimits.MaxTensorBytes and the enumeration by InterpreterOptions.MaxMacsPerInvoke (charged as it goes).
/// A negative ngram_size (TFLite aborts) or an input without strings is an <see cref="OperatorException"/>.
/// </summary>
internal sealed class SkipGramOp : IOpKernel
{
    private SkipGramOptions _options = new();

    public void Prepare(OpContext ctx)
    {
        ExpectCounts(ctx, 1, 1);
        var input = ctx.Input(0);
        ExpectType(ctx, input, "input", TensorType.String);
        ExpectType(ctx, ctx.Output(0), "output", TensorType.String);
        _options = ctx.GetOptions<SkipGramOptions>();
        if (_options.NgramSize < 0) throw ctx.Fail($"ngram_size {_options.NgramSize} must not be negative");
        ctx.MarkOutputDynamic(0);
    }

    public void Eval(OpContext ctx)
    {
        var input = ctx.Input(0);
        var strings = StringTensors.View(ctx, input, "input");
        if (strings.Count == 0) throw ctx.Fail($"input {Describe(input)} holds no string (SKIP_GRAM reads its first element)");
        var sentence = strings[0];
        long maxSteps = ctx.Interpreter?.Options.MaxMacsPerInvoke ?? long.MaxValue;
        // Counted first (no allocation), then written straight into the output's buffer.
        var status = Ref.SkipGram.Measure(sentence, _options.NgramSize, _options.MaxSkipSize, _options.IncludeAllNgrams,
            ctx.MaxTensorBytes, maxSteps, out int count, out long bytes, out long steps);
        ctx.Interpreter?.Control.ChargeWork(steps, ctx.SubgraphIndex, ctx.Node);
        if (status == Ref.SkipGram.Status.OutputTooLarge)
            throw ctx.Fail($"the skip-grams of input {Describe(input)} (ngram_size {_options.NgramSize}, max_skip_size {_options.MaxSkipSize}) would take more than ModelLimits.MaxTensorBytes ({ctx.MaxTensorBytes}) bytes");
        if (status == Ref.SkipGram.Status.TooManySteps)
            throw ctx.Fail($"enumerating the skip-grams of input {Describe(input)} takes more than InterpreterOptions.MaxMacsPerInvoke ({maxSteps}) steps");
        ctx.Interpreter?.Control.ChargeWork(steps, ctx.SubgraphIndex, ctx.Node); // the writing pass enumerates again
        var layout = StringTensors.Allocate(ctx, 0, [count], bytes);
        Ref.SkipGram.Write(sentence, _options.NgramSize, _options.MaxSkipSize, _options.IncludeAllNgrams, count, layout);
    }
}
