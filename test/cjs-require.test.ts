import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const FIXTURE = fileURLToPath(new URL('../fixtures/require-api.cjs', import.meta.url));

test('a CommonJS program can require @spool/api and @spool/context-async', () => {
  const res = spawnSync(process.execPath, [FIXTURE], { encoding: 'utf8' });
  assert.equal(res.status, 0, `exit ${res.status}\n${res.stderr}`);
  const report = JSON.parse(res.stdout.trim()) as Record<string, unknown>;
  assert.deepEqual(report, {
    apiType: 'object',
    exports: 'ok',
    noopSpanRecording: false,
    activeValueAfterTimeout: 'cjs',
    parentCarried: true,
    sameModuleAsImport: true,
  });
});
