// NumPy .npy files, format version 1.0, little-endian, C order.
import { readFileSync, writeFileSync } from 'node:fs';

// dtype name (as LiteRT.js / this tool spells it) -> [numpy descr, TypedArray constructor]
export const NPY_DTYPES = {
  float32: ['<f4', Float32Array],
  int32: ['<i4', Int32Array],
  uint8: ['|u1', Uint8Array],
  int8: ['|i1', Int8Array],
  int16: ['<i2', Int16Array],
  int64: ['<i8', BigInt64Array],
  bool: ['|b1', Uint8Array],
};

function shapeText(shape) {
  if (shape.length === 0) return '()';
  if (shape.length === 1) return `(${shape[0]},)`;
  return `(${shape.join(', ')})`;
}

// Writes `data` (a TypedArray of the dtype's element type) with the given shape.
export function writeNpy(path, dtype, shape, data) {
  const entry = NPY_DTYPES[dtype];
  if (!entry) throw new Error(`npy: unsupported dtype ${dtype}`);
  const count = shape.reduce((a, b) => a * b, 1);
  if (data.length !== count) throw new Error(`npy: ${path}: ${data.length} elements for shape ${shapeText(shape)}`);
  let header = `{'descr': '${entry[0]}', 'fortran_order': False, 'shape': ${shapeText(shape)}, }`;
  // magic(6) + version(2) + header length(2) + header, padded with spaces and ending in '\n', to a
  // multiple of 64 bytes.
  const total = Math.ceil((10 + header.length + 1) / 64) * 64;
  header = header.padEnd(total - 10 - 1, ' ') + '\n';
  const prefix = Buffer.alloc(10);
  prefix.write('\x93NUMPY', 0, 'latin1');
  prefix[6] = 1;
  prefix[7] = 0;
  prefix.writeUInt16LE(header.length, 8);
  const body = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  writeFileSync(path, Buffer.concat([prefix, Buffer.from(header, 'latin1'), body]));
}

// Reads a .npy file: { dtype, shape, data }.
export function readNpy(path) {
  const bytes = readFileSync(path);
  if (bytes.length < 10 || bytes.toString('latin1', 0, 6) !== '\x93NUMPY') throw new Error(`npy: ${path}: not a .npy file`);
  const major = bytes[6];
  let headerLength;
  let headerStart;
  if (major === 1) {
    headerLength = bytes.readUInt16LE(8);
    headerStart = 10;
  } else if (major === 2 || major === 3) {
    headerLength = bytes.readUInt32LE(8);
    headerStart = 12;
  } else {
    throw new Error(`npy: ${path}: unsupported version ${major}`);
  }
  const header = bytes.toString('latin1', headerStart, headerStart + headerLength);
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const shapeMatch = /'shape':\s*\(([^)]*)\)/.exec(header);
  if (!descr || !fortran || !shapeMatch) throw new Error(`npy: ${path}: malformed header ${header.trim()}`);
  if (fortran === 'True') throw new Error(`npy: ${path}: Fortran order is not supported`);
  const shape = shapeMatch[1].split(',').map((s) => s.trim()).filter((s) => s.length > 0).map(Number);
  const normalized = descr.replace(/^=/, '<').replace(/^<([iu]1|b1)$/, '|$1');
  const dtype = Object.keys(NPY_DTYPES).find((k) => NPY_DTYPES[k][0] === normalized);
  if (!dtype) throw new Error(`npy: ${path}: unsupported dtype ${descr}`);
  const Ctor = NPY_DTYPES[dtype][1];
  const count = shape.reduce((a, b) => a * b, 1);
  const start = headerStart + headerLength;
  if (bytes.length - start !== count * Ctor.BYTES_PER_ELEMENT) {
    throw new Error(`npy: ${path}: ${bytes.length - start} data bytes, expected ${count * Ctor.BYTES_PER_ELEMENT}`);
  }
  const copy = new Uint8Array(bytes.subarray(start));
  return { dtype, shape, data: new Ctor(copy.buffer, 0, count) };
}
