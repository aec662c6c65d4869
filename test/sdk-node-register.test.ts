import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { cleanEnv, OtlpJsonReceiver } from './sdk-node-otlp-receiver.js';
import type { ChildResult } from './sdk-node-otlp-receiver.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

function run(flag: '--import' | '--require', app: string, env: Record<string, string>): Promise<ChildResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [flag, '@spool/sdk-node/register', fixture(app)],
      { cwd: root, env: cleanEnv(env), timeout: 60_000 },
      (error, stdout, stderr) => {
        const e = error as (Error & { code?: number; signal?: NodeJS.Signals }) | null;
        resolve({ code: e === null ? 0 : (e.code ?? null), signal: e?.signal ?? null, stdout, stderr });
      },
    );
  });
}

const entries = [
  { flag: '--import', app: 'sdk-node-register-app.mjs', span: 'esm-work' },
  { flag: '--require', app: 'sdk-node-register-app.cjs', span: 'cjs-work' },
] as const;

describe('@spool/sdk-node/register', () => {
  const receiver = new OtlpJsonReceiver();
  let endpoint = '';
  before(async () => {
    endpoint = await receiver.start();
  });
  after(() => receiver.close());

  for (const { flag, app, span } of entries) {
    it(`node ${flag} turns tracing on from the Operator's environment alone and delivers the span on exit`, async () => {
      const podName = `checkout-${flag.slice(2)}`;
      const r = await run(flag, app, {
        OTEL_SERVICE_NAME: 'checkout',
        OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '1',
        OTEL_PROPAGATORS: 'tracecontext,b3',
        OTEL_RESOURCE_ATTRIBUTES: `k8s.pod.name=${podName},k8s.namespace.name=shop`,
      });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stderr, '');
      const out = JSON.parse(r.stdout) as { recording: boolean; traceId: string; headers: Record<string, string> };
      assert.equal(out.recording, true);
      assert.match(out.headers['traceparent']!, new RegExp(`^00-${out.traceId}-`));
      assert.match(out.headers['b3']!, new RegExp(`^${out.traceId}-`));
      const received = receiver.spans.find((s) => s.traceId === out.traceId);
      assert.ok(received, 'the span reached the collector before the process exited');
      assert.equal(received.name, span);
      assert.equal(received.resource['service.name'], 'checkout');
      assert.equal(received.resource['k8s.pod.name'], podName);
      assert.equal(received.resource['telemetry.sdk.name'], 'spool');
    });
  }

  for (const { flag, app } of entries) {
    it(`node ${flag} with OTEL_SDK_DISABLED=true records and sends nothing`, async () => {
      const before = receiver.requests;
      const r = await run(flag, app, { OTEL_SDK_DISABLED: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' });
      assert.equal(r.code, 0, r.stderr);
      const out = JSON.parse(r.stdout) as { recording: boolean; headers: Record<string, string> };
      assert.equal(out.recording, false);
      assert.deepEqual(out.headers, {});
      assert.equal(receiver.requests, before);
    });
  }

  for (const { flag, app } of entries) {
    it(`node ${flag} with nonsense in every variable still runs the application`, async () => {
      const r = await run(flag, app, {
        OTEL_SDK_DISABLED: 'maybe',
        OTEL_LOG_LEVEL: 'shout',
        OTEL_SERVICE_NAME: '',
        OTEL_RESOURCE_ATTRIBUTES: '=,%%%,a',
        OTEL_PROPAGATORS: 'smoke-signals',
        OTEL_TRACES_SAMPLER: 'traceidratio',
        OTEL_TRACES_SAMPLER_ARG: 'half',
        OTEL_TRACES_EXPORTER: 'carrier-pigeon,none',
        OTEL_BSP_SCHEDULE_DELAY: '-1',
        OTEL_BSP_MAX_QUEUE_SIZE: 'lots',
        OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT: '1.5',
        OTEL_SPAN_EVENT_COUNT_LIMIT: '-3',
        OTEL_NODE_RESOURCE_DETECTORS: 'crystal-ball',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'not a url',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'morse',
      });
      assert.equal(r.code, 0, r.stderr);
      const out = JSON.parse(r.stdout) as { recording: boolean };
      assert.equal(out.recording, true);
      // Each bad value is named once on stderr (the diag console logger's warnings).
      for (const name of ['OTEL_SDK_DISABLED', 'OTEL_LOG_LEVEL', 'OTEL_TRACES_SAMPLER_ARG', 'OTEL_BSP_SCHEDULE_DELAY', 'OTEL_NODE_RESOURCE_DETECTORS']) {
        assert.ok(r.stderr.includes(name), `${name} is reported:\n${r.stderr}`);
      }
    });
  }
});
