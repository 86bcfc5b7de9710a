using ManagedLite.Schema.Generated;
using ManagedLite.Schema.Verification;
using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

public static partial class ModelReader
{
    /// <summary>An operator of a subgraph that runs another subgraph (IF, WHILE, CALL_ONCE, CALL, StableHLO regions).</summary>
    private readonly record struct SubGraphCall(int Operator, int Target);

    private sealed partial class Reader
    {
        private SubGraphDef ReadSubGraph(G.SubGraph sg, int index, OperatorCodeDef[] opcodes, List<SubGraphCall> calls)
        {
            string path = $"subgraphs[{index}]";
            int tensorCount = sg.TensorsLength;
            var tensors = new TensorDef[tensorCount];
            for (int i = 0; i < tensorCount; i++)
                tensors[i] = ReadTensor(sg.Tensors(i)!.Value, $"{path}.tensors[{i}]", tensorCount);
            CheckBlockwiseTensors(tensors, path);

            Charge(sg.InputsLength + sg.OutputsLength, path);
            int[] inputs = sg.GetInputsArray() ?? [];
            CheckTensorIndices(inputs, tensorCount, $"{path}.inputs", allowOptional: false);
            int[] outputs = sg.GetOutputsArray() ?? [];
            CheckTensorIndices(outputs, tensorCount, $"{path}.outputs", allowOptional: false);

            var operators = new OperatorDef[sg.OperatorsLength];
            for (int i = 0; i < operators.Length; i++)
                operators[i] = ReadOperator(sg.Operators(i)!.Value, index, i, tensorCount, opcodes, calls);

            return new SubGraphDef
            {
                Name = sg.Name ?? "",
                Tensors = tensors,
                Inputs = inputs,
                Outputs = outputs,
                Operators = operators,
            };
        }

        private OperatorDef ReadOperator(G.Operator op, int subGraph, int index, int tensorCount, OperatorCodeDef[] opcodes, List<SubGraphCall> calls)
        {
            string path = $"subgraphs[{subGraph}].operators[{index}]";
            uint opcode = op.OpcodeIndex;
            if (opcode >= (uint)opcodes.Length)
                throw new ModelFormatException($"{path}.opcode_index: {opcode} out of range [0, {opcodes.Length})");

            Charge(op.InputsLength + op.OutputsLength + op.IntermediatesLength, path);
            int[] inputs = op.GetInputsArray() ?? [];
            CheckTensorIndices(inputs, tensorCount, $"{path}.inputs", allowOptional: true);
            int[] outputs = op.GetOutputsArray() ?? [];
            CheckTensorIndices(outputs, tensorCount, $"{path}.outputs", allowOptional: false);
            int[] intermediates = op.GetIntermediatesArray() ?? [];
            CheckTensorIndices(intermediates, tensorCount, $"{path}.intermediates", allowOptional: false);

            ReadOnlyMemory<byte> customOptions;
            ulong largeOffset = op.LargeCustomOptionsOffset;
            if (largeOffset > 1)
            {
                ulong size = op.LargeCustomOptionsSize;
                long fileLength = _bytes.Length;
                if (largeOffset > (ulong)fileLength || size > (ulong)fileLength - largeOffset)
                    throw new ModelFormatException($"{path}.large_custom_options_offset: {largeOffset} (+{size} bytes) lies outside the file ({fileLength} bytes)");
                customOptions = _bytes.Slice((int)largeOffset, (int)size);
                _externalEnd = Math.Max(_externalEnd, (long)(largeOffset + size));
            }
            else
            {
                customOptions = VectorBytes(op.GetCustomOptionsBytes());
            }

            int type = (byte)op.BuiltinOptionsType;
            int position = type != 0 && op.BuiltinOptions<RawTable>() is RawTable t1 ? t1.Position : 0;
            int type2 = (byte)op.BuiltinOptions2Type;
            int position2 = type2 != 0 && op.BuiltinOptions2<RawTable>() is RawTable t2 ? t2.Position : 0;
            var options = new OptionsTable(_bb, position, type, position2, type2, subGraph, index);

            CollectCalls(opcodes[opcode].Code, options, path, index, calls);

            return new OperatorDef
            {
                OpcodeIndex = (int)opcode,
                Inputs = inputs,
                Outputs = outputs,
                Intermediates = intermediates,
                Options = options,
                CustomOptions = customOptions,
            };
        }

