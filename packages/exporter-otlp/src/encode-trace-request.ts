import type { ReadableSpan } from '@spool/sdk-trace';
import { TraceRequestEncoder } from './trace-request-encoder.js';

/** The encoder `encodeTraceRequest` encodes with, made on first use. */
let shared: TraceRequestEncoder | undefined;

/**
 * Encodes spans as one OTLP `ExportTraceServiceRequest` (opentelemetry-proto
 * trace v1, binary protobuf), written straight from the spans: no
 * intermediate objects.
 *
 * Spans are grouped by resource (object identity), then by instrumentation
 * scope (name, version, schema URL, attributes). Ids are copied from Spool's
 * pooled id bytes (`idBytes`/`idOffset`) when the span has them, else decoded
 * from the hex strings of `spanContext()`. Times are exact unix nanoseconds.
 * Integral numbers become `int_value` (int64, negatives included), other numbers
 * `double_value`; arrays `array_value`; `Uint8Array` `bytes_value`; plain objects
 * `kvlist_value`. Strings are UTF-8, a lone surrogate becoming U+FFFD.
 *
 * Dropped on purpose: attributes whose value is `undefined`, `null`, a function
 * or a symbol (the API forbids them); values nested deeper than 8 levels; fields
 * equal to their proto3 default (zero counts, empty strings, an unset status),
 * which a decoder restores. Never throws on span content.
 *
 * Cost: the request is encoded into a buffer reused from call to call, then
 * copied once into memory of its own for the caller. Encoding many batches,
 * {@link TraceRequestEncoder} avoids that copy and, more to the point, the
 * fresh memory it lands in (see the README, "Performance").
 *
 * @param spans - finished spans, in any mix of resources and scopes
 * @returns the encoded request: a fresh `Uint8Array` over an `ArrayBuffer` of
 *   its own, exactly its length (never a slice of a shared pool); the caller owns it
 */
export function encodeTraceRequest(spans: readonly ReadableSpan[]): Uint8Array {
  const encoded = (shared ??= new TraceRequestEncoder()).encode(spans);
  // An ArrayBuffer of its own, exactly the request's length: never a slice of
  // Node's shared pool (which Buffer.allocUnsafe hands out below 4 KiB), so
  // results share no memory with each other or with unrelated Buffers. Not
  // zero-filled first (allocUnsafeSlow), because the copy writes every byte
  // of it. The copy itself is cheap (about 10 us for 125 KB); what costs is
  // the first touch of fresh pages, which any result the caller owns pays.
  const len = encoded.length;
  const out = new Uint8Array(Buffer.allocUnsafeSlow(len).buffer, 0, len);
  out.set(encoded);
  return out;
}
