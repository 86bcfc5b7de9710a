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

            // A union type without a value reads as absent, as FlatBuffers has it.
            var (type, position) = Union(pos, S.Operator.BuiltinOptionsType);
            if (position == 0)
                type = 0;
            var (type2, position2) = Union(pos, S.Operator.BuiltinOptions2Type);
            if (position2 == 0)
                type2 = 0;
            BuiltinOperator code = opcodes[opcode].Code;
            CheckOptionsTypes(code, type, type2, path);
            object? parsed = type == 0 ? null : ParseOptions(1, type, position, subGraph, index);
            object? parsed2 = type2 == 0 ? null : ParseOptions(2, type2, position2, subGraph, index);

            CollectCalls(code, parsed, parsed2, path, index, calls);

            Charge(3 * WorkBudget.ObjectCost, path);
            return new OperatorDef
            {
                OpcodeIndex = (int)opcode,
                Inputs = inputs,
                Outputs = outputs,
                Intermediates = intermediates,
                BuiltinOptionsType = type,
                BuiltinOptions2Type = type2,
                ParsedOptions = parsed,
                ParsedOptions2 = parsed2,
                CustomOptions = customOptions,
                SubGraphIndex = subGraph,
                Index = index,
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

        /// <summary>Parsed options records by (table position, union and type): a table shared by many operators is parsed once.</summary>
        private readonly Dictionary<(int Position, int UnionType), object> _options = [];

        /// <summary>
        /// An operator's options table must be of the type its operator takes (<see cref="OperatorOptions"/>), in the
        /// union it takes it in; operators this schema does not know may carry any table.
        /// </summary>
        private static void CheckOptionsTypes(BuiltinOperator code, int type, int type2, string path)
        {
            if ((type == 0 && type2 == 0) || OperatorOptions.Expected(code) is not var (expected, expected2))
                return;
            if (type != 0 && type != (int)expected)
                throw new ModelFormatException($"{path}.builtin_options: {code} takes {Takes((int)expected, 1)}, found {OptionsTable.UnionName(type, 1)}");
            if (type2 != 0 && type2 != (int)expected2)
                throw new ModelFormatException($"{path}.builtin_options_2: {code} takes {Takes((int)expected2, 2)} there, found {OptionsTable.UnionName(type2, 2)}");
        }

        private static string Takes(int type, int union) => type == 0 ? "no options table" : OptionsTable.UnionName(type, union);

        /// <summary>Parses one options table into its record (the explicit <see cref="OptionsParsers"/> table), once per table.</summary>
        private object ParseOptions(int union, int type, int position, int subGraph, int op)
        {
            var key = (position, union << 8 | type);
            if (_options.TryGetValue(key, out object? parsed))
                return parsed;
            Charge(4 * WorkBudget.ObjectCost, $"subgraphs[{subGraph}].operators[{op}]");
            var table = new OptionsTable(_bb, this, union, type, position, subGraph, op);
            parsed = union == 1 ? OptionsParsers.Parse((BuiltinOptions)type, table) : OptionsParsers.Parse((BuiltinOptions2)type, table);
            _options.Add(key, parsed);
            return parsed;
        }

        /// <summary>Records (and range-checks) the subgraphs an operator runs.</summary>
        private void CollectCalls(BuiltinOperator code, object? options, object? options2, string path, int op, List<SubGraphCall> calls)
        {
            switch (code)
            {
                case BuiltinOperator.IF:
                {
                    var o = Require<IfOptions>(options, code, path);
                    AddCall(calls, op, o.ThenSubgraphIndex, path, "builtin_options(IfOptions).then_subgraph_index");
                    AddCall(calls, op, o.ElseSubgraphIndex, path, "builtin_options(IfOptions).else_subgraph_index");
                    return;
                }
                case BuiltinOperator.WHILE:
                {
                    var o = Require<WhileOptions>(options, code, path);
                    AddCall(calls, op, o.CondSubgraphIndex, path, "builtin_options(WhileOptions).cond_subgraph_index");
                    AddCall(calls, op, o.BodySubgraphIndex, path, "builtin_options(WhileOptions).body_subgraph_index");
                    return;
                }
                case BuiltinOperator.CALL_ONCE:
                {
                    var o = Require<CallOnceOptions>(options, code, path);
                    AddCall(calls, op, o.InitSubgraphIndex, path, "builtin_options(CallOnceOptions).init_subgraph_index");
                    return;
                }
                case BuiltinOperator.CALL:
                {
                    var o = Require<CallOptions>(options, code, path);
                    AddCall(calls, op, o.Subgraph > int.MaxValue ? -1 : (int)o.Subgraph, path, "builtin_options(CallOptions).subgraph");
                    return;
                }
            }

            // StableHLO region operators carry subgraph indices in builtin_options_2.
            switch (options2)
            {
                case StablehloWhileOptions w:
                    AddCall(calls, op, w.CondSubgraphIndex, path, "builtin_options_2(StablehloWhileOptions).cond_subgraph_index");
                    AddCall(calls, op, w.BodySubgraphIndex, path, "builtin_options_2(StablehloWhileOptions).body_subgraph_index");
                    break;
                case StablehloReduceOptions r:
                    AddCall(calls, op, r.BodySubgraphIndex, path, "builtin_options_2(StablehloReduceOptions).body_subgraph_index");
                    break;
                case StablehloReduceWindowOptions rw:
                    AddCall(calls, op, rw.BodySubgraphIndex, path, "builtin_options_2(StablehloReduceWindowOptions).body_subgraph_index");
                    break;
                case StablehloSortOptions so:
                    AddCall(calls, op, so.ComparatorSubgraphIndex, path, "builtin_options_2(StablehloSortOptions).comparator_subgraph_index");
                    break;
                case StablehloScatterOptions sc:
                    AddCall(calls, op, sc.UpdateComputationSubgraphIndex, path, "builtin_options_2(StablehloScatterOptions).update_computation_subgraph_index");
                    break;
                case StableHLOCompositeOptions c:
                    AddCall(calls, op, c.DecompositionSubgraphIndex, path, "builtin_options_2(StableHLOCompositeOptions).decomposition_subgraph_index");
                    break;
                case StablehloCaseOptions cases:
                    for (int i = 0; i < cases.BranchSubgraphIndices.Length; i++)
                        AddCall(calls, op, cases.BranchSubgraphIndices[i], path, "builtin_options_2(StablehloCaseOptions).branch_subgraph_indices", i);
                    break;
                case StablehloCustomCallOptions cc:
                    for (int i = 0; i < cc.CalledComputations.Length; i++)
                        AddCall(calls, op, cc.CalledComputations[i], path, "builtin_options_2(StablehloCustomCallOptions).called_computations", i);
                    break;
            }
        }

        private static T Require<T>(object? options, BuiltinOperator code, string path) where T : class
            => options as T ?? throw new ModelFormatException($"{path}.builtin_options: {code} needs {typeof(T).Name} (absent)");

        /// <summary>Adds a call to <paramref name="target"/>; the field path is built only for the error.</summary>
        private void AddCall(List<SubGraphCall> calls, int op, int target, string path, string field, int index = -1)
        {
            if (target < 0 || target >= _subGraphCount)
                throw new ModelFormatException($"{path}.{field}{(index >= 0 ? $"[{index}]" : "")}: subgraph index {target} out of range [0, {_subGraphCount})");
            Charge(16, path);
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
