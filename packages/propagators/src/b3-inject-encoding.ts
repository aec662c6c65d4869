/**
 * Which B3 encoding `B3Propagator` writes (it reads both). Same values as
 * `@opentelemetry/propagator-b3`'s `B3InjectEncoding`.
 */
export enum B3InjectEncoding {
  /** One `b3: {trace-id}-{span-id}-{sampling}` header (the default). */
  SINGLE_HEADER = 0,
  /** `X-B3-TraceId`, `X-B3-SpanId` and `X-B3-Sampled` or `X-B3-Flags`. */
  MULTI_HEADER = 1,
}
