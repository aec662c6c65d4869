import type { Context } from './context.js';
import { createContextKey } from './create-context-key.js';
import type { Span } from './span.js';

/**
 * The RPC-metadata context key; the same symbol as `@opentelemetry/core`'s.
 * @internal
 */
export const RPC_METADATA_KEY: symbol = createContextKey('OpenTelemetry SDK Context Key RPC_METADATA');

/** Kinds of RPC metadata. Same values as `@opentelemetry/core`'s `RPCType`. */
export enum RPCType {
  /** An HTTP server request. */
  HTTP = 'http',
}

/**
 * Metadata of an incoming HTTP request that a framework instrumentation fills in
 * later (e.g. the matched `route`), read by the HTTP server instrumentation.
 */
export interface HTTPMetadata {
  /** Always `RPCType.HTTP`. */
  type: RPCType.HTTP;
  /** The route template, set by a framework (e.g. `/users/:id`). */
  route?: string;
  /** The server span of the request. */
  span: Span;
}

/** RPC metadata stored in a context (HTTP only, as in `@opentelemetry/core`). */
export type RPCMetadata = HTTPMetadata;

/** A new context holding `meta`. */
export function setRPCMetadata(ctx: Context, meta: RPCMetadata): Context {
  return ctx.setValue(RPC_METADATA_KEY, meta);
}

/** A new context without RPC metadata. */
export function deleteRPCMetadata(ctx: Context): Context {
  return ctx.deleteValue(RPC_METADATA_KEY);
}

/** The RPC metadata of `ctx`, or `undefined` (also for a non-context). */
export function getRPCMetadata(ctx: Context): RPCMetadata | undefined {
  if (typeof ctx !== 'object' || ctx === null || typeof ctx.getValue !== 'function') return undefined;
  return (ctx.getValue(RPC_METADATA_KEY) as RPCMetadata | undefined) ?? undefined;
}
