/**
 * The role of a span in a trace. Same names and values as `@opentelemetry/api`.
 */
export enum SpanKind {
  /** An operation inside an application (the default). */
  INTERNAL = 0,
  /** Handling of a synchronous request from a remote client. */
  SERVER = 1,
  /** A synchronous request to a remote server. */
  CLIENT = 2,
  /** Sending a message that is processed later by a consumer. */
  PRODUCER = 3,
  /** Processing a message sent by a producer. */
  CONSUMER = 4,
}
