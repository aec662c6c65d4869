import type { TextMapPropagator } from '@spool/api';
import { AwsXRayPropagator } from './aws-xray-propagator.js';
import { B3InjectEncoding } from './b3-inject-encoding.js';
import { B3Propagator } from './b3-propagator.js';
import { JaegerPropagator } from './jaeger-propagator.js';
import { PropagatorRegistrationError } from './propagator-registration-error.js';
import { W3CBaggagePropagator } from './w3c-baggage-propagator.js';
import { W3CTraceContextPropagator } from './w3c-trace-context-propagator.js';

/**
 * Makes a propagator for a name selected by `OTEL_PROPAGATORS`. It receives the
 * environment passed to `propagatorFromEnv`, so a vendor can read its own
 * variables from it.
 */
export type PropagatorFactory = (env: Readonly<Record<string, string | undefined>>) => TextMapPropagator;

/** The names of the OpenTelemetry specification (`OTEL_PROPAGATORS`) that Spool provides. */
const BUILT_IN: ReadonlyMap<string, PropagatorFactory> = new Map<string, PropagatorFactory>([
  ['tracecontext', () => new W3CTraceContextPropagator()],
  ['baggage', () => new W3CBaggagePropagator()],
  ['b3', () => new B3Propagator({ injectEncoding: B3InjectEncoding.SINGLE_HEADER })],
  ['b3multi', () => new B3Propagator({ injectEncoding: B3InjectEncoding.MULTI_HEADER })],
  ['jaeger', () => new JaegerPropagator()],
  ['xray', () => new AwsXRayPropagator()],
]);

/** `none` is a keyword of `OTEL_PROPAGATORS`, not a propagator. */
export const NONE = 'none';
const MAX_NAME_LENGTH = 64;

const registered = new Map<string, PropagatorFactory>();

/**
 * Registers a vendor propagator under `name`, so `OTEL_PROPAGATORS` can select
 * it through `propagatorFromEnv`. Registering a name again replaces the factory.
 *
 * The name must be 1-64 characters of `a-z 0-9 . _ -` starting with a letter
 * (the environment value is lowercased before lookup, so an upper-case name
 * could never be selected). This is setup code and fails fast: an invalid name,
 * a built-in name (`tracecontext`, `baggage`, `b3`, `b3multi`, `jaeger`,
 * `xray`), `none`, or a factory that is not a function throws a
 * `PropagatorRegistrationError` with a stable `code`. A factory that throws or
 * returns something that is not a propagator is reported through `diag` and
 * skipped when `propagatorFromEnv` calls it.
 */
export function registerPropagator(name: string, factory: PropagatorFactory): void {
  if (typeof name !== 'string' || !isValidName(name)) {
    throw new PropagatorRegistrationError(
      'SPOOL_PROPAGATOR_NAME_INVALID',
      `propagator name ${JSON.stringify(name)} is invalid: use 1-${MAX_NAME_LENGTH} characters of a-z 0-9 . _ - starting with a letter`,
    );
  }
  if (name === NONE || BUILT_IN.has(name)) {
    throw new PropagatorRegistrationError('SPOOL_PROPAGATOR_NAME_RESERVED', `propagator name "${name}" is reserved by Spool`);
  }
  if (typeof factory !== 'function') {
    throw new PropagatorRegistrationError('SPOOL_PROPAGATOR_FACTORY_INVALID', `the factory for "${name}" is not a function`);
  }
  registered.set(name, factory);
}

/** The factory registered under `name` (built-in or vendor), or `undefined`. @internal */
export function lookupPropagator(name: string): PropagatorFactory | undefined {
  return BUILT_IN.get(name) ?? registered.get(name);
}

function isValidName(name: string): boolean {
  const n = name.length;
  if (n === 0 || n > MAX_NAME_LENGTH) return false;
  const first = name.charCodeAt(0);
  if (first < 0x61 || first > 0x7a) return false;
  for (let i = 1; i < n; i++) {
    const c = name.charCodeAt(i);
    const ok = (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x5f || c === 0x2d;
    if (!ok) return false;
  }
  return true;
}
