import { createRequire } from 'node:module';
import { diag } from '@spool/api';
import type { ContextManager, DiagLogger, DiagLogLevel, TextMapPropagator, TracerProvider } from '@spool/api';

/**
 * The few members of `@opentelemetry/api` 1.x that the bridge uses, typed
 * structurally: that package is optional and never a dependency of Spool.
 */
interface OpenTelemetryApiLike {
  readonly trace: { setGlobalTracerProvider(provider: unknown): boolean };
  readonly context: { setGlobalContextManager(manager: unknown): boolean };
  readonly propagation: { setGlobalPropagator(propagator: unknown): boolean };
  readonly diag: { setLogger(logger: unknown, options?: unknown): boolean };
}

/** What to register in `@opentelemetry/api`. */
export interface OpenTelemetryApiRegistration {
  readonly tracerProvider?: TracerProvider;
  readonly contextManager?: ContextManager;
  readonly propagator?: TextMapPropagator;
  /** Also route OpenTelemetry's own diag messages (instrumentations') to this logger. */
  readonly diagLogger?: { readonly logger: DiagLogger; readonly logLevel: DiagLogLevel };
}

/** Which registrations `@opentelemetry/api` accepted; all false when it is not installed. */
export interface OpenTelemetryApiBridgeResult {
  /** Where `@opentelemetry/api` was loaded from, or undefined when it could not be resolved. */
  readonly resolvedFrom: string | undefined;
  readonly tracerProvider: boolean;
  readonly contextManager: boolean;
  readonly propagator: boolean;
}

/**
 * Registers Spool's tracer provider, context manager and propagator as the
 * globals of `@opentelemetry/api` when the application can resolve that
 * package, so `@opentelemetry/instrumentation-*` packages record into Spool
 * and their spans nest under Spool's (both APIs use the same
 * `Symbol.for(...)` context keys, so one context manager serves both).
 *
 * The package is looked up from the application's entry script
 * (`process.argv[1]`), then from the working directory, then from this
 * package; with none it does nothing. `@opentelemetry/api` shares its globals
 * between all compatible copies loaded in the process, so one registration
 * serves them all. When it refuses (something was registered first, e.g. the
 * OpenTelemetry SDK), that is reported through `diag.warn` and the result
 * says which parts were accepted. Never throws.
 */
export function registerWithOpenTelemetryApi(
  registration: OpenTelemetryApiRegistration,
  bases: readonly (string | undefined)[] = defaultBases(),
): OpenTelemetryApiBridgeResult {
  const loaded = loadOpenTelemetryApi(bases);
  if (loaded === undefined) return { resolvedFrom: undefined, tracerProvider: false, contextManager: false, propagator: false };
  const { api, from } = loaded;
  const attempt = (what: string, register: () => boolean): boolean => {
    try {
      if (register()) return true;
      diag.warn(`@spool/sdk-node: @opentelemetry/api refused Spool's ${what}: another one is registered already`);
    } catch (err) {
      diag.warn(`@spool/sdk-node: registering Spool's ${what} in @opentelemetry/api failed: ${String(err)}`);
    }
    return false;
  };
  if (registration.diagLogger !== undefined) {
    const { logger, logLevel } = registration.diagLogger;
    attempt('diag logger', () => api.diag.setLogger(logger, { logLevel, suppressOverrideMessage: true }));
  }
  const contextManager =
    registration.contextManager !== undefined &&
    attempt('context manager', () => api.context.setGlobalContextManager(registration.contextManager));
  const propagator =
    registration.propagator !== undefined &&
    attempt('propagator', () => api.propagation.setGlobalPropagator(registration.propagator));
  const tracerProvider =
    registration.tracerProvider !== undefined &&
    attempt('tracer provider', () => api.trace.setGlobalTracerProvider(registration.tracerProvider));
  return { resolvedFrom: from, tracerProvider, contextManager, propagator };
}

function defaultBases(): (string | undefined)[] {
  return [process.argv[1], process.cwd() + '/', import.meta.url];
}

function loadOpenTelemetryApi(bases: readonly (string | undefined)[]): { api: OpenTelemetryApiLike; from: string } | undefined {
  for (const base of bases) {
    if (base === undefined || base === '') continue;
    let path: string;
    let mod: unknown;
    try {
      const require = createRequire(base);
      path = require.resolve('@opentelemetry/api');
      mod = require(path);
    } catch {
      continue; // not resolvable from here: try the next base
    }
    if (isOpenTelemetryApi(mod)) return { api: mod, from: path };
    diag.debug(`@spool/sdk-node: ${path} does not look like @opentelemetry/api 1.x; not registering there`);
  }
  return undefined;
}

function isOpenTelemetryApi(mod: unknown): mod is OpenTelemetryApiLike {
  if (mod === null || typeof mod !== 'object') return false;
  const m = mod as Record<string, Record<string, unknown> | undefined>;
  return (
    typeof m['trace']?.['setGlobalTracerProvider'] === 'function' &&
    typeof m['context']?.['setGlobalContextManager'] === 'function' &&
    typeof m['propagation']?.['setGlobalPropagator'] === 'function' &&
    typeof m['diag']?.['setLogger'] === 'function'
  );
}
