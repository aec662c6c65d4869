import { protobufReader } from './protobuf-reader.js';

/** What the exporter needs from a `google.rpc.Status`. @internal */
export interface RpcStatus {
  readonly code: number;
  readonly message: string;
  /** `google.rpc.RetryInfo.retry_delay` in milliseconds, when a detail carries it. */
  readonly retryDelayMillis: number | undefined;
}

const RETRY_INFO_TYPE_URL = 'type.googleapis.com/google.rpc.RetryInfo';

/**
 * Decodes a `google.rpc.Status` (the `grpc-status-details-bin` trailer, or an
 * OTLP/HTTP error body): code = 1, message = 2, details = 3 (`google.protobuf.Any`:
 * type_url = 1, value = 2). Of the details only `google.rpc.RetryInfo`
 * (retry_delay = 1, a `Duration`: seconds = 1, nanos = 2) is read; unknown
 * fields are skipped. Returns `undefined` for bytes that are not a Status.
 * @internal
 */
export function decodeRpcStatus(bytes: Uint8Array): RpcStatus | undefined {
  try {
    const r = protobufReader(bytes);
    let code = 0;
    let message = '';
    let retryDelayMillis: number | undefined;
    while (r.pos < r.len) {
      const tag = r.uint32();
      switch (tag >>> 3) {
        case 1:
          code = r.int32();
          break;
        case 2:
          message = r.string();
          break;
        case 3: {
          const delay = decodeAnyRetryDelay(r.bytes());
          if (delay !== undefined) retryDelayMillis = delay;
          break;
        }
        default:
          r.skipType(tag & 7);
      }
    }
    return { code, message, retryDelayMillis };
  } catch {
    return undefined;
  }
}

function decodeAnyRetryDelay(bytes: Uint8Array): number | undefined {
  const r = protobufReader(bytes);
  let typeUrl = '';
  let value: Uint8Array | undefined;
  while (r.pos < r.len) {
    const tag = r.uint32();
    if (tag >>> 3 === 1) typeUrl = r.string();
    else if (tag >>> 3 === 2) value = r.bytes();
    else r.skipType(tag & 7);
  }
  if (typeUrl !== RETRY_INFO_TYPE_URL || value === undefined) return undefined;
  const ri = protobufReader(value);
  let duration: Uint8Array | undefined;
  while (ri.pos < ri.len) {
    const tag = ri.uint32();
    if (tag >>> 3 === 1) duration = ri.bytes();
    else ri.skipType(tag & 7);
  }
  if (duration === undefined) return 0;
  const d = protobufReader(duration);
  let seconds = 0;
  let nanos = 0;
  while (d.pos < d.len) {
    const tag = d.uint32();
    if (tag >>> 3 === 1) seconds = longToNumber(d.int64());
    else if (tag >>> 3 === 2) nanos = d.int32();
    else d.skipType(tag & 7);
  }
  const ms = seconds * 1000 + nanos / 1e6;
  return ms > 0 ? ms : 0;
}

/**
 * protobufjs returns an int64 as a number, or as a `Long` ({ low, high }) when
 * long.js is installed; either way, as a number (exact below 2^53). @internal
 */
export function longToNumber(v: number | { readonly low: number; readonly high: number }): number {
  return typeof v === 'number' ? v : v.high * 0x100000000 + (v.low >>> 0);
}
