// A minimal, read-only walk over a .tflite FlatBuffer (schema: tensorflow/compiler/mlir/lite/schema/
// schema.fbs): operator codes, subgraphs (tensors, inputs, outputs, operators) and signature defs. It
// is used to list operators and to name a model's outputs in subgraph order; it is not a validator.

export const TENSOR_TYPES = [
  'FLOAT32', 'FLOAT16', 'INT32', 'UINT8', 'INT64', 'STRING', 'BOOL', 'INT16', 'COMPLEX64', 'INT8',
  'FLOAT64', 'COMPLEX128', 'UINT64', 'RESOURCE', 'VARIANT', 'UINT32', 'UINT16', 'INT4', 'BFLOAT16',
];

// BuiltinOperator enum values 0..161 (the StableHLO values above are printed as numbers).
const BUILTIN_NAMES = (
  'ADD AVERAGE_POOL_2D CONCATENATION CONV_2D DEPTHWISE_CONV_2D DEPTH_TO_SPACE DEQUANTIZE EMBEDDING_LOOKUP ' +
  'FLOOR FULLY_CONNECTED HASHTABLE_LOOKUP L2_NORMALIZATION L2_POOL_2D LOCAL_RESPONSE_NORMALIZATION LOGISTIC ' +
  'LSH_PROJECTION LSTM MAX_POOL_2D MUL RELU RELU_N1_TO_1 RELU6 RESHAPE RESIZE_BILINEAR RNN SOFTMAX ' +
  'SPACE_TO_DEPTH SVDF TANH CONCAT_EMBEDDINGS SKIP_GRAM CALL CUSTOM EMBEDDING_LOOKUP_SPARSE PAD ' +
  'UNIDIRECTIONAL_SEQUENCE_RNN GATHER BATCH_TO_SPACE_ND SPACE_TO_BATCH_ND TRANSPOSE MEAN SUB DIV SQUEEZE ' +
  'UNIDIRECTIONAL_SEQUENCE_LSTM STRIDED_SLICE BIDIRECTIONAL_SEQUENCE_RNN EXP TOPK_V2 SPLIT LOG_SOFTMAX DELEGATE ' +
  'BIDIRECTIONAL_SEQUENCE_LSTM CAST PRELU MAXIMUM ARG_MAX MINIMUM LESS NEG PADV2 GREATER GREATER_EQUAL ' +
  'LESS_EQUAL SELECT SLICE SIN TRANSPOSE_CONV SPARSE_TO_DENSE TILE EXPAND_DIMS EQUAL NOT_EQUAL LOG SUM SQRT ' +
  'RSQRT SHAPE POW ARG_MIN FAKE_QUANT REDUCE_PROD REDUCE_MAX PACK LOGICAL_OR ONE_HOT LOGICAL_AND LOGICAL_NOT ' +
  'UNPACK REDUCE_MIN FLOOR_DIV REDUCE_ANY SQUARE ZEROS_LIKE FILL FLOOR_MOD RANGE RESIZE_NEAREST_NEIGHBOR ' +
  'LEAKY_RELU SQUARED_DIFFERENCE MIRROR_PAD ABS SPLIT_V UNIQUE CEIL REVERSE_V2 ADD_N GATHER_ND COS WHERE RANK ' +
  'ELU REVERSE_SEQUENCE MATRIX_DIAG QUANTIZE MATRIX_SET_DIAG ROUND HARD_SWISH IF WHILE NON_MAX_SUPPRESSION_V4 ' +
  'NON_MAX_SUPPRESSION_V5 SCATTER_ND SELECT_V2 DENSIFY SEGMENT_SUM BATCH_MATMUL ' +
  'PLACEHOLDER_FOR_GREATER_OP_CODES CUMSUM CALL_ONCE BROADCAST_TO RFFT2D CONV_3D IMAG REAL COMPLEX_ABS ' +
  'HASHTABLE HASHTABLE_FIND HASHTABLE_IMPORT HASHTABLE_SIZE REDUCE_ALL CONV_3D_TRANSPOSE VAR_HANDLE ' +
  'READ_VARIABLE ASSIGN_VARIABLE BROADCAST_ARGS RANDOM_STANDARD_NORMAL BUCKETIZE RANDOM_UNIFORM MULTINOMIAL ' +
  'GELU DYNAMIC_UPDATE_SLICE RELU_0_TO_1 UNSORTED_SEGMENT_PROD UNSORTED_SEGMENT_MAX UNSORTED_SEGMENT_SUM ' +
  'ATAN2 UNSORTED_SEGMENT_MIN SIGN BITCAST BITWISE_XOR RIGHT_SHIFT'
).split(' ');

