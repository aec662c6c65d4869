import { readFileSync } from 'node:fs';
import { diag } from '@spool/api';
import { OTLPExporterConfigError } from './otlp-exporter-config-error.js';
import type {
  OTLPCompression,
  OTLPProtocol,
  OTLPTraceExporterOptions,
} from './otlp-trace-exporter-options.js';

/** The resolved, frozen configuration of one exporter. @internal */
export interface ExporterConfig {
  readonly protocol: OTLPProtocol;
  /** HTTP: the full request URL. gRPC: the URL as resolved (scheme decides TLS when present). */
  readonly url: string;
  /** gRPC: `host:port` target for the channel. Empty for HTTP. */
  readonly grpcTarget: string;
  /** Whether TLS is used. */
  readonly secure: boolean;
  readonly headers: Readonly<Record<string, string>>;
  readonly compression: OTLPCompression;
  readonly timeoutMillis: number;
  readonly concurrencyLimit: number;
  readonly tls: { readonly ca?: Buffer; readonly cert?: Buffer; readonly key?: Buffer };
  readonly grpcChannelOptions: Readonly<Record<string, string | number>>;
  readonly httpMaxSockets: number;
  readonly retry: {
    readonly initialBackoffMillis: number;
    readonly maxBackoffMillis: number;
    readonly multiplier: number;
    readonly maxAttempts: number;
  };
  readonly maxRequestBytes: number;
}

/** Defaults of the OTLP exporter specification and of this package. */
const DEFAULT_TIMEOUT_MILLIS = 10000;
const DEFAULT_GRPC_URL = 'http://localhost:4317';
const DEFAULT_HTTP_URL = 'http://localhost:4318/v1/traces';
const DEFAULT_CONCURRENCY_LIMIT = 30;
/** OTLP/HTTP and the Collector's gRPC receiver reject bodies over 64 MiB by default. */
const DEFAULT_MAX_REQUEST_BYTES = 64 * 1024 * 1024;

const PROTOCOLS: readonly OTLPProtocol[] = ['grpc', 'http/protobuf', 'http/json'];

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Resolves options over `OTEL_EXPORTER_OTLP_*` variables over defaults, with
 * the precedence of the OTLP exporter specification: an option in code wins,
 * then the `_TRACES_` variable, then the generic one, then the default.
 *
 * URL rules (spec "Endpoint URLs for OTLP/HTTP"): `OTEL_EXPORTER_OTLP_ENDPOINT`
 * is a base to which `v1/traces` is appended for HTTP; the `_TRACES_` variable
 * and `url` are used as given. For gRPC the path is ignored and the scheme
 * decides TLS; without a scheme `_INSECURE` does (default: TLS).
 *
 * Bad options passed in code throw {@link OTLPExporterConfigError}; a bad
 * variable warns once through `diag` (variable, value, default used) and the
 * next source is used instead.
 * @internal
 */
