import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { context, SpanKind, SpanStatusCode, trace } from '@spool/api';
import { BatchSpanProcessor, ExportResultCode, Resource, TracerProvider } from '@spool/sdk-trace';
import { OTLPTraceExporter, type OTLPTraceExporterOptions } from '../src/index.js';
import { encodePartialSuccessResponse } from './otlp-decoder.js';
import { receivedSpanNames, startGrpcReceiver, type Receiver } from './receivers.js';
import { makeSpan } from './span-fixtures.js';
import { captureDiag, delay, exportOnce, FAST_RECONNECT, FAST_RETRY, startCountingProxy, startSilentServer } from './test-helpers.js';
import { hasOpenssl, makeCertificates, type TestCertificates } from './test-certificates.js';

const UNAVAILABLE = 14;
const RESOURCE_EXHAUSTED = 8;
const INVALID_ARGUMENT = 3;
const DEADLINE_EXCEEDED = 4;

function grpcExporter(port: number, options: OTLPTraceExporterOptions = {}): OTLPTraceExporter {
  return new OTLPTraceExporter(
    { url: `http://127.0.0.1:${port}`, retry: FAST_RETRY, grpcChannelOptions: FAST_RECONNECT, timeoutMillis: 5000, ...options },
    {},
  );
}

/** A port that was free a moment ago (a receiver bound and closed it). */
async function freePort(): Promise<number> {
  const r = await startGrpcReceiver();
  const port = r.port;
  await r.close();
  return port;
}