export function builtinName(code) {
  return BUILTIN_NAMES[code] ?? `BUILTIN_${code}`;
}

class Reader {
  constructor(bytes) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  check(pos, size, what) {
    if (pos < 0 || pos + size > this.bytes.length) throw new Error(`flatbuffer: ${what} at ${pos} is outside the file`);
  }
  u8(pos) { this.check(pos, 1, 'byte'); return this.view.getUint8(pos); }
  i8(pos) { this.check(pos, 1, 'byte'); return this.view.getInt8(pos); }
  u16(pos) { this.check(pos, 2, 'u16'); return this.view.getUint16(pos, true); }
  i32(pos) { this.check(pos, 4, 'i32'); return this.view.getInt32(pos, true); }
  u32(pos) { this.check(pos, 4, 'u32'); return this.view.getUint32(pos, true); }
  // Position of field `id` of the table at `table`, or 0 when absent.
  field(table, id) {
    const vtable = table - this.i32(table);
    const vtableSize = this.u16(vtable);
    const slot = 4 + 2 * id;
    if (slot + 2 > vtableSize) return 0;
    const offset = this.u16(vtable + slot);
    return offset === 0 ? 0 : table + offset;
  }
  indirect(pos) { return pos + this.u32(pos); }
  table(table, id) { const p = this.field(table, id); return p ? this.indirect(p) : 0; }
  scalar(table, id, kind, dflt) { const p = this.field(table, id); return p ? this[kind](p) : dflt; }
  string(table, id) {
    const p = this.field(table, id);
    if (!p) return null;
    const s = this.indirect(p);
    const length = this.u32(s);
    this.check(s + 4, length, 'string');
    return new TextDecoder().decode(this.bytes.subarray(s + 4, s + 4 + length));
  }
  // [length, firstElementPosition] of a vector field, or [0, 0] when absent.
  vector(table, id) {
    const p = this.field(table, id);
    if (!p) return [0, 0];
    const v = this.indirect(p);
    return [this.u32(v), v + 4];
  }
  ints(table, id) {
    const [n, start] = this.vector(table, id);
    const out = [];
    for (let i = 0; i < n; i++) out.push(this.i32(start + 4 * i));
    return out;
  }
  tables(table, id) {
    const [n, start] = this.vector(table, id);
    const out = [];
    for (let i = 0; i < n; i++) out.push(this.indirect(start + 4 * i));
    return out;
  }
}

export function readModel(bytes) {
  const r = new Reader(bytes);
  const root = r.indirect(0);
  const identifier = new TextDecoder().decode(bytes.subarray(4, 8));
  const operatorCodes = r.tables(root, 1).map((oc) => {
    const deprecated = r.scalar(oc, 0, 'i8', 0);
    const extended = r.scalar(oc, 3, 'i32', 0);
    const code = Math.max(deprecated, extended);
    const custom = r.string(oc, 1);
    return {
      builtinCode: code,
      name: code === 32 && custom !== null ? custom : builtinName(code),
      custom: code === 32 ? custom : null,
      version: r.scalar(oc, 2, 'i32', 1),
    };
  });
  const subgraphs = r.tables(root, 2).map((sg) => {
    const tensors = r.tables(sg, 0).map((t) => {
      const type = r.scalar(t, 1, 'i8', 0);
      const quantization = r.table(t, 4);
      const [scaleCount] = quantization ? r.vector(quantization, 2) : [0];
      const sparsity = r.table(t, 6);
      return {
        name: r.string(t, 3) ?? '',
        shape: r.ints(t, 0),
        shapeSignature: r.field(t, 7) ? r.ints(t, 7) : null,
        type: TENSOR_TYPES[type] ?? `TYPE_${type}`,
        buffer: r.scalar(t, 2, 'u32', 0),
        quantized: scaleCount > 0,
        sparse: sparsity !== 0,
        sparsity: sparsity ? {
          traversalOrder: r.ints(sparsity, 0),
          blockMap: r.ints(sparsity, 1),
          dimFormats: r.tables(sparsity, 2).map((dm) => (r.scalar(dm, 0, 'i8', 0) === 1 ? 'SPARSE_CSR' : 'DENSE')),
        } : null,
      };
    });
    const operators = r.tables(sg, 3).map((op) => ({
      opcodeIndex: r.scalar(op, 0, 'u32', 0),
      inputs: r.ints(op, 1),
      outputs: r.ints(op, 2),
      raw: op,
      optionsType: r.scalar(op, 3, 'u8', 0),
      options: r.table(op, 4),
      customOptionsBytes: r.vector(op, 5)[0],
    }));
    return { name: r.string(sg, 4), tensors, inputs: r.ints(sg, 1), outputs: r.ints(sg, 2), operators };
  });
  const signatureDefs = r.tables(root, 7).map((sd) => {
    const maps = (id) => r.tables(sd, id).map((m) => ({ name: r.string(m, 0), tensorIndex: r.scalar(m, 1, 'u32', 0) }));
    return { key: r.string(sd, 2), subgraphIndex: r.scalar(sd, 4, 'u32', 0), inputs: maps(0), outputs: maps(1) };
  });
  // Byte size of each buffer's data (inline data vector, or offset/size for models over 2 GB).
  const buffers = r.tables(root, 4).map((b) => {
    const [n, start] = r.vector(b, 0);
    if (n > 0) return { start, size: n };
    const offsetField = r.field(b, 1);
    const sizeField = r.field(b, 2);
    return offsetField && sizeField
      ? { start: Number(r.view.getBigUint64(offsetField, true)), size: Number(r.view.getBigUint64(sizeField, true)) }
      : { start: 0, size: 0 };
  });
  const bufferSizes = buffers.map((b) => b.size);
  const metadata = r.tables(root, 6).map((m) => ({ name: r.string(m, 0), buffer: r.scalar(m, 1, 'u32', 0) }));
  return {
    reader: r,
    buffers,
    bufferSizes,
    identifier,
    version: r.scalar(root, 0, 'u32', 0),
    description: r.string(root, 3),
    operatorCodes,
    subgraphs,
    signatureDefs,
    metadata,
  };
}

