/** The stable codes of `PropagatorRegistrationError`. */
export type PropagatorRegistrationErrorCode =
  | 'SPOOL_PROPAGATOR_NAME_INVALID'
  | 'SPOOL_PROPAGATOR_NAME_RESERVED'
  | 'SPOOL_PROPAGATOR_FACTORY_INVALID';

/**
 * Thrown by `registerPropagator` (setup code only, never on a request path)
 * when the name or the factory is unusable. `code` is stable; the message may change.
 */
export class PropagatorRegistrationError extends Error {
  /** What was wrong; see `PropagatorRegistrationErrorCode`. */
  readonly code: PropagatorRegistrationErrorCode;

  constructor(code: PropagatorRegistrationErrorCode, message: string) {
    super(message);
    this.name = 'PropagatorRegistrationError';
    this.code = code;
  }
}
