using ManagedLite.Schema.Generated;
using ManagedLite.Schema.Verification;
using G = ManagedLite.Schema.Generated;
using S = ManagedLite.Schema.Generated.SchemaLayout.Slots;

namespace ManagedLite.Schema;

public static partial class ModelReader
{
    /// <summary>An operator of a subgraph that runs another subgraph (IF, WHILE, CALL_ONCE, CALL, StableHLO regions).</summary>
    private readonly record struct SubGraphCall(int Operator, int Target);

    private sealed partial class Reader
    {
        /// <summary>Tables and index vectors of the subgraph being read, decoded once by position (they depend on its tensor count).</summary>
        private readonly Dictionary<int, TensorDef> _tensorTables = [];
        private readonly Dictionary<int, OperatorDef> _operatorTables = [];
        private readonly Dictionary<(int Position, bool Optional), int[]> _indexVectors = [];

        private SubGraphDef ReadSubGraph(int pos, int index, OperatorCodeDef[] opcodes, List<SubGraphCall> calls)
        {
            _tensorTables.Clear();
            _operatorTables.Clear();
            _indexVectors.Clear();
            string path = $"subgraphs[{index}]";
            int tensorVector = Ref(pos, S.SubGraph.Tensors);
            int tensorCount = Length(tensorVector);
            Charge(8L * tensorCount + WorkBudget.ObjectCost, path);
            var tensors = new TensorDef[tensorCount];
            for (int i = 0; i < tensorCount; i++)
            {
                int t = Element(tensorVector, i);
                if (!_tensorTables.TryGetValue(t, out TensorDef? tensor))
                {
                    Charge(WorkBudget.ObjectCost, path);
                    tensor = ReadTensor(t, $"{path}.tensors[{i}]", tensorCount);
                    _tensorTables.Add(t, tensor);
                }
                tensors[i] = tensor;
            }
            CheckBlockwiseTensors(tensors, path);

            int[] inputs = TensorIndices(Ref(pos, S.SubGraph.Inputs), tensorCount, path, ".inputs", allowOptional: false);
            int[] outputs = TensorIndices(Ref(pos, S.SubGraph.Outputs), tensorCount, path, ".outputs", allowOptional: false);

            int operatorVector = Ref(pos, S.SubGraph.Operators);
            int operatorCount = Length(operatorVector);
            Charge(8L * operatorCount + WorkBudget.ObjectCost, path);
            var operators = new OperatorDef[operatorCount];
            for (int i = 0; i < operators.Length; i++)
            {
                int o = Element(operatorVector, i);
                if (!_operatorTables.TryGetValue(o, out OperatorDef? op))
                {
                    Charge(WorkBudget.ObjectCost, path);
                    op = ReadOperator(o, index, i, tensorCount, opcodes, calls);
                    _operatorTables.Add(o, op);
                }
                operators[i] = op;
            }

            return new SubGraphDef
            {
                Name = String(pos, S.SubGraph.Name, path),
                Tensors = tensors,
                Inputs = inputs,
                Outputs = outputs,
                Operators = operators,
            };
        }

        private OperatorDef ReadOperator(int pos, int subGraph, int index, int tensorCount, OperatorCodeDef[] opcodes, List<SubGraphCall> calls)
        {
            string path = $"subgraphs[{subGraph}].operators[{index}]";
            G.Operator op = Table<G.Operator>(pos);
            uint opcode = op.OpcodeIndex;
            if (opcode >= (uint)opcodes.Length)
                throw new ModelFormatException($"{path}.opcode_index: {opcode} out of range [0, {opcodes.Length})");

            int[] inputs = TensorIndices(Ref(pos, S.Operator.Inputs), tensorCount, path, ".inputs", allowOptional: true);
            int[] outputs = TensorIndices(Ref(pos, S.Operator.Outputs), tensorCount, path, ".outputs", allowOptional: false);
            int[] intermediates = TensorIndices(Ref(pos, S.Operator.Intermediates), tensorCount, path, ".intermediates", allowOptional: false);

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
                customOptions = Bytes(Ref(pos, S.Operator.CustomOptions));
            }

            var (type, position) = Union(pos, S.Operator.BuiltinOptionsType);
            var (type2, position2) = Union(pos, S.Operator.BuiltinOptions2Type);
            var options = new OptionsTable(_bb, position, type, position2, type2, subGraph, index);

            CollectCalls(opcodes[opcode].Code, options, path, index, calls);

            Charge(3 * WorkBudget.ObjectCost, path);
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

        /// <summary>
        /// A vector of tensor indices, decoded and range-checked once per position in the subgraph; [] when absent.
        /// -1 (an omitted optional input) is allowed when <paramref name="allowOptional"/>.
        /// </summary>
        private int[] TensorIndices(int vector, int tensorCount, string path, string field, bool allowOptional)
        {
            if (vector == 0)
                return [];
            if (_indexVectors.TryGetValue((vector, allowOptional), out int[]? cached))
                return cached;
            int[] indices = Int32sAt(vector, path)!;
            for (int i = 0; i < indices.Length; i++)
            {
                int t = indices[i];
                if (t == -1 && allowOptional)
                    continue;
                if (t < 0 || t >= tensorCount)
                    throw new ModelFormatException($"{path}{field}[{i}]: tensor index {t} out of range [0, {tensorCount})"
                        + (t == -1 ? " (-1 marks an omitted optional input and is allowed in inputs only)" : ""));
            }
            Charge(WorkBudget.ObjectCost, path);
            _indexVectors.Add((vector, allowOptional), indices);
            return indices;
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
