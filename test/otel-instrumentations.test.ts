import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { cleanEnv, OtlpJsonReceiver } from './sdk-node-otlp-receiver.js';
import type { ChildResult, ReceivedSpan } from './sdk-node-otlp-receiver.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const example = fileURLToPath(new URL('../../examples/otel-instrumentations/dist/src/main.js', import.meta.url));

/** Runs the example in its own process: instrumentation-http must patch node:http before anything loads it. */
function runExample(env: Record<string, string>): Promise<ChildResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [example], { cwd: root, env: cleanEnv(env), timeout: 60_000 }, (error, stdout, stderr) => {
      const e = error as (Error & { code?: number; signal?: NodeJS.Signals }) | null;
      resolve({ code: e === null ? 0 : (e.code ?? null), signal: e?.signal ?? null, stdout, stderr });
    });
  });
}

const SERVER = 2;
const CLIENT = 3;

describe('@opentelemetry/instrumentation-http on Spool', () => {
  const receiver = new OtlpJsonReceiver();
  let spans: ReceivedSpan[] = [];
  let result: ChildResult;

  before(async () => {
    const endpoint = await receiver.start();
    result = await runExample({
      OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      // The stable HTTP conventions (http.request.method, url.*, server.*).
      OTEL_SEMCONV_STABILITY_OPT_IN: 'http',
    });
    spans = receiver.spans;
  });
  after(() => receiver.close());

  it('runs to completion', () => {
    assert.equal(result.code, 0, result.stderr);
  });

  it("records the instrumentation's client span as a child of the application's Spool span", () => {
    const checkout = spans.find((s) => s.name === 'checkout');
    const client = spans.find((s) => s.kind === CLIENT);
    assert.ok(checkout && client, JSON.stringify(spans.map((s) => [s.name, s.kind])));
    assert.equal(client.traceId, checkout.traceId);
    assert.equal(client.parentSpanId, checkout.spanId);
  });

  it('records the server span as the child of the client span, through the traceparent header', () => {
    const client = spans.find((s) => s.kind === CLIENT)!;
    const server = spans.find((s) => s.kind === SERVER);
    assert.ok(server);
    assert.equal(server.traceId, client.traceId);
    assert.equal(server.parentSpanId, client.spanId);
    assert.ok(server.events.some((e) => e.name === 'handler ran'), 'the handler saw the server span as active');
  });

  it('carries the HTTP semantic-convention attributes', () => {
    const client = spans.find((s) => s.kind === CLIENT)!;
    const server = spans.find((s) => s.kind === SERVER)!;
    assert.equal(client.attributes['http.request.method'], 'GET');
    assert.equal(client.attributes['http.response.status_code'], 200);
    assert.match(String(client.attributes['url.full']), /^http:\/\/127\.0\.0\.1:\d+\/hello$/);
    assert.equal(client.attributes['server.address'], '127.0.0.1');
    assert.equal(server.attributes['http.request.method'], 'GET');
    assert.equal(server.attributes['http.response.status_code'], 200);
    assert.equal(server.attributes['url.path'], '/hello');
    assert.equal(server.attributes['url.scheme'], 'http');
  });

  it("records no span for the exporter's own requests to the collector", () => {
    assert.equal(spans.length, 3, JSON.stringify(spans.map((s) => s.name)));
    assert.ok(spans.every((s) => s.resource['service.name'] === 'otel-instrumentations-example'));
  });
});
