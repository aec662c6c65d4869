import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OTLPExporterConfigError, OTLPTraceExporter, type OTLPTraceExporterOptions } from '../src/index.js';
import { resolveExporterConfig } from '../src/exporter-config.js';
import { captureDiag } from './test-helpers.js';

type Env = Record<string, string>;

describe('exporter configuration (OTLP exporter spec precedence and URL rules)', () => {
  const urlCases: [string, OTLPTraceExporterOptions, Env, string][] = [
    ['grpc default', {}, {}, 'http://localhost:4317'],
    ['http/protobuf default', { protocol: 'http/protobuf' }, {}, 'http://localhost:4318/v1/traces'],
    ['http/json default', { protocol: 'http/json' }, {}, 'http://localhost:4318/v1/traces'],
    ['generic endpoint gets /v1/traces for HTTP', { protocol: 'http/protobuf' }, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, 'http://collector:4318/v1/traces'],
    ['generic endpoint with a trailing slash', { protocol: 'http/protobuf' }, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }, 'http://collector:4318/v1/traces'],
    ['generic endpoint with a base path', { protocol: 'http/protobuf' }, { OTEL_EXPORTER_OTLP_ENDPOINT: 'https://gw.example.com/otlp' }, 'https://gw.example.com/otlp/v1/traces'],
    ['generic endpoint used as is for grpc', {}, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector.monitoring.svc:4317' }, 'http://otel-collector.monitoring.svc:4317'],
    ['signal endpoint used as given', { protocol: 'http/protobuf' }, { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://tempo:4318/custom' }, 'http://tempo:4318/custom'],
    ['signal endpoint wins over generic', { protocol: 'http/protobuf' }, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://b:4318/v1/traces' }, 'http://b:4318/v1/traces'],
    ['the url option wins over both', { protocol: 'http/protobuf', url: 'http://c:4318/x' }, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://b:4318/v1/traces' }, 'http://c:4318/x'],
    ['a malformed signal endpoint falls back to the generic one', { protocol: 'http/protobuf' }, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'not a url' }, 'http://a:4318/v1/traces'],
    ['a malformed generic endpoint falls back to the default', {}, { OTEL_EXPORTER_OTLP_ENDPOINT: 'ftp://x' }, 'http://localhost:4317'],
  ];
  for (const [label, options, env, url] of urlCases) {
    it(`resolves the URL: ${label}`, async () => {
      const { result } = await captureDiag(async () => resolveExporterConfig(options, env));
      assert.equal(result.url, url);
    });
  }

  const grpcTargetCases: [string, string, Env, string, boolean][] = [
    ['http scheme is plaintext', 'http://collector:4317', {}, 'collector:4317', false],
    ['https scheme is TLS', 'https://collector:4317', {}, 'collector:4317', true],
    ['no scheme: TLS unless insecure', 'collector:4317', {}, 'collector:4317', true],
    ['no scheme with INSECURE=true', 'collector:4317', { OTEL_EXPORTER_OTLP_INSECURE: 'true' }, 'collector:4317', false],
    ['no scheme with TRACES_INSECURE over generic', 'collector:4317', { OTEL_EXPORTER_OTLP_INSECURE: 'false', OTEL_EXPORTER_OTLP_TRACES_INSECURE: 'TRUE' }, 'collector:4317', false],
    ['https without a port defaults to 443', 'https://collector.example.com', {}, 'collector.example.com:443', true],
    ['an IPv6 address keeps its brackets', 'http://[::1]:4317', {}, '[::1]:4317', false],
  ];
  for (const [label, url, env, target, secure] of grpcTargetCases) {
    it(`derives the gRPC target and security: ${label}`, () => {
      const c = resolveExporterConfig({ url }, env);
      assert.equal(c.grpcTarget, target);
      assert.equal(c.secure, secure);
    });
  }

  it('turns TLS on when TLS material is passed in code, even on an http:// URL', () => {
    assert.equal(resolveExporterConfig({ url: 'http://collector:4317', tls: { ca: 'PEM' } }, {}).secure, true);
  });

  it('takes the protocol from the signal variable, then the generic one, then grpc', () => {
    assert.equal(resolveExporterConfig({}, {}).protocol, 'grpc');
    assert.equal(resolveExporterConfig({}, { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }).protocol, 'http/json');
    assert.equal(
      resolveExporterConfig({}, { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/protobuf' }).protocol,
      'http/protobuf',
    );
    assert.equal(resolveExporterConfig({ protocol: 'grpc' }, { OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/protobuf' }).protocol, 'grpc');
  });

  it('reads timeout and compression with signal over generic over default', () => {
    assert.equal(resolveExporterConfig({}, {}).timeoutMillis, 10000);
    assert.equal(resolveExporterConfig({}, {}).compression, 'none');
    const c = resolveExporterConfig({}, {
      OTEL_EXPORTER_OTLP_TIMEOUT: '2000',
      OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: '3000',
      OTEL_EXPORTER_OTLP_COMPRESSION: 'none',
      OTEL_EXPORTER_OTLP_TRACES_COMPRESSION: 'gzip',
    });
    assert.equal(c.timeoutMillis, 3000);
    assert.equal(c.compression, 'gzip');
    assert.equal(resolveExporterConfig({ timeoutMillis: 500, compression: 'none' }, { OTEL_EXPORTER_OTLP_TIMEOUT: '2000', OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip' }).timeoutMillis, 500);
  });

  it('parses header variables: percent-decoding, trimming, signal over generic, options over both', () => {
    const c = resolveExporterConfig(
      { headers: { 'x-c': 'code' } },
      { OTEL_EXPORTER_OTLP_HEADERS: ' x-a = 1 , x-b=two%20words,x-c=env', OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'x-a=signal' },
    );
    assert.deepEqual({ ...c.headers }, { 'x-a': 'signal', 'x-b': 'two words', 'x-c': 'code' });
  });

  const badVariables: [string, Env, (c: ReturnType<typeof resolveExporterConfig>) => void][] = [
    ['OTEL_EXPORTER_OTLP_TIMEOUT', { OTEL_EXPORTER_OTLP_TIMEOUT: 'soon' }, (c) => assert.equal(c.timeoutMillis, 10000)],
    ['OTEL_EXPORTER_OTLP_TRACES_TIMEOUT', { OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: '-5', OTEL_EXPORTER_OTLP_TIMEOUT: '700' }, (c) => assert.equal(c.timeoutMillis, 700)],
    ['OTEL_EXPORTER_OTLP_COMPRESSION', { OTEL_EXPORTER_OTLP_COMPRESSION: 'brotli' }, (c) => assert.equal(c.compression, 'none')],
    ['OTEL_EXPORTER_OTLP_PROTOCOL', { OTEL_EXPORTER_OTLP_PROTOCOL: 'http' }, (c) => assert.equal(c.protocol, 'grpc')],
    ['OTEL_EXPORTER_OTLP_INSECURE', { OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4317', OTEL_EXPORTER_OTLP_INSECURE: 'yes' }, (c) => assert.equal(c.secure, true)],
    ['OTEL_EXPORTER_OTLP_HEADERS', { OTEL_EXPORTER_OTLP_HEADERS: 'novalue,=x,good=1,bad=%E0%A4%A' }, (c) => assert.deepEqual({ ...c.headers }, { good: '1' })],
    ['OTEL_EXPORTER_OTLP_CERTIFICATE', { OTEL_EXPORTER_OTLP_CERTIFICATE: '/nonexistent/ca.pem' }, (c) => assert.equal(c.tls.ca, undefined)],
  ];
  for (const [variable, env, check] of badVariables) {
    it(`warns through diag and defaults on a malformed ${variable}, never throwing`, async () => {
      const { result, messages } = await captureDiag(async () => resolveExporterConfig({}, env));
      check(result);
      assert.ok(messages.some((m) => m.level === 'warn' && m.text.includes(variable)), `a warning naming ${variable}`);
    });
  }

  it('reads TLS material from the files the variables name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'spool-otlp-cfg-'));
    try {
      writeFileSync(join(dir, 'ca.pem'), 'CA');
      writeFileSync(join(dir, 'c.pem'), 'CERT');
      writeFileSync(join(dir, 'k.pem'), 'KEY');
      const c = resolveExporterConfig({}, {
        OTEL_EXPORTER_OTLP_CERTIFICATE: join(dir, 'ca.pem'),
        OTEL_EXPORTER_OTLP_TRACES_CLIENT_CERTIFICATE: join(dir, 'c.pem'),
        OTEL_EXPORTER_OTLP_CLIENT_KEY: join(dir, 'k.pem'),
      });
      assert.equal(c.tls.ca?.toString(), 'CA');
      assert.equal(c.tls.cert?.toString(), 'CERT');
      assert.equal(c.tls.key?.toString(), 'KEY');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('returns a frozen configuration', () => {
    const c = resolveExporterConfig({}, {});
    assert.ok(Object.isFrozen(c));
    assert.ok(Object.isFrozen(c.headers));
  });

  const badOptions: [string, OTLPTraceExporterOptions][] = [
    ['url', { url: 'not a url' }],
    ['url', { protocol: 'http/protobuf', url: 'collector:4318' }],
    ['protocol', { protocol: 'http' as never }],
    ['compression', { compression: 'br' as never }],
    ['timeoutMillis', { timeoutMillis: 0 }],
    ['concurrencyLimit', { concurrencyLimit: -1 }],
    ['retry.maxAttempts', { retry: { maxAttempts: Number.NaN } }],
  ];
  for (const [option, options] of badOptions) {
    it(`throws OTLPExporterConfigError at setup for an invalid ${option} passed in code`, () => {
      assert.throws(
        () => new OTLPTraceExporter(options, {}),
        (err: unknown) => err instanceof OTLPExporterConfigError && err.code === 'ERR_SPOOL_OTLP_CONFIG' && err.option === option,
      );
    });
  }

  it('exposes the resolved protocol and URL', () => {
    const e = new OTLPTraceExporter({}, { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://x:4318' });
    assert.equal(e.protocol, 'http/protobuf');
    assert.equal(e.url, 'http://x:4318/v1/traces');
    void e.shutdown();
  });
});
