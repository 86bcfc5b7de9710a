#!/usr/bin/env node
// ManagedLite's oracle: runs .tflite models in LiteRT.js (@litertjs/core 2.5.3, Google's LiteRT compiled
// to WebAssembly, XNNPACK on the CPU, one thread) under Node, to produce reference outputs and latency
// figures for the conformance tests. See tests/ConformanceModels/README.md.
//
//   node tools/oracle/oracle.mjs run MODEL --out DIR [--seed N] [--input a.npy ...]
//   node tools/oracle/oracle.mjs bench MODEL [--runs N] [--warmup N] [--seed N] [--json]
//   node tools/oracle/oracle.mjs inspect MODEL [--json]
//   node tools/oracle/oracle.mjs refs [--models DIR] [--out DIR] [--inputs-out DIR] [--seed N] [--bench-runs N] [--only NAME]
//   node tools/oracle/oracle.mjs inventory [--models DIR]      (markdown tables for the README)
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadedWasmScripts, loadLiteRtNode, RUNTIME_DESCRIPTION } from './lib/litert.mjs';
import { NPY_DTYPES, readNpy, writeNpy } from './lib/npy.mjs';
import { fill, Mulberry32 } from './lib/rng.mjs';
import { operatorInventory, operatorVariant, readModel } from './lib/tflite.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '..', '..');
const manifest = JSON.parse(readFileSync(join(here, 'models.json'), 'utf8'));

class UsageError extends Error {}

function parseArgs(argv, spec) {
  const options = { _: [] };
  for (const [key, kind] of Object.entries(spec)) if (kind === 'list') options[key] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      options._.push(arg);
      continue;
    }
    const key = arg.slice(2);
    const kind = spec[key];
    if (!kind) throw new UsageError(`unknown option ${arg}`);
    if (kind === 'flag') {
      options[key] = true;
      continue;
    }
    if (i + 1 >= argv.length) throw new UsageError(`${arg} needs a value`);
    const value = argv[++i];
    if (kind === 'list') {
      // `--input a.npy --input b.npy` or `--input a.npy b.npy`
      options[key].push(value);
      while (i + 1 < argv.length && argv[i + 1].endsWith('.npy') && !argv[i + 1].startsWith('--')) options[key].push(argv[++i]);
    }
    else if (kind === 'int') {
      if (!/^\d+$/.test(value)) throw new UsageError(`${arg} needs a non-negative integer, got ${value}`);
      options[key] = Number(value);
    } else options[key] = value;
  }
  return options;
}

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
const bytesOf = (typed) => new Uint8Array(typed.buffer, typed.byteOffset, typed.byteLength);

function packageOf(modelSha) {
  for (const pkg of manifest.packages) {
    const model = pkg.models.find((m) => m.sha256 === modelSha);
    if (model) return { pkg, model };
  }
  return null;
}

// dtype names used by LiteRT.js and the .npy writer, from the schema's TensorType names.
const DTYPE_OF_SCHEMA = { FLOAT32: 'float32', INT32: 'int32', UINT8: 'uint8', INT8: 'int8', INT16: 'int16', INT64: 'int64', BOOL: 'bool' };

// Matches LiteRT.js's signature tensors (details[k].name) to the tensor indices of the model's
// subgraph inputs/outputs, and returns, for each subgraph position j, the LiteRT index k.
// LiteRT.js orders tensors by its signature: for a model without signature defs it makes a
// placeholder signature named by tensor names; with signature defs the names are the signature's
// aliases. Either way the mapping goes through tensor indices, never through position.
function mapToSubgraph(details, subgraphList, subgraph, signatureDef, which) {
  const byName = new Map();
  for (let k = 0; k < details.length; k++) {
    let tensorIndex;
    if (signatureDef) {
      const entry = signatureDef[which].find((e) => e.name === details[k].name);
      if (!entry) throw new Error(`signature ${which} ${details[k].name} not in the model's signature def`);
      tensorIndex = entry.tensorIndex;
    } else {
      const matches = subgraphList.filter((t) => subgraph.tensors[t].name === details[k].name);
      if (matches.length !== 1) throw new Error(`cannot map LiteRT ${which} '${details[k].name}' to one subgraph ${which} tensor (${matches.length} matches)`);
      tensorIndex = matches[0];
    }
    if (byName.has(tensorIndex)) throw new Error(`two LiteRT ${which} map to tensor ${tensorIndex}`);
    byName.set(tensorIndex, k);
  }
  if (details.length !== subgraphList.length) {
    throw new Error(`LiteRT.js reports ${details.length} ${which}, the subgraph has ${subgraphList.length}`);
  }
  return subgraphList.map((t) => {
    if (!byName.has(t)) throw new Error(`subgraph ${which} tensor ${t} (${subgraph.tensors[t].name}) has no LiteRT ${which}`);
    return byName.get(t);
  });
}

