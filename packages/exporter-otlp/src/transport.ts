/**
 * What one send attempt came to. Transports never reject: every outcome is a
 * value, classified by the rules of the OTLP specification ("Failures").
 * @internal
 */
export type SendResult =
  | { readonly ok: true; readonly body: Uint8Array | undefined }
  | {
      readonly ok: false;
      /** Whether the OTLP spec allows the request to be sent again. */
      readonly retryable: boolean;
      readonly error: Error;
      /** A delay the server asked for (gRPC RetryInfo, HTTP Retry-After). */
      readonly retryAfterMillis: number | undefined;
    };

/**
 * The seam between encoder and network: one already-encoded request in, one
 * classified result out, within `timeoutMillis`. Implemented by the gRPC and
 * HTTP transports.
 * @internal
 */
export interface Transport {
  send(body: Uint8Array, timeoutMillis: number): Promise<SendResult>;
  /** Closes channels and sockets; called once, after the last send settled. */
  shutdown(): Promise<void>;
}
