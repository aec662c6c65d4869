// Spans as plain objects with the ReadableSpan shape of CONTRACTS.md, so the
// encoder is tested on exactly the fields it reads, for both Spool spans (with
// pooled id bytes) and foreign ones (hex ids only).
import { createTraceState } from '@spool/api';
import type { ReadableSpan } from '@spool/sdk-trace';

type Attrs = Record<string, unknown>;

export interface FixtureResource {
  readonly attributes: Attrs;
  readonly schemaUrl?: string;
}

export interface SpanInit {
  traceId?: string;
  spanId?: string;
  name?: string;
  kind?: number;
  parentSpanId?: string;
  parentIsRemote?: boolean;
  traceFlags?: number;
  traceState?: string;
  startTime?: [number, number];
  endTime?: [number, number];
  attributes?: Attrs;
  events?: { name: string; time: [number, number]; attributes?: Attrs; droppedAttributesCount?: number }[];
  links?: {
    traceId: string;
    spanId: string;
    traceFlags?: number;
    isRemote?: boolean;
    traceState?: string;
    attributes?: Attrs;
    droppedAttributesCount?: number;
  }[];
  status?: { code: number; message?: string };
  droppedAttributesCount?: number;
  droppedEventsCount?: number;
  droppedLinksCount?: number;
  resource?: FixtureResource;
  scope?: { name: string; version?: string; schemaUrl?: string; attributes?: Attrs };
  /** Give the span Spool's pooled id bytes (the encoder's fast path). */
  withIdBytes?: boolean;
}

export const DEFAULT_RESOURCE: FixtureResource = {
  attributes: { 'service.name': 'checkout', 'telemetry.sdk.name': 'spool', 'telemetry.sdk.language': 'nodejs', 'telemetry.sdk.version': '0.1.0' },
};
export const DEFAULT_SCOPE = { name: 'checkout-tracer', version: '1.2.3' };

let counter = 0;
/** A deterministic, distinct hex id of `bytes` bytes. */
export function hexId(bytes: number, seed = ++counter): string {
  let s = '';
  for (let i = 0; i < bytes; i++) s += (((seed * 131 + i * 71) % 255) + 1).toString(16).padStart(2, '0');
  return s;
}

export function makeSpan(init: SpanInit = {}): ReadableSpan {
  const traceId = init.traceId ?? hexId(16);
  const spanId = init.spanId ?? hexId(8);
  const ctx = {
    traceId,
    spanId,
    traceFlags: init.traceFlags ?? 1,
    isRemote: false,
    ...(init.traceState !== undefined ? { traceState: createTraceState(init.traceState) } : {}),
  };
  const startTime = init.startTime ?? [1767225600, 123456789];
  const endTime = init.endTime ?? [1767225600, 987654321];
  const span: Record<string, unknown> = {
    name: init.name ?? 'GET /orders/:id',
    kind: init.kind ?? 1,
    spanContext: () => ctx,
    parentSpanContext: init.parentSpanId !== undefined
      ? { traceId, spanId: init.parentSpanId, traceFlags: 1, isRemote: init.parentIsRemote ?? false }
      : undefined,
    startTime,
    endTime,
    duration: [endTime[0] - startTime[0], endTime[1] - startTime[1]],
    status: init.status ?? { code: 0 },
    attributes: init.attributes ?? {},
    links: (init.links ?? []).map((l) => ({
      context: {
        traceId: l.traceId,
        spanId: l.spanId,
        traceFlags: l.traceFlags ?? 0,
        isRemote: l.isRemote ?? false,
        ...(l.traceState !== undefined ? { traceState: createTraceState(l.traceState) } : {}),
      },
      ...(l.attributes !== undefined ? { attributes: l.attributes } : {}),
      ...(l.droppedAttributesCount !== undefined ? { droppedAttributesCount: l.droppedAttributesCount } : {}),
    })),
    events: init.events ?? [],
    ended: true,
    resource: init.resource ?? DEFAULT_RESOURCE,
    instrumentationScope: init.scope ?? DEFAULT_SCOPE,
    droppedAttributesCount: init.droppedAttributesCount ?? 0,
    droppedEventsCount: init.droppedEventsCount ?? 0,
    droppedLinksCount: init.droppedLinksCount ?? 0,
  };
  if (init.withIdBytes === true) {
    // Ids in the middle of a larger pooled buffer, as Spool's id pool stores them.
    const pool = new Uint8Array(64).fill(0xee);
    const off = 13;
    pool.set(Buffer.from(traceId, 'hex'), off);
    pool.set(Buffer.from(spanId, 'hex'), off + 16);
    span['idBytes'] = pool;
    span['idOffset'] = off;
  }
  return span as unknown as ReadableSpan;
}