// Loads and compiles the model, maps tensors, and makes the inputs. Returns a context used by run/bench.
async function prepare(modelPath, seed, inputFiles) {
  const modelBytes = new Uint8Array(readFileSync(modelPath));
  const parsed = readModel(modelBytes);
  const subgraph = parsed.subgraphs[0];
  const tLoad = performance.now();
  const { litert } = await loadLiteRtNode();
  const runtimeLoadMs = performance.now() - tLoad;
  const tInit = performance.now();
  const compiled = await litert.loadAndCompile(modelBytes, { accelerator: 'wasm', cpuOptions: { numThreads: 1 } });
  const initMs = performance.now() - tInit;
  const signature = compiled.defaultSignature;
  const signatureDef = parsed.signatureDefs.find((s) => s.key === signature.key && s.subgraphIndex === 0) ?? null;
  const inputDetails = signature.getInputDetails();
  const outputDetails = signature.getOutputDetails();
  const inputMap = mapToSubgraph(inputDetails, subgraph.inputs, subgraph, signatureDef, 'inputs');
  const outputMap = mapToSubgraph(outputDetails, subgraph.outputs, subgraph, signatureDef, 'outputs');

  if (inputFiles.length > 0 && inputFiles.length !== subgraph.inputs.length) {
    throw new UsageError(`the model has ${subgraph.inputs.length} inputs, got ${inputFiles.length} --input files`);
  }
  const rng = new Mulberry32(seed);
  const inputs = subgraph.inputs.map((tensorIndex, i) => {
    const detail = inputDetails[inputMap[i]];
    const shape = Array.from(detail.shape);
    if (shape.some((d) => d < 0)) throw new Error(`input ${detail.name} has a dynamic shape [${shape}]`);
    const schemaDtype = DTYPE_OF_SCHEMA[subgraph.tensors[tensorIndex].type];
    const dtype = detail.dtype;
    if (schemaDtype !== dtype) throw new Error(`input ${detail.name}: LiteRT.js says ${dtype}, the model says ${subgraph.tensors[tensorIndex].type}`);
    const count = shape.reduce((a, b) => a * b, 1);
    let data;
    if (inputFiles.length > 0) {
      const npy = readNpy(inputFiles[i]);
      if (npy.dtype !== dtype) throw new UsageError(`${inputFiles[i]}: dtype ${npy.dtype}, input ${i} (${detail.name}) needs ${dtype}`);
      if (npy.shape.length !== shape.length || npy.shape.some((d, k) => d !== shape[k])) {
        throw new UsageError(`${inputFiles[i]}: shape [${npy.shape}], input ${i} (${detail.name}) needs [${shape}]`);
      }
      data = npy.data;
    } else {
      data = fill(rng, dtype, count);
    }
    return { name: subgraph.tensors[tensorIndex].name, signatureName: detail.name, tensorIndex, dtype, shape, data };
  });
  const makeTensor = (input) => {
    const typed = input.dtype === 'bool' ? new litert.BoolArray(input.data) : input.data;
    return new litert.Tensor(typed, input.shape);
  };
  // LiteRT.js takes inputs in its own (signature) order.
  const liteRtInputs = new Array(inputs.length);
  inputs.forEach((input, i) => { liteRtInputs[inputMap[i]] = makeTensor(input); });
  return { modelBytes, parsed, subgraph, compiled, signature, inputs, liteRtInputs, outputDetails, outputMap, runtimeLoadMs, initMs };
}

