// Compiled type test: Spool's API types and @opentelemetry/api 1.x's must stay
// assignable both ways. Every function below is an identity conversion that
// only compiles while the shapes agree, so `tsc -b test` fails when they drift.
// The functions are also used at run time by api-compat.test.ts to hand
// objects from one API to the other.
import type * as otel from '@opentelemetry/api';
import type * as spool from '@spool/api';

// --- the interfaces the issue names, both ways -----------------------------
export function tracerProviderToOtel(x: spool.TracerProvider): otel.TracerProvider { return x; }
export function tracerProviderFromOtel(x: otel.TracerProvider): spool.TracerProvider { return x; }
export function tracerToOtel(x: spool.Tracer): otel.Tracer { return x; }
export function tracerFromOtel(x: otel.Tracer): spool.Tracer { return x; }
export function spanToOtel(x: spool.Span): otel.Span { return x; }
export function spanFromOtel(x: otel.Span): spool.Span { return x; }
export function contextToOtel(x: spool.Context): otel.Context { return x; }
export function contextFromOtel(x: otel.Context): spool.Context { return x; }
export function contextManagerToOtel(x: spool.ContextManager): otel.ContextManager { return x; }
export function contextManagerFromOtel(x: otel.ContextManager): spool.ContextManager { return x; }
export function propagatorToOtel(x: spool.TextMapPropagator): otel.TextMapPropagator { return x; }
export function propagatorFromOtel(x: otel.TextMapPropagator): spool.TextMapPropagator { return x; }

// --- the types those interfaces are made of ---------------------------------
export function spanContextToOtel(x: spool.SpanContext): otel.SpanContext { return x; }
export function spanContextFromOtel(x: otel.SpanContext): spool.SpanContext { return x; }
export function traceStateToOtel(x: spool.TraceState): otel.TraceState { return x; }
export function traceStateFromOtel(x: otel.TraceState): spool.TraceState { return x; }
export function spanOptionsToOtel(x: spool.SpanOptions): otel.SpanOptions { return x; }
export function spanOptionsFromOtel(x: otel.SpanOptions): spool.SpanOptions { return x; }
export function linkToOtel(x: spool.Link): otel.Link { return x; }
export function linkFromOtel(x: otel.Link): spool.Link { return x; }
export function attributesToOtel(x: spool.Attributes): otel.Attributes { return x; }
export function attributesFromOtel(x: otel.Attributes): spool.Attributes { return x; }
export function spanStatusToOtel(x: spool.SpanStatus): otel.SpanStatus { return x; }
export function spanStatusFromOtel(x: otel.SpanStatus): spool.SpanStatus { return x; }
export function getterToOtel(x: spool.TextMapGetter): otel.TextMapGetter { return x; }
export function getterFromOtel(x: otel.TextMapGetter): spool.TextMapGetter { return x; }
export function setterToOtel(x: spool.TextMapSetter): otel.TextMapSetter { return x; }
export function setterFromOtel(x: otel.TextMapSetter): spool.TextMapSetter { return x; }
export function diagLoggerToOtel(x: spool.DiagLogger): otel.DiagLogger { return x; }
export function diagLoggerFromOtel(x: otel.DiagLogger): spool.DiagLogger { return x; }
export function hrTimeToOtel(x: spool.HrTime): otel.HrTime { return x; }
export function timeInputFromOtel(x: otel.TimeInput): spool.TimeInput { return x; }
export function exceptionToOtel(x: spool.Exception): otel.Exception { return x; }
export function exceptionFromOtel(x: otel.Exception): spool.Exception { return x; }
export function tracerOptionsToOtel(x: spool.TracerOptions): otel.TracerOptions { return x; }
export function tracerOptionsFromOtel(x: otel.TracerOptions): spool.TracerOptions { return x; }

// Enums with the same name and members are related by TypeScript both ways.
export function spanKindToOtel(x: spool.SpanKind): otel.SpanKind { return x; }
export function spanKindFromOtel(x: otel.SpanKind): spool.SpanKind { return x; }
export function statusCodeToOtel(x: spool.SpanStatusCode): otel.SpanStatusCode { return x; }
export function statusCodeFromOtel(x: otel.SpanStatusCode): spool.SpanStatusCode { return x; }
export function diagLevelToOtel(x: spool.DiagLogLevel): otel.DiagLogLevel { return x; }
export function diagLevelFromOtel(x: otel.DiagLogLevel): spool.DiagLogLevel { return x; }
export function traceFlagsFromOtel(x: otel.TraceFlags): spool.TraceFlags { return x; }

// Baggage: @opentelemetry/api brands entry metadata with a private unique
// symbol, so only its baggage fits Spool's, not the reverse.
export function baggageFromOtel(x: otel.Baggage): spool.Baggage { return x; }

// --- differences we know of, kept honest --------------------------------------
// These lines must NOT compile; if one starts compiling, the comment is stale.
export function traceFlagsToOtel(x: spool.TraceFlags): otel.TraceFlags {
  // @ts-expect-error Spool's TraceFlags has RANDOM (W3C Level 2), which @opentelemetry/api 1.x lacks.
  return x;
}
export function baggageToOtel(x: spool.Baggage): otel.Baggage {
  // @ts-expect-error the metadata brand of @opentelemetry/api is a symbol Spool cannot name.
  return x;
}
