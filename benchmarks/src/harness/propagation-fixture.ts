/**
 * The values every propagate_* scenario carries, the same on both sides
 * (the W3C Trace Context specification's example ids and tracestate).
 */
export const FIXTURE_TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
export const FIXTURE_SPAN_ID = '00f067aa0ba902b7';
export const FIXTURE_TRACE_STATE = 'congo=t61rcWkgMzE,rojo=00f067aa0ba902b7';

/** Baggage entries: plain, with characters that need percent-encoding, and one with metadata. */
export const FIXTURE_BAGGAGE: ReadonlyArray<{ key: string; value: string; metadata?: string }> = [
  { key: 'user.id', value: 'u-48213' },
  { key: 'tenant', value: 'acme corp' },
  { key: 'session', value: 'a1b2c3d4', metadata: 'ttl=60' },
  { key: 'feature.flags', value: 'new-checkout,fast-path' },
];

/** What a span context carries, as a comparable string ('' for none or invalid). */
export function describeSpanContext(
  sc: { traceId: string; spanId: string; traceFlags: number; traceState?: { serialize(): string } } | undefined,
): string {
  if (sc === undefined || sc.traceId === '0'.repeat(32) || sc.spanId === '0'.repeat(16)) return '';
  return `${sc.traceId}-${sc.spanId}-${sc.traceFlags}-${sc.traceState?.serialize() ?? ''}`;
}

/** What a baggage carries, as a comparable string, entries sorted by key ('' for none). */
export function describeBaggage(
  baggage: { getAllEntries(): [string, { value: string; metadata?: { toString(): string } }][] } | undefined,
): string {
  if (baggage === undefined) return '';
  return baggage.getAllEntries()
    .map(([k, e]) => `${k}=${e.value}${e.metadata !== undefined ? `;${e.metadata.toString()}` : ''}`)
    .sort()
    .join('|');
}