        private static void CheckTensorIndices(int[] indices, int tensorCount, string path, bool allowOptional)
        {
            for (int i = 0; i < indices.Length; i++)
            {
                int t = indices[i];
                if (t == -1 && allowOptional)
                    continue;
                if (t < 0 || t >= tensorCount)
                    throw new ModelFormatException($"{path}[{i}]: tensor index {t} out of range [0, {tensorCount})"
                        + (t == -1 ? " (-1 marks an omitted optional input and is allowed in inputs only)" : ""));
            }
        }

        /// <summary>Records (and range-checks) the subgraphs an operator runs.</summary>
        private void CollectCalls(BuiltinOperator code, OptionsTable options, string path, int op, List<SubGraphCall> calls)
        {
            switch (code)
            {
                case BuiltinOperator.IF:
                {
                    G.IfOptions o = Require(options.Get<G.IfOptions>(BuiltinOptions.IfOptions), "IfOptions", code, path);
                    AddCall(calls, op, o.ThenSubgraphIndex, $"{path}.builtin_options(IfOptions).then_subgraph_index");
                    AddCall(calls, op, o.ElseSubgraphIndex, $"{path}.builtin_options(IfOptions).else_subgraph_index");
                    return;
                }
                case BuiltinOperator.WHILE:
                {
                    G.WhileOptions o = Require(options.Get<G.WhileOptions>(BuiltinOptions.WhileOptions), "WhileOptions", code, path);
                    AddCall(calls, op, o.CondSubgraphIndex, $"{path}.builtin_options(WhileOptions).cond_subgraph_index");
                    AddCall(calls, op, o.BodySubgraphIndex, $"{path}.builtin_options(WhileOptions).body_subgraph_index");
                    return;
                }
                case BuiltinOperator.CALL_ONCE:
                {
                    G.CallOnceOptions o = Require(options.Get<G.CallOnceOptions>(BuiltinOptions.CallOnceOptions), "CallOnceOptions", code, path);
                    AddCall(calls, op, o.InitSubgraphIndex, $"{path}.builtin_options(CallOnceOptions).init_subgraph_index");
                    return;
                }
                case BuiltinOperator.CALL:
                {
                    G.CallOptions o = Require(options.Get<G.CallOptions>(BuiltinOptions.CallOptions), "CallOptions", code, path);
                    uint sg = o.Subgraph;
                    AddCall(calls, op, sg > int.MaxValue ? -1 : (int)sg, $"{path}.builtin_options(CallOptions).subgraph");
                    return;
                }
            }

            // StableHLO region operators carry subgraph indices in builtin_options_2, whatever their opcode.
            switch ((BuiltinOptions2)options.Type2)
            {
                case BuiltinOptions2.StablehloWhileOptions when options.Get2<G.StablehloWhileOptions>(BuiltinOptions2.StablehloWhileOptions) is G.StablehloWhileOptions w:
                    AddCall(calls, op, w.CondSubgraphIndex, $"{path}.builtin_options_2(StablehloWhileOptions).cond_subgraph_index");
                    AddCall(calls, op, w.BodySubgraphIndex, $"{path}.builtin_options_2(StablehloWhileOptions).body_subgraph_index");
                    break;
                case BuiltinOptions2.StablehloReduceOptions when options.Get2<G.StablehloReduceOptions>(BuiltinOptions2.StablehloReduceOptions) is G.StablehloReduceOptions r:
                    AddCall(calls, op, r.BodySubgraphIndex, $"{path}.builtin_options_2(StablehloReduceOptions).body_subgraph_index");
                    break;
                case BuiltinOptions2.StablehloReduceWindowOptions when options.Get2<G.StablehloReduceWindowOptions>(BuiltinOptions2.StablehloReduceWindowOptions) is G.StablehloReduceWindowOptions rw:
                    AddCall(calls, op, rw.BodySubgraphIndex, $"{path}.builtin_options_2(StablehloReduceWindowOptions).body_subgraph_index");
                    break;
                case BuiltinOptions2.StablehloSortOptions when options.Get2<G.StablehloSortOptions>(BuiltinOptions2.StablehloSortOptions) is G.StablehloSortOptions so:
                    AddCall(calls, op, so.ComparatorSubgraphIndex, $"{path}.builtin_options_2(StablehloSortOptions).comparator_subgraph_index");
                    break;
                case BuiltinOptions2.StablehloScatterOptions when options.Get2<G.StablehloScatterOptions>(BuiltinOptions2.StablehloScatterOptions) is G.StablehloScatterOptions sc:
                    AddCall(calls, op, sc.UpdateComputationSubgraphIndex, $"{path}.builtin_options_2(StablehloScatterOptions).update_computation_subgraph_index");
                    break;
                case BuiltinOptions2.StableHLOCompositeOptions when options.Get2<G.StableHLOCompositeOptions>(BuiltinOptions2.StableHLOCompositeOptions) is G.StableHLOCompositeOptions c:
                    AddCall(calls, op, c.DecompositionSubgraphIndex, $"{path}.builtin_options_2(StableHLOCompositeOptions).decomposition_subgraph_index");
                    break;
                case BuiltinOptions2.StablehloCaseOptions when options.Get2<G.StablehloCaseOptions>(BuiltinOptions2.StablehloCaseOptions) is G.StablehloCaseOptions sc2:
                    Charge(sc2.BranchSubgraphIndicesLength, path);
                    for (int i = 0; i < sc2.BranchSubgraphIndicesLength; i++)
                        AddCall(calls, op, sc2.BranchSubgraphIndices(i), $"{path}.builtin_options_2(StablehloCaseOptions).branch_subgraph_indices[{i}]");
                    break;
                case BuiltinOptions2.StablehloCustomCallOptions when options.Get2<G.StablehloCustomCallOptions>(BuiltinOptions2.StablehloCustomCallOptions) is G.StablehloCustomCallOptions cc:
                    Charge(cc.CalledComputationsLength, path);
                    for (int i = 0; i < cc.CalledComputationsLength; i++)
                        AddCall(calls, op, cc.CalledComputations(i), $"{path}.builtin_options_2(StablehloCustomCallOptions).called_computations[{i}]");
                    break;
            }
        }

