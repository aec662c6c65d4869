#!/usr/bin/env node
// Runs every compiled test file of the monorepo on node:test and ends with the
// runner's summary. The files are listed explicitly (rather than relying on
// `node --test`'s default globs) because the defaults differ between Node 20,
// 22 and 24 and would also pick up fixtures that live under test/ folders.
//
// Usage: node scripts/run-tests.mjs [filter...]
//   a filter keeps the files whose path contains it (e.g. `sdk-trace`).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const roots = [];
for (const name of readdirSync(join(root, 'packages'))) roots.push(join(root, 'packages', name, 'dist', 'test'));
roots.push(join(root, 'test', 'dist'));

function walk(dir, out) {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir)) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) { if (entry !== 'fixtures' && entry !== 'node_modules') walk(full, out); }
    else if (entry.endsWith('.test.js')) out.push(full);
  }
}
const files = [];
for (const dir of roots) walk(dir, files);
const filters = process.argv.slice(2);
const selected = files.filter((f) => filters.length === 0 || filters.some((x) => f.includes(x))).sort();
if (selected.length === 0) {
  console.error('run-tests: no compiled test files found; run `npm run build` first');
  process.exit(1);
}
console.log(`run-tests: ${selected.length} files on Node ${process.version}`);
const args = ['--test', '--test-concurrency=2', '--test-timeout=120000', '--test-reporter=spec', ...selected.map((f) => relative(root, f))];
const res = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
process.exit(res.status ?? 1);
