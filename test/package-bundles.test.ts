// Each package is imported through one bundled file per entry (scripts/bundle.mjs).
// These tests pin what the bundles must keep true: the same public names as the
// compiled sources, only the package's own code inlined (so `@spool/api` and
// every allowed runtime dependency stay single shared instances), and no extra
// module files read at import.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

interface Manifest {
  name: string;
  exports: unknown;
  sideEffects?: boolean | string[];
  files?: string[];
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

function targets(field: unknown): string[] {
  if (typeof field === 'string') return [field];
  if (field === null || typeof field !== 'object') return [];
  return Object.values(field).flatMap(targets);
}

const packages = readdirSync(join(root, 'packages')).map((dir) => {
  const manifest = JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')) as Manifest;
  const entries = [...new Set(targets(manifest.exports).flatMap((t) => /^\.\/dist\/bundle\/(.+)\.js$/.exec(t)?.slice(1) ?? []))];
  return { dir, manifest, entries };
});

/** Bare specifiers a bundle imports, statically or dynamically. */
function bareImports(text: string): string[] {
  const found = new Set<string>();
  for (const re of [/\bfrom\s*"([^"]+)"/g, /\bimport\s*"([^"]+)"/g, /\bimport\(\s*"([^"]+)"\s*\)/g, /\brequire\(\s*["']([^"']+)["']\s*\)/g, /\bload\(\s*["']([^"']+)["']\s*\)/g]) {
    for (const m of text.matchAll(re)) if (!m[1]!.startsWith('.')) found.add(m[1]!);
  }
  return [...found];
}

function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

test('every package is published from bundles, with declarations beside them', () => {
  for (const { dir, manifest, entries } of packages) {
    assert.ok(entries.length > 0, `${manifest.name}: exports name no dist/bundle entry`);
    for (const t of targets(manifest.exports)) {
      if (t.endsWith('.js')) assert.ok(t.startsWith('./dist/bundle/') || t.endsWith('.cjs') || t === './package.json', `${manifest.name}: export target ${t} bypasses the bundle`);
    }
    for (const entry of entries) {
      assert.ok(existsSync(join(root, 'packages', dir, 'dist', 'bundle', `${entry}.js`)), `${manifest.name}: dist/bundle/${entry}.js not built`);
      assert.ok(existsSync(join(root, 'packages', dir, 'dist', 'src', `${entry}.d.ts`)), `${manifest.name}: dist/src/${entry}.d.ts not built`);
    }
    assert.ok(manifest.files?.includes('dist/bundle'), `${manifest.name}: files must include dist/bundle`);
  }
});

test('a bundle inlines only its own package and imports only declared dependencies', () => {
  for (const { dir, manifest } of packages) {
    const bundleDir = join(root, 'packages', dir, 'dist', 'bundle');
    const declared = new Set(Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies, ...manifest.optionalDependencies }));
    let modules = 0;
    for (const file of readdirSync(bundleDir).filter((f) => f.endsWith('.js'))) {
      const text = readFileSync(join(bundleDir, file), 'utf8');
      // esbuild heads each inlined module with its path relative to the repository
      // (an entry that only re-exports a shared chunk has none).
      const inlined = [...text.matchAll(/^\/\/ (\S+\.js)$/gm)].map((m) => m[1]!);
      modules += inlined.length;
      for (const path of inlined) {
        assert.ok(path.startsWith(`packages/${dir}/dist/src/`), `${manifest.name}/${file} inlines ${path}, which is not its own code`);
      }
      for (const spec of bareImports(text)) {
        if (builtins.has(spec)) continue;
        assert.ok(declared.has(packageOf(spec)), `${manifest.name}/${file} imports ${spec}, not a declared dependency`);
      }
    }
    assert.ok(modules > 0, `${manifest.name}: no module path comments in its bundles (minified?), so this test cannot check them`);
  }
});

test('each bundled entry exports the same names as its compiled source', async () => {
  for (const { dir, manifest, entries } of packages) {
    for (const entry of entries) {
      const sideEffects = Array.isArray(manifest.sideEffects) && manifest.sideEffects.some((s) => s.endsWith(`/${entry}.js`));
      if (sideEffects) continue; // importing it starts tracing; the register tests load it through the package name
      const bundled = await import(pathToFileURL(join(root, 'packages', dir, 'dist', 'bundle', `${entry}.js`)).href) as object;
      const source = await import(pathToFileURL(join(root, 'packages', dir, 'dist', 'src', `${entry}.js`)).href) as object;
      assert.deepEqual(Object.keys(bundled).sort(), Object.keys(source).sort(), `${manifest.name} ${entry}: exported names differ`);
    }
  }
});

test('importing the SDK reads one file per package and leaves node-semver unloaded', () => {
  // A child process, so this file's own imports do not count.
  const program = `
    import { createRequire } from 'node:module';
    const names = ['@spool/api', '@spool/context-async', '@spool/samplers', '@spool/propagators', '@spool/sdk-trace', '@spool/exporter-otlp'];
    await Promise.all(names.map((n) => import(n)));
    const resolved = names.map((n) => import.meta.resolve(n));
    const cjs = Object.keys(createRequire(import.meta.url).cache);
    console.log(JSON.stringify({ resolved, cjs }));
  `;
  const res = spawnSync(process.execPath, ['--input-type=module', '-e', program], { cwd: join(root, 'test'), encoding: 'utf8' });
  assert.equal(res.status, 0, res.stderr);
  const { resolved, cjs } = JSON.parse(res.stdout) as { resolved: string[]; cjs: string[] };
  for (const url of resolved) assert.match(url, /\/dist\/bundle\/index\.js$/);
  assert.deepEqual(cjs, [], 'no CommonJS module (semver, grpc-js, protobufjs) is loaded by importing the SDK');
});