// One invoke; returns outputs in subgraph order: [{ name, tensorIndex, dtype, shape, data }].
async function invoke(ctx) {
  const raw = await ctx.signature.run(ctx.liteRtInputs);
  try {
    return ctx.subgraph.outputs.map((tensorIndex, j) => {
      const tensor = raw[ctx.outputMap[j]];
      return {
        name: ctx.subgraph.tensors[tensorIndex].name,
        signatureName: ctx.outputDetails[ctx.outputMap[j]].name,
        tensorIndex,
        dtype: tensor.type.dtype,
        shape: Array.from(tensor.type.layout.dimensions),
        data: tensor.toTypedArray(),
      };
    });
  } finally {
    for (const t of raw) t.delete();
  }
}

function dispose(ctx) {
  for (const t of ctx.liteRtInputs) t?.delete();
  ctx.compiled.delete();
}

function maxAbs(data) {
  let m = 0;
  let nonFinite = 0;
  for (let i = 0; i < data.length; i++) {
    const v = Number(data[i]);
    if (!Number.isFinite(v)) nonFinite++;
    else if (Math.abs(v) > m) m = Math.abs(v);
  }
  return { max_abs: m, non_finite: nonFinite };
}

function describeModel(modelPath, modelBytes) {
  const modelSha = sha256(modelBytes);
  const origin = packageOf(modelSha);
  return {
    model: basename(modelPath),
    model_sha256: modelSha,
    model_bytes: modelBytes.length,
    package: origin ? `${origin.pkg.name}@${origin.pkg.version}` : null,
    package_path: origin ? origin.model.source : null,
  };
}

async function cmdRun(argv) {
  const o = parseArgs(argv, { seed: 'int', out: 'string', input: 'list' });
  if (o._.length !== 1 || !o.out) throw new UsageError('usage: run MODEL --out DIR [--seed N] [--input a.npy ...]');
  const modelPath = o._[0];
  const seed = o.seed ?? 1;
  const ctx = await prepare(modelPath, seed, o.input);
  const outputs = await invoke(ctx);
  mkdirSync(o.out, { recursive: true });
  ctx.inputs.forEach((x, i) => writeNpy(join(o.out, `input_${i}.npy`), x.dtype, x.shape, x.data));
  outputs.forEach((y, j) => writeNpy(join(o.out, `output_${j}.npy`), y.dtype, y.shape, y.data));
  const meta = {
    ...describeModel(modelPath, ctx.modelBytes),
    runtime: RUNTIME_DESCRIPTION,
    runtime_build: loadedWasmScripts().join(', '),
    node: process.version,
    seed: o.input.length > 0 ? null : seed,
    input_source: o.input.length > 0 ? o.input.map((p) => basename(p)) : `Mulberry32 seeded generator, seed ${seed}`,
    inputs: ctx.inputs.map((x, i) => ({
      index: i,
      name: x.name,
      ...(x.signatureName !== x.name ? { signature_name: x.signatureName } : {}),
      tensor_index: x.tensorIndex,
      dtype: x.dtype,
      shape: x.shape,
      file: `input_${i}.npy`,
      data_sha256: sha256(bytesOf(x.data)),
    })),
    outputs: outputs.map((y, j) => ({
      index: j,
      name: y.name,
      ...(y.signatureName !== y.name ? { signature_name: y.signatureName } : {}),
      tensor_index: y.tensorIndex,
      dtype: y.dtype,
      shape: y.shape,
      file: `output_${j}.npy`,
      ...maxAbs(y.data),
    })),
  };
  writeFileSync(join(o.out, 'meta.json'), JSON.stringify(meta, null, 2) + '\n');
  dispose(ctx);
  process.stdout.write(`${meta.model}: ${outputs.length} outputs written to ${o.out}\n`);
}

