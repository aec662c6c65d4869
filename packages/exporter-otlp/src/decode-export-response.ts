import { protobufReader } from './protobuf-reader.js';
import { longToNumber } from './decode-rpc-status.js';

/** `ExportTracePartialSuccess` of an OTLP response. @internal */
export interface PartialSuccess {
  readonly rejectedSpans: number;
  readonly errorMessage: string;
}

/**
 * Reads `partial_success` (field 1: rejected_spans = 1 int64, error_message = 2)
 * from a binary `ExportTraceServiceResponse`. Returns `undefined` when the
 * response has none, or cannot be decoded (a response is never a reason to
 * fail an export that the server accepted).
 * @internal
 */
export function decodeExportResponse(bytes: Uint8Array | undefined): PartialSuccess | undefined {
  if (bytes === undefined || bytes.length === 0) return undefined;
  try {
    const r = protobufReader(bytes);
    let ps: Uint8Array | undefined;
    while (r.pos < r.len) {
      const tag = r.uint32();
      if (tag >>> 3 === 1 && (tag & 7) === 2) ps = r.bytes();
      else r.skipType(tag & 7);
    }
    if (ps === undefined) return undefined;
    const p = protobufReader(ps);
    let rejectedSpans = 0;
    let errorMessage = '';
    while (p.pos < p.len) {
      const tag = p.uint32();
      if (tag >>> 3 === 1) rejectedSpans = longToNumber(p.int64());
      else if (tag >>> 3 === 2) errorMessage = p.string();
      else p.skipType(tag & 7);
    }
    return { rejectedSpans, errorMessage };
  } catch {
    return undefined;
  }
}

/**
 * Reads `partialSuccess` from an OTLP/JSON `ExportTraceServiceResponse`
 * (`rejectedSpans` may be a string or a number there).
 * @internal
 */
export function decodeExportResponseJson(bytes: Uint8Array | undefined): PartialSuccess | undefined {
  if (bytes === undefined || bytes.length === 0) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
    const ps = (parsed as { partialSuccess?: { rejectedSpans?: unknown; errorMessage?: unknown } } | null)?.partialSuccess;
    if (ps === undefined || ps === null || typeof ps !== 'object') return undefined;
    const n = Number(ps.rejectedSpans ?? 0);
    return {
      rejectedSpans: Number.isFinite(n) ? n : 0,
      errorMessage: typeof ps.errorMessage === 'string' ? ps.errorMessage : '',
    };
  } catch {
    return undefined;
  }
}
