/**
 * Just enough of the protobuf wire format to count the Span messages of an
 * OTLP ExportTraceServiceRequest and read their ids and names, without a
 * schema or a library (opentelemetry-proto trace.proto / trace_service.proto):
 *
 *   ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
 *   ResourceSpans             { Resource resource = 1; repeated ScopeSpans scope_spans = 2; }
 *   ScopeSpans                { InstrumentationScope scope = 1; repeated Span spans = 2; }
 *   Span                      { bytes trace_id = 1; bytes span_id = 2; ... string name = 5; ... }
 *
 * Used by the export_e2e receiver (counting) and the otlp_encode check
 * (decoding ids back). Malformed input throws a {@link WireFormatError}.
 */

/** Thrown for bytes that are not a well-formed protobuf message. */
export class WireFormatError extends Error {
  readonly code = 'ERR_BENCH_WIRE_FORMAT';
}

/** Identity of one decoded span. */
export interface WalkedSpan {
  /** 32 lowercase hex chars ('' when the field is absent). */
  readonly traceId: string;
  /** 16 lowercase hex chars ('' when absent). */
  readonly spanId: string;
  readonly name: string;
}

interface Cursor { pos: number }

function readVarint(buf: Uint8Array, c: Cursor, end: number): number {
  let result = 0;
  let shift = 0;
  while (c.pos < end) {
    const b = buf[c.pos++]!;
    // Multiplication instead of << keeps values above 2^31 exact (lengths never are, fields may be).
    result += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) return result;
    shift += 7;
    if (shift > 63) break;
  }
  throw new WireFormatError(`truncated or overlong varint at byte ${c.pos}`);
}

/** Calls `onField(field, start, end)` for each length-delimited field of buf[start, end); skips the rest. */
function eachLengthDelimited(buf: Uint8Array, start: number, end: number, onField: (field: number, from: number, to: number) => void): void {
  const c: Cursor = { pos: start };
  while (c.pos < end) {
    const key = readVarint(buf, c, end);
    const field = Math.floor(key / 8);
    const wire = key & 7;
    if (field === 0) throw new WireFormatError(`field number 0 at byte ${c.pos}`);
    switch (wire) {
      case 0: readVarint(buf, c, end); break;
      case 1: c.pos += 8; break;
      case 5: c.pos += 4; break;
      case 2: {
        const len = readVarint(buf, c, end);
        const from = c.pos;
        c.pos += len;
        if (c.pos > end) throw new WireFormatError(`field ${field} runs past its message (${c.pos} > ${end})`);
        onField(field, from, c.pos);
        break;
      }
      default: throw new WireFormatError(`unsupported wire type ${wire} for field ${field}`);
    }
    if (c.pos > end) throw new WireFormatError(`fixed-width field ${field} runs past its message`);
  }
}

function hex(buf: Uint8Array, from: number, to: number): string {
  let s = '';
  for (let i = from; i < to; i++) s += buf[i]!.toString(16).padStart(2, '0');
  return s;
}

function spansOf(buf: Uint8Array, onSpan: (from: number, to: number) => void): void {
  eachLengthDelimited(buf, 0, buf.length, (f1, s1, e1) => {
    if (f1 !== 1) return;
    eachLengthDelimited(buf, s1, e1, (f2, s2, e2) => {
      if (f2 !== 2) return;
      eachLengthDelimited(buf, s2, e2, (f3, s3, e3) => {
        if (f3 === 2) onSpan(s3, e3);
      });
    });
  });
}

/** Counts the Span messages of an encoded ExportTraceServiceRequest. */
export function countSpans(buf: Uint8Array): number {
  let n = 0;
  spansOf(buf, () => { n++; });
  return n;
}

/** Decodes the trace id, span id and name of every span of an encoded ExportTraceServiceRequest. */
export function walkSpans(buf: Uint8Array): WalkedSpan[] {
  const out: WalkedSpan[] = [];
  const decoder = new TextDecoder();
  spansOf(buf, (from, to) => {
    let traceId = '';
    let spanId = '';
    let name = '';
    eachLengthDelimited(buf, from, to, (field, s, e) => {
      if (field === 1) traceId = hex(buf, s, e);
      else if (field === 2) spanId = hex(buf, s, e);
      else if (field === 5) name = decoder.decode(buf.subarray(s, e));
    });
    out.push({ traceId, spanId, name });
  });
  return out;
}