describe('OTLPTraceExporter over gRPC', () => {
  it('delivers spans of a Spool TracerProvider to a collector, field by field', async () => {
    const receiver = await startGrpcReceiver();
    const exporter = grpcExporter(receiver.port);
    const provider = new TracerProvider(
      {
        resource: new Resource({ 'service.name': 'orders', 'deployment.environment.name': 'test' }),
        spanProcessors: [new BatchSpanProcessor(exporter, { scheduledDelayMillis: 60000 }, {})],
      },
      {},
    );
    try {
      const tracer = provider.getTracer('orders-tracer', '3.1.4');
      const parent = tracer.startSpan('parent', { kind: SpanKind.SERVER });
      const child = tracer.startSpan(
        'child',
        { kind: SpanKind.CLIENT, attributes: { 'http.request.method': 'GET', 'retry.count': -2, ratio: 0.5, ok: true, tags: ['a', 'b'] } },
        trace.setSpan(context.active(), parent),
      );
      child.addEvent('cache.miss', { 'cache.key': 'k1' });
      child.setStatus({ code: SpanStatusCode.ERROR, message: 'upstream failed' });
      child.end();
      parent.end();
      await provider.forceFlush();
      assert.equal(receiver.received.length, 1);
      const rs = receiver.received[0]!.request.resourceSpans[0];
      const resource = Object.fromEntries(rs.resource.attributes.map((kv: any) => [kv.key, kv.value.stringValue]));
      assert.equal(resource['service.name'], 'orders');
      assert.equal(resource['deployment.environment.name'], 'test');
      assert.equal(resource['telemetry.sdk.language'], 'nodejs');
      const ss = rs.scopeSpans[0];
      assert.deepEqual(ss.scope, { name: 'orders-tracer', version: '3.1.4', attributes: [] });
      const byName = Object.fromEntries(ss.spans.map((s: any) => [s.name, s]));
      const c = byName['child'];
      const p = byName['parent'];
      assert.equal(c.traceId, child.spanContext().traceId);
      assert.equal(c.spanId, child.spanContext().spanId);
      assert.equal(c.parentSpanId, parent.spanContext().spanId);
      assert.equal(p.traceId, parent.spanContext().traceId);
      assert.equal(p.parentSpanId, undefined);
      assert.equal(c.kind, 3);
      assert.equal(p.kind, 2);
      assert.equal(c.flags & 0xff, child.spanContext().traceFlags);
      assert.equal(c.flags & 0x300, 0x100, 'local parent: is-remote known, not set');
      const attrs = Object.fromEntries(c.attributes.map((kv: any) => [kv.key, kv.value]));
      assert.deepEqual(attrs, {
        'http.request.method': { stringValue: 'GET' },
        'retry.count': { intValue: '-2' },
        ratio: { doubleValue: 0.5 },
        ok: { boolValue: true },
        tags: { arrayValue: { values: [{ stringValue: 'a' }, { stringValue: 'b' }] } },
      });
      assert.equal(c.events.length, 1);
      assert.equal(c.events[0].name, 'cache.miss');
      assert.deepEqual(c.status, { message: 'upstream failed', code: 2 });
      assert.ok(BigInt(c.endTimeUnixNano) >= BigInt(c.startTimeUnixNano));
      assert.ok(BigInt(c.startTimeUnixNano) > 1_600_000_000_000_000_000n, 'unix nanoseconds');
    } finally {
      await provider.shutdown();
      await receiver.close();
    }
  });

  it('retries UNAVAILABLE three times, then delivers the batch exactly once', async () => {
    const receiver = await startGrpcReceiver({ reply: (n) => (n <= 3 ? { code: UNAVAILABLE, message: 'warming up' } : undefined) });
    const exporter = grpcExporter(receiver.port);
    try {
      const spans = [makeSpan({ name: 'a' }), makeSpan({ name: 'b' })];
      const result = await exportOnce(exporter, spans);
      assert.equal(result.code, ExportResultCode.SUCCESS);
      assert.equal(receiver.calls, 4);
      assert.deepEqual(receivedSpanNames(receiver), ['a', 'b']);
    } finally {
      await exporter.shutdown();
      await receiver.close();
    }
  });

  it('retries RESOURCE_EXHAUSTED when the server sends RetryInfo', async () => {
    const receiver = await startGrpcReceiver({
      reply: (n) => (n === 1 ? { code: RESOURCE_EXHAUSTED, message: 'slow down', retryDelayMillis: 20 } : undefined),
    });
    const exporter = grpcExporter(receiver.port);
    try {
      const result = await exportOnce(exporter, [makeSpan({ name: 'x' })]);
      assert.equal(result.code, ExportResultCode.SUCCESS);
      assert.equal(receiver.calls, 2);
      assert.deepEqual(receivedSpanNames(receiver), ['x']);
    } finally {
      await exporter.shutdown();
      await receiver.close();
    }
  });

  it('honours the RetryInfo delay: one longer than the time left fails without another attempt', async () => {
    // With a 5 ms backoff the exporter would retry at once if it ignored the
    // server's 60 s delay; honouring it leaves no time inside the 1 s budget.
    const receiver = await startGrpcReceiver({ reply: () => ({ code: RESOURCE_EXHAUSTED, message: 'quota', retryDelayMillis: 60000 }) });
    const exporter = grpcExporter(receiver.port, { timeoutMillis: 1000 });
    try {
      const result = await exportOnce(exporter, [makeSpan()]);
      assert.equal(result.code, ExportResultCode.FAILED);
      assert.equal(receiver.calls, 1);
      assert.match(String(result.error?.message), /RESOURCE_EXHAUSTED/);
    } finally {
      await exporter.shutdown();
      await receiver.close();
    }
  });

  it('does not retry RESOURCE_EXHAUSTED without RetryInfo', async () => {
    const receiver = await startGrpcReceiver({ reply: () => ({ code: RESOURCE_EXHAUSTED, message: 'no' }) });
    const exporter = grpcExporter(receiver.port);
    try {
      const result = await exportOnce(exporter, [makeSpan()]);
      assert.equal(result.code, ExportResultCode.FAILED);
      assert.equal(receiver.calls, 1);
    } finally {
      await exporter.shutdown();
      await receiver.close();
    }
  });

  it('fails a permanent error (INVALID_ARGUMENT) at once, without retrying', async () => {
    const receiver = await startGrpcReceiver({ reply: () => ({ code: INVALID_ARGUMENT, message: 'bad span' }) });
    const exporter = grpcExporter(receiver.port);
    try {
      const { result, messages } = await captureDiag(() => exportOnce(exporter, [makeSpan()]));
      assert.equal(result.code, ExportResultCode.FAILED);
      assert.equal((result.error as { code?: unknown }).code, INVALID_ARGUMENT);
      assert.match(String(result.error?.message), /bad span/);
      assert.equal(receiver.calls, 1);
      assert.ok(messages.some((m) => m.level === 'warn' && m.text.includes('bad span')), 'the failure is reported through diag');
    } finally {
      await exporter.shutdown();
      await receiver.close();
    }
  });

  it('fails within its timeout against a receiver slower than the timeout', async () => {
    const receiver = await startGrpcReceiver({ reply: () => ({ delayMillis: 10000 }) });
    const exporter = grpcExporter(receiver.port, { timeoutMillis: 300 });
    try {
      const result = await exportOnce(exporter, [makeSpan()]);
      assert.equal(result.code, ExportResultCode.FAILED);
      assert.equal((result.error as { code?: unknown }).code, DEADLINE_EXCEEDED);
      assert.equal(receiver.received.length, 0);
    } finally {
      await exporter.shutdown();
      await receiver.close();
    }
  });

  it('delivers to a receiver that is down at the start and comes up while retrying', async () => {
    const port = await freePort();
    const exporter = grpcExporter(port, { timeoutMillis: 10000 });
    let receiver: Receiver | undefined;
    try {
      const pending = exportOnce(exporter, [makeSpan({ name: 'late' })]);
      await delay(300);
      receiver = await startGrpcReceiver({ port });
      const result = await pending;
      assert.equal(result.code, ExportResultCode.SUCCESS);
      assert.deepEqual(receivedSpanNames(receiver), ['late']);
    } finally {
      await exporter.shutdown();
      await receiver?.close();
    }
  });

  it('recovers its channel after the collector restarts on the same port', async () => {
    let receiver = await startGrpcReceiver();
    const port = receiver.port;
    const exporter = grpcExporter(port);
    try {
      assert.equal((await exportOnce(exporter, [makeSpan({ name: 'before' })])).code, ExportResultCode.SUCCESS);
      await receiver.close();
      receiver = await startGrpcReceiver({ port });
      assert.equal((await exportOnce(exporter, [makeSpan({ name: 'after' })])).code, ExportResultCode.SUCCESS);
      assert.deepEqual(receivedSpanNames(receiver), ['after']);
    } finally {
      await exporter.shutdown();
      await receiver.close();
    }
  });

  it('abandons a channel stuck on a silent collector and delivers to its replacement', async () => {
    // The first "collector" accepts the connection and never answers (a frozen
    // pod). It is replaced on the same port while the old connection stays open
    // and silent (a half-open path): only a new channel reaches the new receiver.
    const stuck = await startSilentServer();
    const port = stuck.port;
    const exporter = grpcExporter(port, { timeoutMillis: 400 });
    let replacement: Receiver | undefined;
    try {
      const first = await exportOnce(exporter, [makeSpan({ name: 'lost-in-stuck-pod' })]);
      assert.equal(first.code, ExportResultCode.FAILED);
      await stuck.stopListening();
      replacement = await startGrpcReceiver({ port });
      const second = await exportOnce(exporter, [makeSpan({ name: 'to-replacement' })]);
      assert.equal(second.code, ExportResultCode.SUCCESS);
      assert.deepEqual(receivedSpanNames(replacement), ['to-replacement']);
    } finally {
      await exporter.shutdown();
      await replacement?.close();
      await stuck.close();
    }
  });

  it('loses nothing when the receiver dies mid-stream and a new one takes over', async () => {
    let first: Receiver | undefined;
    let second: Receiver | undefined;
    const port = await freePort();
    first = await startGrpcReceiver({
      port,
      reply: (n) => {
        if (n === 3) {
          // Die in the middle of the third call: the call is never answered.
          setImmediate(() => void first!.close());
          return { hang: true };
        }
        return undefined;
      },
    });
    const exporter = grpcExporter(port, { timeoutMillis: 10000 });
    const provider = new TracerProvider(
      { spanProcessors: [new BatchSpanProcessor(exporter, { maxExportBatchSize: 10, maxQueueSize: 1000, scheduledDelayMillis: 10 }, {})] },
      {},
    );
    try {
      const tracer = provider.getTracer('stream');
      const names: string[] = [];
      for (let i = 0; i < 100; i++) {
        const name = `s${i}`;
        names.push(name);
        tracer.startSpan(name).end();
        if (i % 10 === 9) await delay(20);
        if (i === 50) second = await startGrpcReceiver({ port }).catch(() => undefined);
      }
      if (second === undefined) {
        await delay(100);
        second = await startGrpcReceiver({ port });
      }
      await provider.forceFlush();
      const delivered = [...receivedSpanNames(first), ...receivedSpanNames(second)];
      assert.deepEqual([...delivered].sort(), [...names].sort(), 'every span delivered exactly once');
      assert.ok(receivedSpanNames(second).length > 0, 'the new receiver took over');
    } finally {
      await provider.shutdown();
      await first.close();
      await second?.close();
    }
  });

  it('sends configured headers as gRPC metadata, options over environment', async () => {
    const receiver = await startGrpcReceiver();
    const exporter = new OTLPTraceExporter(
      { url: `http://127.0.0.1:${receiver.port}`, headers: { 'x-tenant': 'from-options' } },
      { OTEL_EXPORTER_OTLP_HEADERS: 'x-tenant=from-env,authorization=Bearer%20abc', OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'x-signal=traces' },
    );
    try {
      assert.equal((await exportOnce(exporter, [makeSpan()])).code, ExportResultCode.SUCCESS);
      const headers = receiver.received[0]!.headers;
      assert.equal(headers['x-tenant'], 'from-options');
      assert.equal(headers['authorization'], 'Bearer abc');
      assert.equal(headers['x-signal'], 'traces');
      assert.match(headers['user-agent'] ?? '', /spool-exporter-otlp/);
    } finally {
      await exporter.shutdown();
      await receiver.close();
    }
  });

  for (const compression of ['gzip', 'none'] as const) {
    it(`sends ${compression === 'gzip' ? 'gzip-compressed' : 'uncompressed'} requests with compression '${compression}'`, async () => {
      const receiver = await startGrpcReceiver();
      const proxy = await startCountingProxy(receiver.port);
      const exporter = grpcExporter(proxy.port, { compression });
      try {
        const attributes = { payload: 'z'.repeat(20000) };
        assert.equal((await exportOnce(exporter, [makeSpan({ name: 'zipped', attributes })])).code, ExportResultCode.SUCCESS);
        assert.deepEqual(receivedSpanNames(receiver), ['zipped'], 'the receiver decompressed and decoded it');
        if (compression === 'gzip') assert.ok(proxy.bytesFromClient < 5000, `${proxy.bytesFromClient} bytes on the wire`);
        else assert.ok(proxy.bytesFromClient > 20000, `${proxy.bytesFromClient} bytes on the wire`);
      } finally {
        await exporter.shutdown();
        await proxy.close();
        await receiver.close();
      }
    });
  }

  it('reports a partial success through diag with the rejected count and message, without retrying', async () => {
    const receiver = await startGrpcReceiver({ reply: () => ({ response: encodePartialSuccessResponse(2, 'spans too old') }) });
    const exporter = grpcExporter(receiver.port);
    try {
      const { result, messages } = await captureDiag(() => exportOnce(exporter, [makeSpan(), makeSpan(), makeSpan()]));
      assert.equal(result.code, ExportResultCode.SUCCESS);
      assert.equal(receiver.calls, 1);
      const warning = messages.find((m) => m.level === 'warn' && m.text.includes('partial success'));
      assert.ok(warning, 'a partial-success warning');
      assert.match(warning.text, /2 span\(s\) rejected/);
      assert.match(warning.text, /spans too old/);
    } finally {
      await exporter.shutdown();
      await receiver.close();
    }
  });

  it('delivers every span still queued when the provider shuts down, then fails fast', async () => {
    const receiver = await startGrpcReceiver();
    const exporter = grpcExporter(receiver.port);
    const provider = new TracerProvider(
      { spanProcessors: [new BatchSpanProcessor(exporter, { scheduledDelayMillis: 600000, maxExportBatchSize: 16 }, {})] },
      {},
    );
    const tracer = provider.getTracer('shutdown');
    const names = Array.from({ length: 50 }, (_, i) => `q${i}`);
    for (const name of names) tracer.startSpan(name).end();
    await provider.shutdown();
    try {
      assert.deepEqual([...receivedSpanNames(receiver)].sort(), [...names].sort());
      const after = await exportOnce(exporter, [makeSpan()]);
      assert.equal(after.code, ExportResultCode.FAILED);
      assert.equal((after.error as { code?: unknown }).code, 'SHUTDOWN');
    } finally {
      await receiver.close();
    }
  });

  it('runs at most concurrencyLimit exports at once, and forceFlush waits for them', async () => {
    const receiver = await startGrpcReceiver({ reply: () => ({ delayMillis: 100 }) });
    const exporter = grpcExporter(receiver.port, { concurrencyLimit: 1 });
    try {
      const results: number[] = [];
      exporter.export([makeSpan({ name: 'one' })], (r) => results.push(r.code));
      const second = await exportOnce(exporter, [makeSpan({ name: 'two' })]);
      assert.equal(second.code, ExportResultCode.FAILED);
      assert.equal((second.error as { code?: unknown }).code, 'CONCURRENCY_LIMIT');
      await exporter.forceFlush();
      assert.deepEqual(results, [ExportResultCode.SUCCESS]);
      assert.deepEqual(receivedSpanNames(receiver), ['one']);
    } finally {
      await exporter.shutdown();
      await receiver.close();
    }
  });

  it('splits a batch that encodes over maxRequestBytes into requests that fit', async () => {
    const receiver = await startGrpcReceiver();
    const exporter = grpcExporter(receiver.port, { maxRequestBytes: 4096 });
    try {
      const spans = Array.from({ length: 20 }, (_, i) => makeSpan({ name: `big${i}`, attributes: { pad: 'p'.repeat(600) } }));
      const result = await exportOnce(exporter, spans);
      assert.equal(result.code, ExportResultCode.SUCCESS);
      assert.ok(receiver.received.length > 1, 'more than one request');
      for (const r of receiver.received) assert.ok(r.body.length <= 4096);
      assert.deepEqual(receivedSpanNames(receiver), spans.map((s) => s.name));
    } finally {
      await exporter.shutdown();
      await receiver.close();
    }
  });

  it('drops and reports a single span larger than maxRequestBytes, delivering the rest', async () => {
    const receiver = await startGrpcReceiver();
    const exporter = grpcExporter(receiver.port, { maxRequestBytes: 2048 });
    try {
      const spans = [makeSpan({ name: 'small' }), makeSpan({ name: 'huge', attributes: { pad: 'p'.repeat(5000) } })];
      const { result, messages } = await captureDiag(() => exportOnce(exporter, spans));
      assert.equal(result.code, ExportResultCode.FAILED);
      assert.equal((result.error as { code?: unknown }).code, 'TOO_LARGE');
      assert.deepEqual(receivedSpanNames(receiver), ['small']);
      assert.ok(messages.some((m) => m.level === 'error' && m.text.includes('"huge"')));
    } finally {
      await exporter.shutdown();
      await receiver.close();
    }
  });

  describe('with TLS', { skip: !hasOpenssl() && 'openssl CLI not available' }, () => {
    let certs: TestCertificates;
    before(() => {
      certs = makeCertificates();
    });

    it('delivers over mutual TLS with a certificate generated in the test', async () => {
      const receiver = await startGrpcReceiver({
        tls: { ca: certs.ca, cert: certs.serverCert, key: certs.serverKey, requireClientCert: true },
      });
      const exporter = new OTLPTraceExporter(
        { url: `https://localhost:${receiver.port}`, tls: { ca: certs.ca, cert: certs.clientCert, key: certs.clientKey }, retry: FAST_RETRY },
        {},
      );
      try {
        assert.equal((await exportOnce(exporter, [makeSpan({ name: 'secure' })])).code, ExportResultCode.SUCCESS);
        assert.deepEqual(receivedSpanNames(receiver), ['secure']);
      } finally {
        await exporter.shutdown();
        await receiver.close();
      }
    });

    it('reads the CA from OTEL_EXPORTER_OTLP_CERTIFICATE', async () => {
      const { writeFileSync, mkdtempSync, rmSync } = await import('node:fs');
      const { join } = await import('node:path');
      const { tmpdir } = await import('node:os');
      const dir = mkdtempSync(join(tmpdir(), 'spool-otlp-ca-'));
      writeFileSync(join(dir, 'ca.pem'), certs.ca);
      const receiver = await startGrpcReceiver({ tls: { ca: certs.ca, cert: certs.serverCert, key: certs.serverKey } });
      const exporter = new OTLPTraceExporter(
        { retry: FAST_RETRY },
        { OTEL_EXPORTER_OTLP_ENDPOINT: `https://localhost:${receiver.port}`, OTEL_EXPORTER_OTLP_CERTIFICATE: join(dir, 'ca.pem') },
      );
      try {
        assert.equal((await exportOnce(exporter, [makeSpan({ name: 'env-ca' })])).code, ExportResultCode.SUCCESS);
      } finally {
        await exporter.shutdown();
        await receiver.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('refuses a server whose certificate is signed by an untrusted CA', async () => {
      const receiver = await startGrpcReceiver({ tls: { ca: certs.ca, cert: certs.serverCert, key: certs.serverKey } });
      const exporter = new OTLPTraceExporter(
        { url: `https://localhost:${receiver.port}`, tls: { ca: certs.otherCa }, timeoutMillis: 500, retry: FAST_RETRY },
        {},
      );
      try {
        const result = await exportOnce(exporter, [makeSpan()]);
        assert.equal(result.code, ExportResultCode.FAILED);
        assert.equal(receiver.calls, 0);
      } finally {
        await exporter.shutdown();
        await receiver.close();
      }
    });
  });
});