// Operator inventory of a model: [{ name, version, count }] over all subgraphs, sorted by name/version.
export function operatorInventory(model) {
  const counts = new Map();
  for (const sg of model.subgraphs) {
    for (const op of sg.operators) {
      const oc = model.operatorCodes[op.opcodeIndex];
      const key = `${oc.name}\u0000${oc.version}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return [...counts.entries()]
    .map(([key, count]) => { const [name, version] = key.split('\u0000'); return { name, version: Number(version), count }; })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.version - b.version));
}

const PADDING = ['SAME', 'VALID'];
const ACTIVATION = ['NONE', 'RELU', 'RELU_N1_TO_1', 'RELU6', 'TANH', 'SIGN_BIT'];

// Values of a constant int32 tensor, or null.
function constInts(model, tensor) {
  const b = model.buffers[tensor.buffer];
  if (!b || b.size === 0 || tensor.type !== 'INT32') return null;
  const out = [];
  for (let k = 0; k + 4 <= b.size; k += 4) out.push(model.reader.i32(b.start + k));
  return out;
}

const AXIS_LETTERS = { 4: 'NHWC', 3: 'NXC', 2: 'NC', 1: 'C' };

// Broadcast pattern of `shape` against `full` (right-aligned): size-1 dims as 1, others as axis letters.
function pattern(shape, full) {
  const letters = AXIS_LETTERS[full.length] ?? full.map((_, k) => `d${k}`).join('');
  const offset = full.length - shape.length;
  return `[${shape.map((d, k) => (d === 1 ? '1' : letters[k + offset])).join(',')}]`;
}

// A short text of the options (and tensor types where they matter) of one operator, for listing the
// distinct variants of each operator a model set uses. Covers the operators these MediaPipe models use.
export function operatorVariant(model, subgraph, op) {
  const r = model.reader;
  const oc = model.operatorCodes[op.opcodeIndex];
  const o = op.options;
  const i8 = (id, d = 0) => (o ? r.scalar(o, id, 'i8', d) : d);
  const i32 = (id, d = 0) => (o ? r.scalar(o, id, 'i32', d) : d);
  const act = (id) => ACTIVATION[i8(id)] ?? `ACT_${i8(id)}`;
  const pad = () => PADDING[i8(0)] ?? `PAD_${i8(0)}`;
  const t = (k) => (k < op.inputs.length && op.inputs[k] >= 0 ? subgraph.tensors[op.inputs[k]] : null);
  const out = subgraph.tensors[op.outputs[0]];
  const type = (x) => (x ? x.type.toLowerCase() : '-');
  const parts = [];
  switch (oc.name) {
    case 'CONV_2D':
      parts.push(pad(), `stride ${i32(2)}x${i32(1)}`, `dilation ${i32(5, 1)}x${i32(4, 1)}`, act(3), `kernel ${t(1).shape[1]}x${t(1).shape[2]}`, `bias ${t(2) ? 'yes' : 'no'}`);
      break;
    case 'DEPTHWISE_CONV_2D':
      parts.push(pad(), `stride ${i32(2)}x${i32(1)}`, `dilation ${i32(6, 1)}x${i32(5, 1)}`, `multiplier ${i32(3)}`, act(4), `kernel ${t(1).shape[1]}x${t(1).shape[2]}`);
      break;
    case 'MAX_POOL_2D':
    case 'AVERAGE_POOL_2D': {
      const global = i8(0) === 1 && t(0).shape[1] === i32(4) && t(0).shape[2] === i32(3) && out.shape[1] === 1 && out.shape[2] === 1;
      parts.push(pad(), global ? 'global (filter = input size)' : `stride ${i32(2)}x${i32(1)}, filter ${i32(4)}x${i32(3)}`, act(5));
      break;
    }
    case 'ADD':
    case 'MUL':
    case 'SUB':
    case 'DIV': {
      const a = t(0);
      const b = t(1);
      const same = a.shape.join(',') === b.shape.join(',');
      parts.push(act(0), same ? 'same shapes' : `broadcast ${pattern(a.shape, out.shape)} ${pattern(b.shape, out.shape)}`);
      break;
    }
    case 'CONCATENATION':
      parts.push(`axis ${i32(0)} of rank ${out.shape.length}`, act(1), `${op.inputs.length} inputs`);
      break;
    case 'RESIZE_BILINEAR':
    case 'RESIZE_NEAREST_NEIGHBOR': {
      const base = oc.name === 'RESIZE_BILINEAR' ? 2 : 0;
      const scale = `${out.shape[1] / t(0).shape[1]}x${out.shape[2] / t(0).shape[2]}`;
      parts.push(`align_corners ${i8(base) === 1}`, `half_pixel_centers ${i8(base + 1) === 1}`, `upscale ${scale}`);
      break;
    }
    case 'MEAN':
    case 'SUM':
    case 'REDUCE_MAX': {
      const axes = constInts(model, t(1));
      parts.push(`axes [${axes ?? '?'}] of rank ${t(0).shape.length}`, `keep_dims ${i8(0) === 1}`);
      break;
    }
    case 'FULLY_CONNECTED':
      parts.push(act(0), `weights_format ${i8(1)}`, `keep_num_dims ${i8(2) === 1}`, `input rank ${t(0).shape.length}`, `bias ${t(2) ? 'yes' : 'no'}`);
      break;
    case 'PAD':
    case 'PADV2':
    case 'MIRROR_PAD': {
      const p = constInts(model, t(1));
      const letters = AXIS_LETTERS[t(0).shape.length] ?? '';
      const padded = p
        ? t(0).shape.map((_, k) => (p[2 * k] || p[2 * k + 1] ? `${letters[k] ?? k}(${p[2 * k]},${p[2 * k + 1]})` : null)).filter((x) => x).join(' ')
        : '?';
      parts.push(`pads ${padded}`);
      break;
    }
    case 'RESHAPE':
      parts.push(`rank ${t(0).shape.length}->${out.shape.length}`, `shape input ${t(1) ? 'yes' : 'no'}`);
      break;
    case 'DEQUANTIZE':
    case 'DENSIFY': {
      const x = t(0);
      const sp = x.sparsity;
      parts.push(`${type(x)}->${type(out)}`);
      if (sp) parts.push(`sparse traversal [${sp.traversalOrder}] block_map [${sp.blockMap}] dims ${sp.dimFormats.join('/')}`);
      break;
    }
    case 'PRELU':
      parts.push(`alpha ${pattern(t(1).shape, t(0).shape)}`);
      break;
    case 'DEPTH_TO_SPACE':
    case 'SPACE_TO_DEPTH':
      parts.push(`block ${i32(0)}`);
      break;
    default:
      if (oc.custom !== null) {
        const [n, start] = r.vector(op.raw, 5);
        const ints = [];
        for (let k = 0; k + 4 <= n; k += 4) ints.push(r.i32(start + k));
        parts.push(`custom options ${n} bytes${n % 4 === 0 ? ` (int32 [${ints}])` : ''}`);
        parts.push(`inputs ${op.inputs.map((k) => (k >= 0 ? `[${subgraph.tensors[k].shape}]` : '-')).join(' ')}`);
      } else {
        parts.push(`${type(t(0))}->${type(out)}`);
      }
  }
  return parts.join(', ');
}
