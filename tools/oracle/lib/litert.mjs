// Loads LiteRT.js (@litertjs/core, Google's LiteRT in WebAssembly) in Node.
//
// LiteRT.js is written for browsers (see ../../shared/ORACLES.md in the workspace):
// - it looks for `self`, `require` and `importScripts`, which Node lacks; importScripts here reads the
//   Emscripten loader script and runs it with vm.runInThisContext, with __dirname set to its folder so
//   that it finds its .wasm file;
// - its JS wrapper maps only float32/int32/uint8 tensors (the DATATYPES table in dist/index.js). The
//   WebAssembly core handles int8/int16/int64/bool too, so this module writes a private copy of
//   dist/index.js with those rows added (under node_modules/.managedlite-oracle/, which git ignores and
//   from where the package's own dependency @litertjs/wasm-utils still resolves) and imports that copy.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import vm from 'node:vm';

const here = dirname(fileURLToPath(import.meta.url));
const oracleRoot = join(here, '..');
const coreRoot = join(oracleRoot, 'node_modules', '@litertjs', 'core');

export const RUNTIME_VERSION = '@litertjs/core@2.5.3';
export const RUNTIME_DESCRIPTION = `${RUNTIME_VERSION} wasm (XNNPACK, 1 thread)`;

const ORIGINAL_TABLE = /var DATATYPES = Object\.freeze\(\[\n[\s\S]*?\n\]\);\n/;

// bool is 1 byte per element like uint8; a distinct Uint8Array subclass tells them apart when a
// tensor is made from a typed array. Its row comes before uint8's, so plain Uint8Arrays stay uint8.
const PATCHED_TABLE = `class BoolArray extends Uint8Array {}
var DATATYPES = Object.freeze([
  { dtype: "float32", typedArrayConstructor: Float32Array, elementType: ElementType.FLOAT32 },
  { dtype: "int32", typedArrayConstructor: Int32Array, elementType: ElementType.INT32 },
  { dtype: "bool", typedArrayConstructor: BoolArray, elementType: ElementType.BOOL },
  { dtype: "uint8", typedArrayConstructor: Uint8Array, elementType: ElementType.UINT8 },
  { dtype: "int8", typedArrayConstructor: Int8Array, elementType: ElementType.INT8 },
  { dtype: "int16", typedArrayConstructor: Int16Array, elementType: ElementType.INT16 },
  { dtype: "int64", typedArrayConstructor: BigInt64Array, elementType: ElementType.INT64 }
]);
`;

function writePatchedCore() {
  if (!existsSync(join(coreRoot, 'package.json'))) {
    throw new Error(`${RUNTIME_VERSION} is not installed: run "npm ci --prefix tools/oracle" first`);
  }
  const pkg = JSON.parse(readFileSync(join(coreRoot, 'package.json'), 'utf8'));
  if (`${pkg.name}@${pkg.version}` !== RUNTIME_VERSION) {
    throw new Error(`expected ${RUNTIME_VERSION} in tools/oracle/node_modules, found ${pkg.name}@${pkg.version} (run npm ci in tools/oracle)`);
  }
  const source = readFileSync(join(coreRoot, 'dist', 'index.js'), 'utf8');
  if (!ORIGINAL_TABLE.test(source)) throw new Error('LiteRT.js dist/index.js: DATATYPES table not found; cannot patch');
  const patched = source
    .replace(ORIGINAL_TABLE, PATCHED_TABLE)
    .replace(/\/\/# sourceMappingURL=.*$/m, '') + '\nexport { BoolArray };\n';
  const digest = createHash('sha256').update(patched).digest('hex').slice(0, 16);
  const dir = join(oracleRoot, 'node_modules', '.managedlite-oracle');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `litert-core-${pkg.version}-${digest}.mjs`);
  writeFileSync(path, patched);
  return path;
}

let scriptsRun = [];

// Names of the Emscripten loader scripts LiteRT.js ran: litert_wasm_internal.js where WebAssembly relaxed
// SIMD is available, litert_wasm_compat_internal.js where it is not (Node 20).
export function loadedWasmScripts() {
  return scriptsRun.slice();
}

function installBrowserShims() {
  globalThis.self = globalThis;
  globalThis.require = createRequire(import.meta.url);
  globalThis.importScripts = (url) => {
    const path = url.startsWith('file:') ? fileURLToPath(url) : url;
    globalThis.__dirname = dirname(path);
    globalThis.__filename = path;
    scriptsRun.push(path.split(/[\\/]/).pop());
    vm.runInThisContext(readFileSync(path, 'utf8'), { filename: path });
  };
}

let loaded = null;

// Returns { litert (the patched module's exports), liteRt (the loaded runtime) }.
export async function loadLiteRtNode() {
  if (loaded) return loaded;
  installBrowserShims();
  const litert = await import(pathToFileURL(writePatchedCore()).href);
  const wasmDir = pathToFileURL(join(coreRoot, 'wasm') + '/').href;
  const liteRt = await litert.loadLiteRt(wasmDir);
  loaded = { litert, liteRt };
  return loaded;
}
