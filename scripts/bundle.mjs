#!/usr/bin/env node
// Bundles each package's compiled entry points (dist/src/<entry>.js, written by
// `tsc -b`) into dist/bundle/<entry>.js, one file per entry, so that importing a
// package reads one module instead of dozens. Node's ESM loader pays roughly a
// millisecond per module file (resolve, stat, read, compile), which dominated
// cold start (see docs/benchmarks.md, cold_start).
//
// What is bundled is only the package's own code: every dependency,
// peerDependency and optionalDependency (and their subpaths) stays an import,
// so `@spool/api` remains one shared instance and the allowed runtime
// dependencies are loaded from node_modules as before. A package with several
// entries is split (shared code in a chunk), so its entries share module state.
//
// The entries are read from the package's `exports` map: every target under
// ./dist/bundle/ names the compiled file of the same name under ./dist/src/.
//
// Usage: node scripts/bundle.mjs [packages/<name> ...]   (default: all packages)
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Every string target in an `exports` map (conditions nested at any depth). */
function exportTargets(exportsField) {
  if (typeof exportsField === 'string') return [exportsField];
  if (exportsField === null || typeof exportsField !== 'object') return [];
  return Object.values(exportsField).flatMap(exportTargets);
}

/** The entries of one package: `dist/bundle/x.js` targets mapped to `dist/src/x.js`. */
function bundleEntries(manifest) {
  const entries = new Set();
  for (const target of exportTargets(manifest.exports)) {
    const m = /^\.\/dist\/bundle\/(.+)\.js$/.exec(target);
    if (m !== null) entries.add(m[1]);
  }
  return [...entries].sort();
}

/** Import specifiers that must stay imports: declared dependencies and their subpaths. */
function externalsOf(manifest) {
  const names = Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies, ...manifest.optionalDependencies });
  return names.flatMap((n) => [n, `${n}/*`]);
}

async function bundlePackage(dir) {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const entries = bundleEntries(manifest);
  if (entries.length === 0) return undefined;
  const entryPoints = entries.map((e) => {
    const file = join(dir, 'dist', 'src', `${e}.js`);
    if (!existsSync(file)) throw new Error(`${manifest.name}: ${relative(root, file)} is missing; run tsc -b first`);
    return { in: file, out: e };
  });
  const outdir = join(dir, 'dist', 'bundle');
  rmSync(outdir, { recursive: true, force: true });
  const result = await build({
    entryPoints,
    outdir,
    bundle: true,
    splitting: entries.length > 1,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: externalsOf(manifest),
    // Readable output: no minification, so stack traces and diag messages name
    // our functions; tsc's source maps are chained so they point at src/*.ts.
    sourcemap: 'linked',
    sourcesContent: false,
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
    absWorkingDir: root,
  });
  return { name: manifest.name, entries, outputs: Object.keys(result.metafile.outputs).filter((o) => o.endsWith('.js')).length };
}

const args = process.argv.slice(2);
const dirs = args.length > 0
  ? args.map((a) => resolve(a))
  : readdirSync(join(root, 'packages'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => join(root, 'packages', d.name));
const done = [];
for (const dir of dirs) {
  const r = await bundlePackage(dir);
  if (r !== undefined) done.push(`${r.name} (${r.outputs} file${r.outputs === 1 ? '' : 's'})`);
}
console.log(`bundled ${done.join(', ')}`);
