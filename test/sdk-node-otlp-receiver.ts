// A small OTLP/HTTP JSON receiver on 127.0.0.1 for the sdk-node integration
// tests: it keeps every span it is sent, flattened with its resource attributes.
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';

/** A span as received, with attribute values decoded from OTLP/JSON `AnyValue`s. */
export interface ReceivedSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string;
  readonly name: string;
  readonly kind: number;
  readonly attributes: Record<string, unknown>;
  readonly events: { readonly name: string; readonly attributes: Record<string, unknown> }[];
  readonly status: { readonly code: number; readonly message: string };
  readonly resource: Record<string, unknown>;
}

interface KeyValue {
  key: string;
  value?: Record<string, unknown>;
}

function decodeValue(value: Record<string, unknown> | undefined): unknown {
  if (value === undefined) return undefined;
  if ('stringValue' in value) return value['stringValue'];
  if ('boolValue' in value) return value['boolValue'];
  if ('intValue' in value) return Number(value['intValue']);
  if ('doubleValue' in value) return Number(value['doubleValue']);
  if ('arrayValue' in value) {
    const values = ((value['arrayValue'] as { values?: Record<string, unknown>[] }).values ?? []);
    return values.map(decodeValue);
  }
  return value;
}

function decodeAttributes(list: KeyValue[] | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const kv of list ?? []) out[kv.key] = decodeValue(kv.value);
  return out;
}

/** Listens for `POST /v1/traces` with OTLP/JSON bodies and answers 200. */
export class OtlpJsonReceiver {
  readonly spans: ReceivedSpan[] = [];
  requests = 0;
  private readonly server: Server;
  private waiters: { count: number; resolve: () => void }[] = [];

  constructor() {
    this.server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        this.requests++;
        try {
          this.take(JSON.parse(body));
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end('{}');
        } catch {
          res.writeHead(400);
          res.end();
        }
        this.waiters = this.waiters.filter((w) => {
          if (this.spans.length < w.count) return true;
          w.resolve();
          return false;
        });
      });
    });
  }

  /** Starts listening; returns the base URL to put in OTEL_EXPORTER_OTLP_ENDPOINT. */
  async start(): Promise<string> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Resolves once `count` spans have arrived. */
  waitForSpans(count: number): Promise<void> {
    if (this.spans.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    this.server.close();
    await once(this.server, 'close');
  }

  private take(request: { resourceSpans?: unknown[] }): void {
    for (const rs of (request.resourceSpans ?? []) as { resource?: { attributes?: KeyValue[] }; scopeSpans?: unknown[] }[]) {
      const resource = decodeAttributes(rs.resource?.attributes);
      for (const ss of (rs.scopeSpans ?? []) as { spans?: Record<string, unknown>[] }[]) {
        for (const s of ss.spans ?? []) {
          const status = (s['status'] ?? {}) as { code?: number; message?: string };
          this.spans.push({
            traceId: String(s['traceId']),
            spanId: String(s['spanId']),
            parentSpanId: String(s['parentSpanId'] ?? ''),
            name: String(s['name']),
            kind: Number(s['kind'] ?? 0),
            attributes: decodeAttributes(s['attributes'] as KeyValue[] | undefined),
            events: ((s['events'] ?? []) as { name: string; attributes?: KeyValue[] }[]).map((e) => ({
              name: e.name,
              attributes: decodeAttributes(e.attributes),
            })),
            status: { code: status.code ?? 0, message: status.message ?? '' },
            resource,
          });
        }
      }
    }
  }
}

/** Runs a child process to its end; collects its output. */
export interface ChildResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** An environment without the test runner's own OTEL_* variables, plus `extra`. */
export function cleanEnv(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith('OTEL_') && !key.startsWith('NODE_TEST') && key !== 'NODE_OPTIONS') env[key] = value;
  }
  return { ...env, ...extra };
}