/** A span that uses every field the OTLP span message has. */
export function richSpan(overrides: SpanInit = {}): ReadableSpan {
  return makeSpan({
    name: 'POST /checkout/ünïcødé/✓',
    kind: 2,
    parentSpanId: hexId(8),
    parentIsRemote: true,
    traceFlags: 1,
    traceState: 'vendor=abc,other=x-y',
    startTime: [1767225600, 1],
    endTime: [1767225601, 999999999],
    attributes: {
      'http.request.method': 'POST',
      'http.response.status_code': 201,
      'negative.int': -42,
      'big.int': 2 ** 60,
      'ratio': 0.25,
      'flag': true,
      'off': false,
      'strings': ['a', 'bé', ''],
      'ints': [1, -2, 3],
      'doubles': [1.5, -2.25],
      'bools': [true, false],
      'with.null': ['x', null, 'z'],
      'empty.array': [],
      'long.string': 'x'.repeat(300) + 'é',
    },
    events: [
      { name: 'exception', time: [1767225600, 500000000], attributes: { 'exception.type': 'Error', 'exception.message': 'boom' } },
      { name: 'retry', time: [1767225601, 0], droppedAttributesCount: 2 },
    ],
    links: [
      { traceId: hexId(16), spanId: hexId(8), traceFlags: 1, isRemote: true, traceState: 'k=v', attributes: { 'link.kind': 'batch' }, droppedAttributesCount: 1 },
      { traceId: hexId(16), spanId: hexId(8) },
    ],
    status: { code: 2, message: 'payment declined' },
    droppedAttributesCount: 3,
    droppedEventsCount: 4,
    droppedLinksCount: 5,
    resource: { attributes: { 'service.name': 'checkout', 'k8s.pod.name': 'checkout-7d9', 'host.cpu.count': 8 }, schemaUrl: 'https://opentelemetry.io/schemas/1.28.0' },
    scope: { name: '@acme/instrumentation-checkout', version: '2.0.0', schemaUrl: 'https://opentelemetry.io/schemas/1.27.0', attributes: { 'scope.attr': 'yes' } },
    ...overrides,
  });
}

/** A realistic HTTP server span, like the benchmarks' batch. */
export function realisticSpan(i: number, withIdBytes = true): ReadableSpan {
  return makeSpan({
    withIdBytes,
    name: 'GET /api/orders/:id',
    kind: 1,
    parentSpanId: hexId(8, i + 7),
    startTime: [1767225600 + (i % 60), (i * 7919) % 1e9],
    endTime: [1767225600 + (i % 60), ((i * 7919) % 1e9) + 1500000 > 999999999 ? 999999999 : ((i * 7919) % 1e9) + 1500000],
    attributes: {
      'http.request.method': 'GET',
      'http.route': '/api/orders/:id',
      'url.path': `/api/orders/${1000 + i}`,
      'url.scheme': 'https',
      'http.response.status_code': 200,
      'server.address': 'orders.internal',
      'server.port': 8443,
      'network.protocol.version': '1.1',
      'user_agent.original': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36',
      'client.address': '10.0.3.17',
    },
    events: [
      { name: 'cache.miss', time: [1767225600, 1000], attributes: { 'cache.key': `order:${i}` } },
      { name: 'db.query', time: [1767225600, 2000], attributes: { 'db.rows': 3 } },
    ],
    status: { code: 1 },
  });
}
