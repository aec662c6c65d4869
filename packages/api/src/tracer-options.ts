/** Options of `TracerProvider.getTracer`. Same shape as `@opentelemetry/api`'s. */
export interface TracerOptions {
  /** The schema URL of the telemetry emitted by this tracer. */
  schemaUrl?: string;
}
