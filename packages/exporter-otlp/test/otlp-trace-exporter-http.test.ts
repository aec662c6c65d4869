import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { context, isTracingSuppressed } from '@spool/api';
import { ExportResultCode } from '@spool/sdk-trace';
import { OTLPTraceExporter, type OTLPTraceExporterOptions } from '../src/index.js';
import { canonical, encodeRpcStatus } from './otlp-decoder.js';
import { receivedSpanNames, startHttpReceiver, type Receiver } from './receivers.js';
import { makeSpan, richSpan } from './span-fixtures.js';
import { captureDiag, delay, exportOnce, FAST_RETRY } from './test-helpers.js';
import { hasOpenssl, makeCertificates, type TestCertificates } from './test-certificates.js';

function httpExporter(port: number, options: OTLPTraceExporterOptions = {}): OTLPTraceExporter {
  return new OTLPTraceExporter(
    { protocol: 'http/protobuf', url: `http://127.0.0.1:${port}/v1/traces`, retry: FAST_RETRY, timeoutMillis: 5000, ...options },
    {},
  );
}

describe('OTLPTraceExporter over HTTP', () => {
  it('POSTs http/protobuf to the signal URL with the protobuf content type', async () => {
    const receiver = await startHttpReceiver();
    const exporter = httpExporter(receiver.port);
    try {
      const span = richSpan();
      assert.equal((await exportOnce(exporter, [span])).code, ExportResultCode.SUCCESS);
      const got = receiver.received[0]!;
      assert.equal(got.path, '/v1/traces');
      assert.equal(got.headers['content-type'], 'application/x-protobuf');
      assert.match(got.headers['user-agent'] ?? '', /spool-exporter-otlp/);
      assert.deepEqual(receivedSpanNames(receiver), [span.name]);
    } finally {
      await exporter.shutdown();
      await receiver.close();
    }
  });

  it('sends http/json that matches OpenTelemetry JS JSON for the same spans', async () => {
    const receiver = await startHttpReceiver();
    const exporter = httpExporter(receiver.port, { protocol: 'http/json' });
    try {
      const spans = [richSpan(), makeSpan({ name: 'plain' })];
      assert.equal((await exportOnce(exporter, spans)).code, ExportResultCode.SUCCESS);
      const got = receiver.received[0]!;
      assert.equal(got.headers['content-type'], 'application/json');
      const theirs = JSON.parse(Buffer.from(JsonTraceSerializer.serializeRequest(spans as never)!).toString('utf8'));
      assert.deepEqual(canonical(got.request), canonical(theirs));
      // OTLP/JSON specifics: hex ids, int64 as strings, enums as integers.
      const s = got.request.resourceSpans[0].scopeSpans[0].spans[0];
      assert.equal(s.traceId, spans[0]!.spanContext().traceId);
      assert.equal(typeof s.startTimeUnixNano, 'string');
      assert.equal(s.kind, 3);
      assert.deepEqual(s.attributes.find((kv: any) => kv.key === 'http.response.status_code').value, { intValue: '201' });
    } finally {
      await exporter.shutdown();
      await receiver.close();
    }
  });

  for (const status of [429, 502, 503, 504]) {
    it(`retries HTTP ${status}, then delivers once`, async () => {
      const receiver = await startHttpReceiver({ reply: (n) => (n <= 2 ? { status } : undefined) });
      const exporter = httpExporter(receiver.port);
      try {
        assert.equal((await exportOnce(exporter, [makeSpan({ name: 'r' })])).code, ExportResultCode.SUCCESS);
        assert.equal(receiver.calls, 3);
        assert.deepEqual(receivedSpanNames(receiver), ['r']);
      } finally {
        await exporter.shutdown();
        await receiver.close();
      }
    });
  }

  it('honours Retry-After: a delay longer than the time left fails without another attempt', async () => {
    const receiver = await startHttpReceiver({ reply: () => ({ status: 503, headers: { 'retry-after': '120' } }) });
    const exporter = httpExporter(receiver.port, { timeoutMillis: 1000 });
    try {
      const result = await exportOnce(exporter, [makeSpan()]);
      assert.equal(result.code, ExportResultCode.FAILED);
      assert.equal(receiver.calls, 1);
    } finally {
      await exporter.shutdown();
      await receiver.close();
    }
  });

  it('fails HTTP 400 at once with the message of the google.rpc.Status body', async () => {
    const receiver = await startHttpReceiver({ reply: () => ({ status: 400, body: encodeRpcStatus(3, 'span name missing') }) });
    const exporter = httpExporter(receiver.port);
    try {
      const result = await exportOnce(exporter, [makeSpan()]);
      assert.equal(result.code, ExportResultCode.FAILED);
      assert.equal((result.error as { code?: unknown }).code, 400);
      assert.match(String(result.error?.message), /span name missing/);
      assert.equal(receiver.calls, 1);
    } finally {
      await exporter.shutdown();
      await receiver.close();
    }
  });

  it('fails within its timeout against a receiver slower than the timeout', async () => {
    const receiver = await startHttpReceiver({ reply: () => ({ delayMillis: 10000 }) });
    const exporter = httpExporter(receiver.port, { timeoutMillis: 300 });
    try {
      const result = await exportOnce(exporter, [makeSpan()]);
      assert.equal(result.code, ExportResultCode.FAILED);
      assert.equal((result.error as { code?: unknown }).code, 'TIMEOUT');
    } finally {
      await exporter.shutdown();
      await receiver.close();
    }
  });

  it('delivers to a receiver that is down at the start and comes up while retrying', async () => {
    const probe = await startHttpReceiver();
    const port = probe.port;
    await probe.close();
    const exporter = httpExporter(port, { timeoutMillis: 10000 });
    let receiver: Receiver | undefined;
    try {
      const pending = exportOnce(exporter, [makeSpan({ name: 'late' })]);
      await delay(200);
      receiver = await startHttpReceiver({ port });
      assert.equal((await pending).code, ExportResultCode.SUCCESS);
      assert.deepEqual(receivedSpanNames(receiver), ['late']);
    } finally {
      await exporter.shutdown();
      await receiver?.close();
    }
  });

  it('gzips the body and says so in Content-Encoding', async () => {
    const receiver = await startHttpReceiver();
    const exporter = httpExporter(receiver.port, { compression: 'gzip' });
    try {
      assert.equal((await exportOnce(exporter, [makeSpan({ name: 'z', attributes: { p: 'z'.repeat(5000) } })])).code, ExportResultCode.SUCCESS);
      assert.equal(receiver.received[0]!.headers['content-encoding'], 'gzip');
      assert.deepEqual(receivedSpanNames(receiver), ['z']);
    } finally {
      await exporter.shutdown();
      await receiver.close();
    }
  });

  it('sends headers from the environment and from options', async () => {
    const receiver = await startHttpReceiver();
    const exporter = new OTLPTraceExporter(
      { protocol: 'http/protobuf', headers: { 'X-Api-Key': 'secret' } },
      { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${receiver.port}`, OTEL_EXPORTER_OTLP_HEADERS: 'x-team=payments' },
    );
    try {
      assert.equal((await exportOnce(exporter, [makeSpan()])).code, ExportResultCode.SUCCESS);
      const got = receiver.received[0]!;
      assert.equal(got.path, '/v1/traces', 'the generic endpoint gets /v1/traces appended');
      assert.equal(got.headers['x-api-key'], 'secret');
      assert.equal(got.headers['x-team'], 'payments');
    } finally {
      await exporter.shutdown();
      await receiver.close();
    }
  });

  it('reports a JSON partial success through diag', async () => {
    const receiver = await startHttpReceiver({ reply: () => ({ body: JSON.stringify({ partialSuccess: { rejectedSpans: '1', errorMessage: 'dup' } }) }) });
    const exporter = httpExporter(receiver.port, { protocol: 'http/json' });
    try {
      const { result, messages } = await captureDiag(() => exportOnce(exporter, [makeSpan()]));
      assert.equal(result.code, ExportResultCode.SUCCESS);
      assert.ok(messages.some((m) => m.level === 'warn' && /1 span\(s\) rejected.*dup/.test(m.text)));
    } finally {
      await exporter.shutdown();
      await receiver.close();
    }
  });

  it('makes its own requests under a suppress-tracing context, so HTTP instrumentation skips them', async () => {
    const manager = new AsyncLocalStorageContextManager().enable();
    context.setGlobalContextManager(manager);
    const seen: boolean[] = [];
    const onRequest = () => seen.push(isTracingSuppressed(context.active()));
    subscribe('http.client.request.start', onRequest);
    const receiver = await startHttpReceiver();
    const exporter = httpExporter(receiver.port);
    try {
      assert.equal((await exportOnce(exporter, [makeSpan()])).code, ExportResultCode.SUCCESS);
      assert.deepEqual(seen, [true]);
    } finally {
      unsubscribe('http.client.request.start', onRequest);
      context.disable();
      await exporter.shutdown();
      await receiver.close();
    }
  });

  describe('with TLS', { skip: !hasOpenssl() && 'openssl CLI not available' }, () => {
    let certs: TestCertificates;
    before(() => {
      certs = makeCertificates();
    });

    it('delivers over HTTPS with mutual TLS', async () => {
      const receiver = await startHttpReceiver({ tls: { ca: certs.ca, cert: certs.serverCert, key: certs.serverKey, requireClientCert: true } });
      const exporter = new OTLPTraceExporter(
        {
          protocol: 'http/protobuf',
          url: `https://localhost:${receiver.port}/v1/traces`,
          tls: { ca: certs.ca, cert: certs.clientCert, key: certs.clientKey },
          retry: FAST_RETRY,
        },
        {},
      );
      try {
        assert.equal((await exportOnce(exporter, [makeSpan({ name: 'tls' })])).code, ExportResultCode.SUCCESS);
        assert.deepEqual(receivedSpanNames(receiver), ['tls']);
      } finally {
        await exporter.shutdown();
        await receiver.close();
      }
    });

    it('fails at once, without retrying, when the server certificate is not trusted', async () => {
      const receiver = await startHttpReceiver({ tls: { ca: certs.ca, cert: certs.serverCert, key: certs.serverKey } });
      const exporter = new OTLPTraceExporter(
        { protocol: 'http/protobuf', url: `https://localhost:${receiver.port}/v1/traces`, tls: { ca: certs.otherCa }, retry: FAST_RETRY },
        {},
      );
      try {
        const result = await exportOnce(exporter, [makeSpan()]);
        assert.equal(result.code, ExportResultCode.FAILED);
        assert.equal((result.error as { retryable?: unknown }).retryable, false);
        assert.equal(receiver.calls, 0);
      } finally {
        await exporter.shutdown();
        await receiver.close();
      }
    });
  });
});
