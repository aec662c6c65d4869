// The installed-size figures of cold_start count a workspace package as npm
// would publish it, from its `files` list. These pin the reading of that list.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

interface FootprintModule {
  filesPattern(entry: string): RegExp;
  packageFootprint(roots: readonly string[], fromDir: string, repoRoot: string): { bytes: number; files: number; packages: Record<string, number>; missing: string[] };
}
const footprint = await import(pathToFileURL(join(root, 'benchmarks', 'dist', 'harness', 'package-footprint.js')).href) as FootprintModule;

test('a files entry matches its path, what lies under it, and * or **/ patterns', () => {
  const folder = footprint.filesPattern('dist/bundle');
  assert.ok(folder.test('dist/bundle'));
  assert.ok(folder.test('dist/bundle/index.js'));
  assert.ok(!folder.test('dist/bundlex/index.js'), 'a prefix of a name is not a match');
  const dts = footprint.filesPattern('dist/src/**/*.d.ts');
  assert.ok(dts.test('dist/src/index.d.ts'));
  assert.ok(dts.test('dist/src/deep/er/a.d.ts'));
  assert.ok(!dts.test('dist/src/index.js'));
  assert.ok(!dts.test('dist/src/index.d.ts.map'));
  assert.ok(footprint.filesPattern('./register.cjs').test('register.cjs'));
  assert.ok(!footprint.filesPattern('a.b').test('axb'), 'a dot is literal');
});

function sizeOf(dir: string, keep: (name: string) => boolean): number {
  let bytes = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) bytes += sizeOf(full, keep);
    else if (keep(entry.name)) bytes += statSync(full).size;
  }
  return bytes;
}

test('a workspace package counts its bundle and declarations, not its compiled sources or tests', () => {
  const api = join(root, 'packages', 'api');
  const fp = footprint.packageFootprint(['@spool/api'], join(root, 'benchmarks'), root);
  const counted = fp.packages['@spool/api@0.1.0'];
  assert.ok(counted !== undefined, `@spool/api not counted: ${JSON.stringify(Object.keys(fp.packages))}`);
  const bundle = sizeOf(join(api, 'dist', 'bundle'), () => true);
  const declarations = sizeOf(join(api, 'dist', 'src'), (n) => n.endsWith('.d.ts'));
  const compiledJs = sizeOf(join(api, 'dist', 'src'), (n) => n.endsWith('.js'));
  assert.ok(counted >= bundle + declarations, `counted ${counted} B, bundle ${bundle} B + declarations ${declarations} B`);
  assert.ok(counted < bundle + declarations + compiledJs, 'the compiled dist/src/*.js files are not published and must not count');
});
