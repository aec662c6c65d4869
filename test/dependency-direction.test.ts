// Enforces the package map of DESIGN.md: imports point down, never up or
// sideways, go through a package's public entry (no deep imports), and runtime
// dependencies stay within the allowed set.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** What each package may import (besides itself, Node built-ins and allowed runtime deps). */
const allowed: Record<string, readonly string[]> = {
  api: [],
  'context-async': ['api'],
  samplers: ['api'],
  propagators: ['api'],
  'sdk-trace': ['api', 'samplers'],
  'exporter-otlp': ['api', 'sdk-trace'],
  semconv: [],
  'sdk-node': ['api', 'context-async', 'samplers', 'propagators', 'sdk-trace', 'exporter-otlp', 'semconv'],
};
const runtimeDeps = new Set(['@grpc/grpc-js', 'protobufjs', 'semver']);
const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

function sources(dir: string, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir)) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) sources(full, out);
    else if (/\.(ts|mts|cts|js|mjs|cjs)$/.test(entry) && !entry.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

/** Module specifiers of static imports and re-exports. */
function specifiers(text: string): string[] {
  const found: string[] = [];
  for (const re of [/\bfrom\s+['"]([^'"]+)['"]/g, /\bimport\s+['"]([^'"]+)['"]/g]) {
    for (const m of text.matchAll(re)) found.push(m[1]!);
  }
  return found;
}

/** Module specifiers loaded at run time: `import('x')` and `require('x')`. */
function dynamicSpecifiers(text: string): string[] {
  const found: string[] = [];
  for (const re of [/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g, /\brequire\(\s*['"]([^'"]+)['"]\s*\)/g]) {
    for (const m of text.matchAll(re)) found.push(m[1]!);
  }
  return found;
}

function packageName(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
}

for (const [pkg, may] of Object.entries(allowed)) {
  test(`@spool/${pkg} imports only what the package map allows`, () => {
    const dir = join(root, 'packages', pkg, 'src');
    const manifest = JSON.parse(readFileSync(join(root, 'packages', pkg, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
      peerDependencies?: Record<string, string>;
    };
    const declared = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})]);
    const problems: string[] = [];
    for (const file of sources(dir)) {
      const rel = file.slice(root.length);
      // Comments may show usage examples (`import { x } from '@spool/sdk-node'`); only code counts.
      const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
      const dynamic = new Set(dynamicSpecifiers(text));
      for (const spec of [...specifiers(text), ...dynamic]) {
        if (spec.startsWith('.') || builtins.has(spec)) continue;
        const name = packageName(spec);
        if (name.startsWith('@spool/')) {
          const target = name.slice('@spool/'.length);
          if (target === pkg) problems.push(`${rel}: imports its own package by name (${spec})`);
          else if (!may.includes(target)) problems.push(`${rel}: imports ${spec}, which @spool/${pkg} may not depend on`);
          else if (spec !== name && !(target === 'semconv' && spec === '@spool/semconv/incubating')) problems.push(`${rel}: deep import ${spec}`);
          if (!declared.has(name)) problems.push(`${rel}: imports ${name} but package.json does not declare it`);
        } else if (spec.startsWith('@opentelemetry/')) {
          // Optional interop (sdk-node registering into @opentelemetry/api when the
          // application has it) is loaded at run time; a static import would make
          // it a hard dependency.
          if (!(pkg === 'sdk-node' && dynamic.has(spec))) problems.push(`${rel}: static import of ${spec}; @opentelemetry/* are devDependencies only`);
        } else if (!runtimeDeps.has(name)) {
          problems.push(`${rel}: imports ${name}, which is not an allowed runtime dependency`);
        } else if (!declared.has(name)) {
          problems.push(`${rel}: imports ${name} but package.json does not declare it`);
        }
      }
    }
    assert.deepEqual(problems, []);
  });

  test(`@spool/${pkg} declares only allowed runtime dependencies`, () => {
    const manifest = JSON.parse(readFileSync(join(root, 'packages', pkg, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    const bad = Object.keys(manifest.dependencies ?? {}).filter((d) => {
      if (runtimeDeps.has(d)) return false;
      if (d.startsWith('@spool/')) return !may.includes(d.slice('@spool/'.length));
      return true;
    });
    assert.deepEqual(bad, []);
  });
}

test('the checker itself flags an upward import', () => {
  // Guards against a checker that silently passes everything.
  assert.deepEqual(specifiers("import { x } from '@spool/sdk-node';\nexport { y } from './y.js';"), ['@spool/sdk-node', './y.js']);
  assert.deepEqual(dynamicSpecifiers("const y = await import('@opentelemetry/api'); require('semver')"), ['@opentelemetry/api', 'semver']);
  assert.equal(allowed['api']!.includes('sdk-node'), false);
  assert.equal(packageName('@grpc/grpc-js/build/src/x'), '@grpc/grpc-js');
});