function percentile(sorted, p) {
  // nearest-rank
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

function median(sorted) {
  const n = sorted.length;
  return n % 2 === 1 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

async function cmdBench(argv) {
  const o = parseArgs(argv, { runs: 'int', warmup: 'int', seed: 'int', json: 'flag' });
  if (o._.length !== 1) throw new UsageError('usage: bench MODEL [--runs N] [--warmup N] [--seed N] [--json]');
  const runs = o.runs ?? 50;
  const warmup = o.warmup ?? 5;
  if (runs < 1) throw new UsageError('--runs must be at least 1');
  const ctx = await prepare(o._[0], o.seed ?? 1, []);
  const timeOne = async () => {
    const t0 = performance.now();
    const raw = await ctx.signature.run(ctx.liteRtInputs);
    const ms = performance.now() - t0;
    for (const t of raw) t.delete();
    return ms;
  };
  const firstMs = await timeOne();
  for (let i = 0; i < warmup; i++) await timeOne();
  const times = [];
  for (let i = 0; i < runs; i++) times.push(await timeOne());
  dispose(ctx);
  const sorted = [...times].sort((a, b) => a - b);
  const round = (v) => Math.round(v * 1000) / 1000;
  const result = {
    model: basename(o._[0]),
    runtime: RUNTIME_DESCRIPTION,
    runtime_build: loadedWasmScripts().join(', '),
    threads: 1,
    runtime_load_ms: round(ctx.runtimeLoadMs),
    init_ms: round(ctx.initMs),
    first_ms: round(firstMs),
    median_ms: round(median(sorted)),
    p90_ms: round(percentile(sorted, 90)),
    min_ms: round(sorted[0]),
    max_ms: round(sorted[sorted.length - 1]),
    runs,
    warmup,
  };
  if (o.json) {
    process.stdout.write(JSON.stringify(result) + '\n');
  } else {
    process.stdout.write(
      `${result.model} on ${result.runtime}\n` +
        `  init ${result.init_ms} ms (runtime load ${result.runtime_load_ms} ms), first invoke ${result.first_ms} ms\n` +
        `  ${runs} runs after ${warmup} warm-up: median ${result.median_ms} ms, p90 ${result.p90_ms} ms, min ${result.min_ms} ms, max ${result.max_ms} ms\n`,
    );
  }
}

function modelSummary(modelPath) {
  const bytes = new Uint8Array(readFileSync(modelPath));
  const parsed = readModel(bytes);
  const sg = parsed.subgraphs[0];
  const io = (list) => list.map((t) => ({
    name: sg.tensors[t].name,
    tensor_index: t,
    dtype: sg.tensors[t].type,
    shape: sg.tensors[t].shape,
    ...(sg.tensors[t].shapeSignature && sg.tensors[t].shapeSignature.some((d) => d < 0) ? { shape_signature: sg.tensors[t].shapeSignature } : {}),
  }));
  const tensorTypes = new Map();
  let sparseTensors = 0;
  for (const subgraph of parsed.subgraphs) {
    for (const t of subgraph.tensors) {
      const key = `${t.type}${t.quantized ? ' (quantized)' : ''}`;
      tensorTypes.set(key, (tensorTypes.get(key) ?? 0) + 1);
      if (t.sparse) sparseTensors++;
    }
  }
  return {
    ...describeModel(modelPath, bytes),
    subgraphs: parsed.subgraphs.length,
    signature_defs: parsed.signatureDefs.map((s) => s.key),
    metadata: parsed.metadata.map((m) => m.name),
    inputs: io(sg.inputs),
    outputs: io(sg.outputs),
    operators: sg.operators.length,
    ops: operatorInventory(parsed),
    tensor_types: Object.fromEntries([...tensorTypes.entries()].sort()),
    sparse_tensors: sparseTensors,
  };
}

const fmtIo = (list) => list.map((x) => `${x.name} ${x.dtype.toLowerCase()}[${x.shape.join(',')}]`).join(', ');

function cmdInspect(argv) {
  const o = parseArgs(argv, { json: 'flag' });
  if (o._.length !== 1) throw new UsageError('usage: inspect MODEL [--json]');
  const s = modelSummary(o._[0]);
  if (o.json) {
    process.stdout.write(JSON.stringify(s, null, 2) + '\n');
    return;
  }
  process.stdout.write(
    `${s.model} (${s.model_bytes} bytes, ${s.package ?? 'unknown package'})\n` +
      `  inputs:  ${fmtIo(s.inputs)}\n  outputs: ${fmtIo(s.outputs)}\n` +
      `  subgraphs ${s.subgraphs}, operators ${s.operators}, signature defs [${s.signature_defs.join(', ')}], metadata [${s.metadata.join(', ')}]\n` +
      `  tensor types: ${Object.entries(s.tensor_types).map(([k, v]) => `${k} x${v}`).join(', ')}; sparse tensors: ${s.sparse_tensors}\n` +
      s.ops.map((op) => `  ${op.name} v${op.version} x${op.count}\n`).join(''),
  );
}

function allModels(modelsDir) {
  const list = [];
  for (const pkg of manifest.packages) {
    for (const model of pkg.models) list.push({ pkg, model, path: join(modelsDir, pkg.short, model.file) });
  }
  return list;
}

function cmdInventory(argv) {
  const o = parseArgs(argv, { models: 'string' });
  const modelsDir = resolve(o.models ?? join(repoRoot, 'models'));
  const summaries = allModels(modelsDir).map(({ pkg, path }) => ({ pkg, s: modelSummary(path) }));
  let md = '| Package | Model | Size (bytes) | Inputs | Outputs |\n|---|---|---:|---|---|\n';
  for (const { pkg, s } of summaries) {
    md += `| ${pkg.short} | ${s.model} | ${s.model_bytes} | ${fmtIo(s.inputs)} | ${fmtIo(s.outputs)} |\n`;
  }
  md += '\n| Model | Operators (name vN xcount) |\n|---|---|\n';
  for (const { s } of summaries) {
    md += `| ${s.model} | ${s.ops.map((op) => `${op.name} v${op.version} x${op.count}`).join(', ')} |\n`;
  }
  const union = new Map();
  for (const { s } of summaries) {
    for (const op of s.ops) {
      const key = `${op.name} v${op.version}`;
      if (!union.has(key)) union.set(key, []);
      union.get(key).push(s.model.replace(/\.tflite$/, ''));
    }
  }
  md += '\n| Operator | Version | Used by |\n|---|---:|---|\n';
  for (const [key, models] of [...union.entries()].sort()) {
    const [name, version] = key.split(' v');
    md += `| ${name} | ${version} | ${models.length === summaries.length ? 'all' : models.join(', ')} |\n`;
  }
  // Distinct option/type variants of each operator over all the models.
  const variants = new Map();
  for (const { path } of allModels(modelsDir)) {
    const parsed = readModel(new Uint8Array(readFileSync(path)));
    const short = basename(path).replace(/\.tflite$/, '');
    for (const sg of parsed.subgraphs) {
      for (const op of sg.operators) {
        const oc = parsed.operatorCodes[op.opcodeIndex];
        const key = `${oc.name} v${oc.version}\u0000${operatorVariant(parsed, sg, op)}`;
        if (!variants.has(key)) variants.set(key, { count: 0, models: new Set() });
        const v = variants.get(key);
        v.count++;
        v.models.add(short);
      }
    }
  }
  md += '\n| Operator | Variant (options, shapes, types) | Count | Models |\n|---|---|---:|---|\n';
  for (const [key, v] of [...variants.entries()].sort()) {
    const [op, variant] = key.split('\u0000');
    md += `| ${op} | ${variant} | ${v.count} | ${v.models.size === summaries.length ? 'all' : [...v.models].join(', ')} |\n`;
  }
  process.stdout.write(md);
}

function runChild(args) {
  const r = spawnSync(process.execPath, [join(here, 'oracle.mjs'), ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const log = (r.stderr ?? '').split('\n').filter((l) => !/^(INFO|WARNING): |^Failed to create default WebGPU device|^\s+at |^$/.test(l));
  return { ok: r.status === 0, stdout: r.stdout ?? '', error: log.join('\n').trim() || `exit code ${r.status}` };
}

function cmdRefs(argv) {
  const o = parseArgs(argv, { models: 'string', out: 'string', 'inputs-out': 'string', seed: 'int', 'bench-runs': 'int', 'bench-warmup': 'int', only: 'list' });
  const modelsDir = resolve(o.models ?? join(repoRoot, 'models'));
  const outRoot = resolve(o.out ?? join(repoRoot, 'tests', 'ConformanceModels', 'references'));
  const inputsRoot = resolve(o['inputs-out'] ?? join(repoRoot, 'out', 'oracle-inputs'));
  const seed = o.seed ?? 1;
  const benchRuns = o['bench-runs'] ?? 20;
  const benchWarmup = o['bench-warmup'] ?? 3;
  let failures = 0;
  for (const { pkg, model, path } of allModels(modelsDir)) {
    const name = model.file.replace(/\.tflite$/, '');
    if (o.only.length > 0 && !o.only.includes(name)) continue;
    if (!existsSync(path)) throw new UsageError(`${path} is missing: run scripts/fetch-models.sh`);
    const dir = join(outRoot, pkg.short, name);
    const inputsDir = join(inputsRoot, pkg.short, name);
    const work = join(inputsRoot, '.work', pkg.short, name);
    rmSync(work, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
    rmSync(inputsDir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    mkdirSync(inputsDir, { recursive: true });
    process.stdout.write(`${pkg.short}/${name}: run ... `);
    const run = runChild(['run', path, '--seed', String(seed), '--out', work]);
    let meta;
    if (run.ok) {
      meta = JSON.parse(readFileSync(join(work, 'meta.json'), 'utf8'));
      for (const f of readdirSync(work)) {
        if (/^output_\d+\.npy$/.test(f)) renameSync(join(work, f), join(dir, f));
        else if (/^input_\d+\.npy$/.test(f)) renameSync(join(work, f), join(inputsDir, f));
      }
      process.stdout.write('ok; bench ... ');
      const bench = runChild(['bench', path, '--seed', String(seed), '--runs', String(benchRuns), '--warmup', String(benchWarmup), '--json']);
      meta.litertjs_bench = bench.ok
        ? { ...JSON.parse(bench.stdout.trim().split('\n').pop()), cpu: os.cpus()[0]?.model ?? 'unknown', note: 'informational: shared, noisy machine; re-measure side by side' }
        : { error: bench.error };
      process.stdout.write(bench.ok ? `median ${meta.litertjs_bench.median_ms} ms\n` : 'FAILED\n');
    } else {
      failures++;
      meta = { ...describeModel(path, new Uint8Array(readFileSync(path))), runtime: RUNTIME_DESCRIPTION, node: process.version, seed, error: run.error };
      process.stdout.write(`FAILED: ${run.error}\n`);
    }
    meta.ops = modelSummary(path).ops;
    meta.inputs_note = 'input_i.npy are not committed: regenerate them from the seed (generator in README.md); data_sha256 is the sha256 of the raw little-endian C-order element bytes';
    writeFileSync(join(dir, 'meta.json'), JSON.stringify(meta, null, 2) + '\n');
    rmSync(work, { recursive: true, force: true });
  }
  rmSync(join(inputsRoot, '.work'), { recursive: true, force: true });
  process.stdout.write(`references in ${outRoot}; inputs in ${inputsRoot}${failures ? `; ${failures} model(s) failed` : ''}\n`);
}

const commands = { run: cmdRun, bench: cmdBench, inspect: cmdInspect, refs: cmdRefs, inventory: cmdInventory };
const [command, ...rest] = process.argv.slice(2);
try {
  if (!commands[command]) throw new UsageError(`usage: oracle.mjs ${Object.keys(commands).join('|')} ...`);
  await commands[command](rest);
} catch (e) {
  process.stderr.write(`oracle: ${e instanceof UsageError ? e.message : e?.stack ?? e}\n`);
  process.exit(e instanceof UsageError ? 2 : 1);
}