export function resolveExporterConfig(options: OTLPTraceExporterOptions = {}, env: Env = process.env): ExporterConfig {
  const protocol = resolveProtocol(options, env);
  const http = protocol !== 'grpc';

  // TLS material: code first, then files named by the environment.
  const ca = toBuffer(options.tls?.ca) ?? readPem(env, 'CERTIFICATE');
  const cert = toBuffer(options.tls?.cert) ?? readPem(env, 'CLIENT_CERTIFICATE');
  const key = toBuffer(options.tls?.key) ?? readPem(env, 'CLIENT_KEY');
  // TLS material passed in code asks for TLS even on an http:// URL; files named
  // by the environment are only used when the endpoint is secure anyway.
  const codeTls = options.tls !== undefined &&
    (options.tls.ca !== undefined || options.tls.cert !== undefined || options.tls.key !== undefined);

  let url: string;
  if (options.url !== undefined) {
    if (typeof options.url !== 'string' || parseEndpoint(options.url, http) === undefined) {
      throw new OTLPExporterConfigError('url', `${JSON.stringify(options.url)} is not a valid ${http ? 'http(s) URL' : 'gRPC endpoint'}`);
    }
    url = options.url;
  } else {
    url = resolveEnvUrl(env, http);
  }

  let secure: boolean;
  let grpcTarget = '';
  const parsed = parseEndpoint(url, http)!;
  if (parsed.scheme === 'https') secure = true;
  else if (parsed.scheme === 'http') secure = codeTls;
  // No scheme (gRPC only): OTEL_EXPORTER_OTLP_INSECURE decides, default TLS.
  else secure = codeTls || !resolveInsecure(env);
  if (!http) {
    grpcTarget = parsed.host.includes(':') && !parsed.host.endsWith(']') ? parsed.host : `${parsed.host}:${secure ? 443 : 80}`;
  }

  const headers: Record<string, string> = {
    ...parseHeaders(env, 'OTEL_EXPORTER_OTLP_HEADERS'),
    ...parseHeaders(env, 'OTEL_EXPORTER_OTLP_TRACES_HEADERS'),
  };
  if (options.headers !== undefined) {
    for (const name of Object.keys(options.headers)) {
      const value = options.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
  }

  let compression: OTLPCompression;
  if (options.compression !== undefined) {
    if (options.compression !== 'gzip' && options.compression !== 'none') {
      throw new OTLPExporterConfigError('compression', `${JSON.stringify(options.compression)} is not 'gzip' or 'none'`);
    }
    compression = options.compression;
  } else {
    compression = envChoice(env, 'COMPRESSION', ['gzip', 'none'] as const, 'none');
  }

  let timeoutMillis: number;
  if (options.timeoutMillis !== undefined) {
    timeoutMillis = positiveOption('timeoutMillis', options.timeoutMillis);
  } else {
    timeoutMillis = envTimeout(env);
  }

  const concurrencyLimit = options.concurrencyLimit !== undefined
    ? Math.floor(positiveOption('concurrencyLimit', options.concurrencyLimit))
    : DEFAULT_CONCURRENCY_LIMIT;
  const httpMaxSockets = options.httpMaxSockets !== undefined
    ? Math.floor(positiveOption('httpMaxSockets', options.httpMaxSockets))
    : concurrencyLimit;
  const maxRequestBytes = options.maxRequestBytes !== undefined
    ? Math.floor(positiveOption('maxRequestBytes', options.maxRequestBytes))
    : DEFAULT_MAX_REQUEST_BYTES;

  const r = options.retry ?? {};
  const retry = Object.freeze({
    initialBackoffMillis: r.initialBackoffMillis !== undefined ? nonNegativeOption('retry.initialBackoffMillis', r.initialBackoffMillis) : 1000,
    maxBackoffMillis: r.maxBackoffMillis !== undefined ? nonNegativeOption('retry.maxBackoffMillis', r.maxBackoffMillis) : 5000,
    multiplier: r.multiplier !== undefined ? positiveOption('retry.multiplier', r.multiplier) : 1.5,
    maxAttempts: r.maxAttempts !== undefined ? Math.floor(positiveOption('retry.maxAttempts', r.maxAttempts)) : 5,
  });

  const tls: { ca?: Buffer; cert?: Buffer; key?: Buffer } = {};
  if (ca !== undefined) tls.ca = ca;
  if (cert !== undefined) tls.cert = cert;
  if (key !== undefined) tls.key = key;

  return Object.freeze({
    protocol,
    url,
    grpcTarget,
    secure,
    headers: Object.freeze(headers),
    compression,
    timeoutMillis,
    concurrencyLimit,
    tls: Object.freeze(tls),
    grpcChannelOptions: Object.freeze({ ...(options.grpcChannelOptions ?? {}) }),
    httpMaxSockets,
    retry,
    maxRequestBytes,
  });
}

function resolveProtocol(options: OTLPTraceExporterOptions, env: Env): OTLPProtocol {
  if (options.protocol !== undefined) {
    if (!PROTOCOLS.includes(options.protocol)) {
      throw new OTLPExporterConfigError('protocol', `${JSON.stringify(options.protocol)} is not one of ${PROTOCOLS.join(', ')}`);
    }
    return options.protocol;
  }
  return envChoice(env, 'PROTOCOL', PROTOCOLS, 'grpc');
}

/** A parsed endpoint: scheme ('' when none was written), host with port, path. */
interface Endpoint {
  readonly scheme: '' | 'http' | 'https';
  readonly host: string;
}

/**
 * Parses an endpoint. HTTP needs an absolute http(s) URL. gRPC also takes a
 * bare `host:port` (the Collector's usual form), whose security then comes from
 * `_INSECURE`.
 */
function parseEndpoint(value: string, http: boolean): Endpoint | undefined {
  const trimmed = value.trim();
  if (trimmed.length === 0) return undefined;
  const hasScheme = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(trimmed);
  if (!hasScheme && http) return undefined;
  let u: URL;
  try {
    u = new URL(hasScheme ? trimmed : `http://${trimmed}`);
  } catch {
    return undefined;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
  if (u.hostname.length === 0) return undefined;
  return { scheme: hasScheme ? (u.protocol === 'https:' ? 'https' : 'http') : '', host: u.host };
}

function resolveEnvUrl(env: Env, http: boolean): string {
  const signal = env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'];
  if (signal !== undefined && signal.trim() !== '') {
    if (parseEndpoint(signal, http) !== undefined) return signal.trim();
    warnVar('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', signal, 'the generic endpoint or the default');
  }
  const generic = env['OTEL_EXPORTER_OTLP_ENDPOINT'];
  if (generic !== undefined && generic.trim() !== '') {
    if (parseEndpoint(generic, http) !== undefined) {
      const base = generic.trim();
      if (!http) return base;
      // The generic endpoint is a base URL: the signal path is appended to it.
      const u = new URL(base);
      u.pathname = u.pathname.endsWith('/') ? `${u.pathname}v1/traces` : `${u.pathname}/v1/traces`;
      return u.toString();
    }
    warnVar('OTEL_EXPORTER_OTLP_ENDPOINT', generic, http ? DEFAULT_HTTP_URL : DEFAULT_GRPC_URL);
  }
  return http ? DEFAULT_HTTP_URL : DEFAULT_GRPC_URL;
}

/** Reads `OTEL_EXPORTER_OTLP_TRACES_<name>`, else `OTEL_EXPORTER_OTLP_<name>`; bad values warn and fall through. */
function envChoice<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  for (const variable of [`OTEL_EXPORTER_OTLP_TRACES_${name}`, `OTEL_EXPORTER_OTLP_${name}`]) {
    const raw = env[variable];
    if (raw === undefined || raw.trim() === '') continue;
    const value = raw.trim().toLowerCase();
    if ((allowed as readonly string[]).includes(value)) return value as T;
    warnVar(variable, raw, fallback);
  }
  return fallback;
}

function envTimeout(env: Env): number {
  for (const variable of ['OTEL_EXPORTER_OTLP_TRACES_TIMEOUT', 'OTEL_EXPORTER_OTLP_TIMEOUT']) {
    const raw = env[variable];
    if (raw === undefined || raw.trim() === '') continue;
    const n = Number(raw.trim());
    if (Number.isFinite(n) && n > 0) return n;
    warnVar(variable, raw, String(DEFAULT_TIMEOUT_MILLIS));
  }
  return DEFAULT_TIMEOUT_MILLIS;
}

function resolveInsecure(env: Env): boolean {
  for (const variable of ['OTEL_EXPORTER_OTLP_TRACES_INSECURE', 'OTEL_EXPORTER_OTLP_INSECURE']) {
    const raw = env[variable];
    if (raw === undefined || raw.trim() === '') continue;
    const value = raw.trim().toLowerCase();
    if (value === 'true') return true;
    if (value === 'false') return false;
    warnVar(variable, raw, 'false');
  }
  return false;
}

/**
 * Parses an OTLP headers variable: comma-separated `key=value` pairs with
 * percent-encoded values (OTLP exporter spec, "Specifying headers via
 * environment variables"). A malformed pair is skipped with a warning.
 */
function parseHeaders(env: Env, variable: string): Record<string, string> {
  const out: Record<string, string> = {};
  const raw = env[variable];
  if (raw === undefined || raw.trim() === '') return out;
  for (const part of raw.split(',')) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    const name = eq > 0 ? part.slice(0, eq).trim() : '';
    if (name === '' || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
      warnVar(variable, part, 'the pair skipped');
      continue;
    }
    let value: string;
    try {
      value = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      warnVar(variable, part, 'the pair skipped');
      continue;
    }
    out[name] = value;
  }
  return out;
}

function readPem(env: Env, name: string): Buffer | undefined {
  for (const variable of [`OTEL_EXPORTER_OTLP_TRACES_${name}`, `OTEL_EXPORTER_OTLP_${name}`]) {
    const path = env[variable];
    if (path === undefined || path.trim() === '') continue;
    try {
      return readFileSync(path.trim());
    } catch (err) {
      diag.warn(`OTLPTraceExporter: ${variable}=${JSON.stringify(path)} cannot be read (${(err as Error).message}); ignored`);
    }
  }
  return undefined;
}

function toBuffer(v: string | Buffer | undefined): Buffer | undefined {
  if (v === undefined) return undefined;
  return typeof v === 'string' ? Buffer.from(v) : v;
}

function positiveOption(option: string, v: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
    throw new OTLPExporterConfigError(option, `${String(v)} is not a positive number`);
  }
  return v;
}

function nonNegativeOption(option: string, v: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
    throw new OTLPExporterConfigError(option, `${String(v)} is not a non-negative number`);
  }
  return v;
}

function warnVar(variable: string, value: string, used: string): void {
  diag.warn(`OTLPTraceExporter: invalid ${variable}=${JSON.stringify(value)}; using ${used}`);
}
