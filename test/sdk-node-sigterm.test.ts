import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { cleanEnv, OtlpJsonReceiver } from './sdk-node-otlp-receiver.js';
import type { ChildResult } from './sdk-node-otlp-receiver.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const app = fileURLToPath(new URL('../fixtures/sdk-node-sigterm-app.mjs', import.meta.url));
const SPANS = 1000;

/** Starts the app with queued spans, sends SIGTERM once it is ready, and waits for it to end. */
function runAndTerminate(endpoint: string, mode: string): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', '@spool/sdk-node/register', app, String(SPANS), mode], {
      cwd: root,
      env: cleanEnv({
        OTEL_SERVICE_NAME: 'sigterm-app',
        OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        // Nothing leaves before the signal: the schedule is an hour away and a
        // batch holds more than the app makes.
        OTEL_BSP_SCHEDULE_DELAY: '3600000',
        OTEL_BSP_MAX_QUEUE_SIZE: '4096',
        OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '2048',
      }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      if (stdout === 'ready\n') child.kill('SIGTERM');
    });
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

describe('graceful shutdown of @spool/sdk-node', () => {
  const receiver = new OtlpJsonReceiver();
  let endpoint = '';
  before(async () => {
    endpoint = await receiver.start();
  });
  after(() => receiver.close());

  it('delivers every queued span on SIGTERM, then ends the process by the signal as Node would', async () => {
    const first = receiver.spans.length;
    const r = await runAndTerminate(endpoint, 'no-handler');
    assert.equal(r.signal, 'SIGTERM', r.stderr);
    assert.equal(r.stderr, '');
    const names = new Set(receiver.spans.slice(first).map((s) => s.name));
    assert.equal(names.size, SPANS, `${names.size} of ${SPANS} spans arrived`);
    for (let i = 0; i < SPANS; i++) assert.ok(names.has(`queued-${i}`), `queued-${i}`);
  });

  it("lets the application's own SIGTERM handler drain and exit, and loses no span, not even one ended while draining", async () => {
    const first = receiver.spans.length;
    const r = await runAndTerminate(endpoint, 'app-handler');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.signal, null);
    assert.equal(r.stdout, 'ready\nclosed\n');
    const names = new Set(receiver.spans.slice(first).map((s) => s.name));
    assert.equal(names.size, SPANS + 1, `${names.size} of ${SPANS + 1} spans arrived`);
    assert.ok(names.has('drained-after-sigterm'));
  });
});
