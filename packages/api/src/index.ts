// The public list of @spool/api. Values first, then types.

export { trace } from './trace-api.js';
export { context } from './context-api.js';
export { propagation } from './propagation-api.js';
export { diag } from './diag-api.js';

export { SpanKind } from './span-kind.js';
export { SpanStatusCode } from './span-status.js';
export { TraceFlags } from './trace-flags.js';
export { ROOT_CONTEXT } from './base-context.js';
export { createContextKey } from './create-context-key.js';
export { defaultTextMapGetter } from './default-text-map-getter.js';
export { defaultTextMapSetter } from './default-text-map-setter.js';
export { isSpanContextValid, isValidTraceId, isValidSpanId } from './span-context-validity.js';
export { INVALID_SPAN_CONTEXT, INVALID_TRACEID, INVALID_SPANID } from './invalid-span-context.js';
export { DiagConsoleLogger } from './diag-console-logger.js';
export { DiagLogLevel } from './diag-logger.js';
export { createTraceState } from './create-trace-state.js';
export { baggageEntryMetadataFromString } from './baggage-entry-metadata.js';
export { ProxyTracerProvider } from './proxy-tracer-provider.js';
export { ProxyTracer } from './proxy-tracer.js';
export { NonRecordingSpan } from './non-recording-span.js';
export { suppressTracing, unsuppressTracing, isTracingSuppressed } from './suppress-tracing.js';
export { setRPCMetadata, getRPCMetadata, deleteRPCMetadata, RPCType } from './rpc-metadata.js';
export { VERSION } from './version.js';

export type { Span } from './span.js';
export type { SpanContext } from './span-context.js';
export type { Tracer } from './tracer.js';
export type { TracerProvider } from './tracer-provider.js';
export type { TracerOptions } from './tracer-options.js';
export type { SpanOptions } from './span-options.js';
export type { Link } from './link.js';
export type { SpanStatus } from './span-status.js';
export type { Attributes, AttributeValue, SpanAttributes, SpanAttributeValue } from './attributes.js';
export type { HrTime, TimeInput } from './time.js';
export type { Exception } from './exception.js';
export type { Context } from './context.js';
export type { ContextManager } from './context-manager.js';
export type { TextMapPropagator, TextMapGetter, TextMapSetter } from './text-map-propagator.js';
export type { Baggage, BaggageEntry, BaggageEntryMetadata } from './baggage.js';
export type { TraceState } from './trace-state.js';
export type {
  DiagLogger,
  DiagLogFunction,
  DiagLoggerOptions,
  ComponentLoggerOptions,
} from './diag-logger.js';
export type { TracerDelegator } from './proxy-tracer.js';
export type { RegisterOptions } from './register-options.js';
export type { RPCMetadata, HTTPMetadata } from './rpc-metadata.js';
export type { TraceAPI } from './trace-api.js';
export type { ContextAPI } from './context-api.js';
export type { PropagationAPI } from './propagation-api.js';
export type { DiagAPI } from './diag-api.js';