        private static T Require<T>(T? options, string expected, BuiltinOperator code, string path) where T : struct
            => options ?? throw new ModelFormatException($"{path}.builtin_options: {code} needs {expected} (absent)");

        private void AddCall(List<SubGraphCall> calls, int op, int target, string path)
        {
            if (target < 0 || target >= _subGraphCount)
                throw new ModelFormatException($"{path}: subgraph index {target} out of range [0, {_subGraphCount})");
            calls.Add(new SubGraphCall(op, target));
        }

        /// <summary>
        /// Rejects cycles (a subgraph that ends up running itself) and chains of subgraphs nested deeper than
        /// <see cref="ModelLimits.MaxSubgraphDepth"/> (a subgraph without calls has depth 1).
        /// </summary>
        private const int MaxNestingSupported = 2048; // bounds the recursion below whatever the limits say

        private void CheckNesting(List<SubGraphCall>[] calls)
        {
            var depth = new int[calls.Length]; // 0 = not visited, -1 = on the current path, > 0 = done
            for (int s = 0; s < calls.Length; s++)
                if (depth[s] == 0)
                    Depth(s, calls, depth, 1);
        }

        private int Depth(int s, List<SubGraphCall>[] calls, int[] depth, int level)
        {
            if (level > MaxNestingSupported)
                throw new ModelFormatException($"subgraphs[{s}]: subgraphs nest deeper than {MaxNestingSupported}, which is not supported");
            if (level > _limits.MaxSubgraphDepth)
                throw new ModelFormatException($"subgraphs[{s}]: subgraphs nest deeper than ModelLimits.MaxSubgraphDepth ({_limits.MaxSubgraphDepth})");
            depth[s] = -1;
            int max = 0;
            foreach (SubGraphCall call in calls[s])
            {
                int d = depth[call.Target];
                if (d == -1)
                    throw new ModelFormatException($"subgraphs[{s}].operators[{call.Operator}]: calls subgraph {call.Target}, which is already running (control-flow cycle)");
                if (d == 0)
                    d = Depth(call.Target, calls, depth, level + 1);
                if (level + d > _limits.MaxSubgraphDepth)
                    throw new ModelFormatException($"subgraphs[{s}].operators[{call.Operator}]: subgraphs nest deeper than ModelLimits.MaxSubgraphDepth ({_limits.MaxSubgraphDepth})");
                max = Math.Max(max, d);
            }
            depth[s] = max + 1;
            return max + 1;
        }
    }
}
