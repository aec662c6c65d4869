import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { cleanEnv, OtlpJsonReceiver } from './sdk-node-otlp-receiver.js';
import type { ChildResult, ReceivedSpan } from './sdk-node-otlp-receiver.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const example = fileURLToPath(new URL('../../examples/order-service/dist/src/main.js', import.meta.url));

function runExample(env: Record<string, string>): Promise<ChildResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [example], { cwd: root, env: cleanEnv(env), timeout: 60_000 }, (error, stdout, stderr) => {
      const e = error as (Error & { code?: number; signal?: NodeJS.Signals }) | null;
      resolve({ code: e === null ? 0 : (e.code ?? null), signal: e?.signal ?? null, stdout, stderr });
    });
  });
}

describe('examples/order-service without a collector', () => {
  let r: ChildResult;
  before(async () => {
    r = await runExample({});
  });

  it('exits 0 by itself', () => {
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
  });

  it('prints one waterfall per order, each spanning the three services', () => {
    const headers = r.stdout.split('\n').filter((l) => l.startsWith('trace '));
    assert.equal(headers.length, 2, r.stdout);
    for (const h of headers) assert.match(h, /POST \/orders .* 8 spans, 3 services/);
    assert.match(headers[1]!, /2 errors/);
    assert.match(r.stdout, /^payment +  POST \/charge/m);
    assert.match(r.stdout, /^inventory +    UPDATE stock/m);
    assert.match(r.stdout, /✗ card declined by issuer/);
    assert.doesNotMatch(r.stdout, /\x1b\[/, 'no colours when not a terminal');
  });

  it('writes pino log lines that carry the trace id of the waterfall they belong to', () => {
    const logs = r.stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, string>);
    assert.deepEqual(logs.map((l) => l['msg']), ['order placed', 'payment declined']);
    for (const log of logs) {
      assert.match(log['span_id']!, /^[0-9a-f]{16}$/);
      assert.ok(r.stdout.includes(`trace ${log['trace_id']}`), `waterfall of ${log['trace_id']}`);
    }
  });
});

describe('examples/order-service with OTEL_EXPORTER_OTLP_ENDPOINT', () => {
  const receiver = new OtlpJsonReceiver();
  let r: ChildResult;
  let spans: ReceivedSpan[] = [];
  const named = (service: string, name: string, traceId?: string) =>
    spans.filter((s) => s.resource['service.name'] === service && s.name === name && (traceId === undefined || s.traceId === traceId));

  before(async () => {
    const endpoint = await receiver.start();
    r = await runExample({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' });
    spans = receiver.spans;
  });
  after(() => receiver.close());

  it('exports over OTLP instead of printing, and exits 0', () => {
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stdout, /^trace /m);
    assert.equal(spans.length, 16);
    assert.equal(new Set(spans.map((s) => s.traceId)).size, 2);
  });

  it('joins the W3C hop and the B3 hop into one trace per order', () => {
    for (const root of named('order', 'POST /orders')) {
      assert.equal(root.parentSpanId, '');
      const clientToInventory = named('order', 'POST /reserve', root.traceId)[0]!;
      const inventoryServer = named('inventory', 'POST /reserve', root.traceId)[0]!;
      const clientToPayment = named('order', 'POST /charge', root.traceId)[0]!;
      const paymentServer = named('payment', 'POST /charge', root.traceId)[0]!;
      assert.equal(inventoryServer.parentSpanId, clientToInventory.spanId);
      assert.equal(paymentServer.parentSpanId, clientToPayment.spanId);
      assert.equal(clientToPayment.parentSpanId, root.spanId);
    }
  });

  it('carries the tenantId baggage to inventory and, across B3, to payment', () => {
    for (const s of [...named('inventory', 'POST /reserve'), ...named('payment', 'POST /charge')]) {
      assert.equal(s.attributes['tenant.id'], 'acme', `${s.resource['service.name']} ${s.name}`);
    }
  });

  it('records the database call with db.* attributes', () => {
    const insert = named('order', 'INSERT orders');
    assert.equal(insert.length, 2);
    assert.equal(insert[0]!.attributes['db.system.name'], 'postgresql');
    assert.equal(insert[0]!.attributes['db.collection.name'], 'orders');
    assert.equal(insert[0]!.attributes['db.operation.name'], 'INSERT');
    assert.match(String(insert[0]!.attributes['db.query.text']), /^INSERT INTO orders .*\$1/);
  });

  it('records the declined card as an exception with ERROR status in payment', () => {
    const failed = spans.filter((s) => s.status.code === 2);
    const authorize = failed.find((s) => s.name === 'authorize card');
    assert.ok(authorize);
    assert.equal(authorize.resource['service.name'], 'payment');
    assert.equal(authorize.status.message, 'card declined by issuer');
    const exception = authorize.events.find((e) => e.name === 'exception');
    assert.equal(exception?.attributes['exception.type'], 'CardDeclinedError');
    assert.equal(exception?.attributes['exception.message'], 'card declined by issuer');
    const events = spans.flatMap((s) => s.events.map((e) => e.name));
    for (const name of ['order received', 'stock reserved', 'card authorized', 'payment declined']) assert.ok(events.includes(name), name);
  });
});
