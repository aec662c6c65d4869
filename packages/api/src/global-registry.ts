import { createRequire } from 'node:module';
import type { ContextManager } from './context-manager.js';
import type { DiagLogger } from './diag-logger.js';
import type { TextMapPropagator } from './text-map-propagator.js';
import type { TracerProvider } from './tracer-provider.js';
import { VERSION } from './version.js';

/**
 * The proxy provider kept in the slot, shared by every compatible copy so that a
 * tracer taken from any copy before registration starts recording afterwards.
 * @internal
 */
export interface SharedProxyTracerProvider extends TracerProvider {
  setDelegate(delegate: TracerProvider): void;
}

/**
 * What one major line of `@spool/api` keeps on `globalThis`. Copies of newer
 * minors may add fields; they must treat every field as possibly absent.
 * @internal
 */
export interface GlobalSlot {
  /** Version of the copy that created the slot. */
  readonly version: string;
  trace: TracerProvider | undefined;
  traceProxy: SharedProxyTracerProvider | undefined;
  context: ContextManager | undefined;
  propagation: TextMapPropagator | undefined;
  /** The level-filtered logger. */
  diag: DiagLogger | undefined;
  /** The level `diag` was set with (`DiagLogLevel.NONE` without a logger). */
  diagLevel: number;
}

/** What can be registered globally. @internal */
export type GlobalType = 'trace' | 'context' | 'propagation' | 'diag';

type GlobalRecord = Record<symbol, unknown>;
const g = globalThis as unknown as GlobalRecord;

/**
 * A counter on `globalThis` that every copy of `@spool/api` (of any version)
 * bumps when it registers something. Copies serving no-op spans re-check the
 * other slots when it changes. Its key and type must never change.
 * @internal
 */
export const REGISTRATIONS_KEY: symbol = Symbol.for('spool.api.registrations');

interface SemverFunctions {
  valid(version: string): string | null;
  satisfies(version: string, range: string): boolean;
}

let semver: SemverFunctions | undefined;

/**
 * node-semver, loaded on first use. Only a second copy of `@spool/api` with a
 * different version string needs it, so the common process (one copy) never
 * reads its two dozen CommonJS files at startup.
 */
function loadSemver(): SemverFunctions {
  if (semver === undefined) {
    const load = createRequire(import.meta.url);
    semver = {
      valid: load('semver/functions/valid.js') as SemverFunctions['valid'],
      satisfies: load('semver/functions/satisfies.js') as SemverFunctions['satisfies'],
    };
  }
  return semver;
}

/** MAJOR.MINOR.PATCH without prefix, prerelease or build: valid semver (§2) without loading node-semver. */
const PLAIN_VERSION = /^(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)$/;

function isValidVersion(version: string): boolean {
  return PLAIN_VERSION.test(version) || loadSemver().valid(version) !== null;
}

const LABELS: Record<GlobalType, string> = {
  trace: 'tracer provider',
  context: 'context manager',
  propagation: 'propagator',
  diag: 'diag logger',
};

/**
 * True when two `@spool/api` versions may share one global slot: node-semver
 * puts one inside the caret range of the other (`^own` or `^other`). So 1.2.0
 * and 1.4.0 share, 1.x and 2.x do not, 0.1.x and 0.2.x do not (below 1.0.0 the
 * minor is the breaking position), and a prerelease only matches versions of
 * its own major.minor.patch (semver §9/§11). Invalid versions are never
 * compatible with anything but an identical string.
 *
 * Both directions are accepted: within a major line, members added to shared
 * interfaces after the older minor must be treated as optional by the newer copy.
 * @internal
 */
export function isCompatibleVersion(own: string, other: string): boolean {
  if (own === other) return true;
  if (typeof own !== 'string' || typeof other !== 'string') return false;
  if (!isValidVersion(own) || !isValidVersion(other)) return false;
  const { satisfies } = loadSemver();
  return satisfies(other, `^${own}`) || satisfies(own, `^${other}`);
}

/**
 * The `globalThis` key of a version's slot: one per major, e.g.
 * `Symbol.for('spool.api.v0')` for every 0.x copy.
 * @internal
 */
export function slotKeyFor(version: string): symbol {
  const major = isValidVersion(version) ? version.slice(0, version.indexOf('.')) : 'invalid';
  return Symbol.for(`spool.api.v${major}`);
}

function newSlot(): GlobalSlot {
  return {
    version: VERSION,
    trace: undefined,
    traceProxy: undefined,
    context: undefined,
    propagation: undefined,
    diag: undefined,
    diagLevel: 0,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

let resolvedSlot: GlobalSlot | undefined;
/** Set when this copy met an incompatible copy in its slot and went private. */
let refusedSlot: { version: string; slot: Record<string, unknown> } | undefined;
const reported = new Set<string>();

/**
 * Sends `message` once per `key` to this copy's logger and to every other
 * logger given (the loggers of the other copies involved), at `level`.
 * @internal
 */
export function reportOnce(
  key: string,
  level: 'error' | 'warn' | 'debug',
  message: string,
  others: readonly unknown[] = []
): void {
  if (reported.has(key)) return;
  reported.add(key);
  report(level, message, others);
}

/**
 * Sends `message` to this copy's logger and to the other loggers given.
 * @internal
 */
export function report(level: 'error' | 'warn' | 'debug', message: string, others: readonly unknown[] = []): void {
  const targets: unknown[] = [getSlot().diag];
  for (const o of others) if (!targets.includes(o)) targets.push(o);
  for (const t of targets) {
    if (!isObject(t)) continue;
    const fn = t[level];
    if (typeof fn !== 'function') continue;
    try {
      (fn as (m: string) => void).call(t, message);
    } catch {
      // a foreign logger that throws is ignored
    }
  }
}

/**
 * The slot this copy uses: the global slot of its major when free or held by a
 * compatible copy; otherwise a private slot (this copy then refuses every
 * registration but diag, and says so naming both versions).
 * @internal
 */
export function getSlot(): GlobalSlot {
  if (resolvedSlot !== undefined) return resolvedSlot;
  const key = slotKeyFor(VERSION);
  const existing = g[key];
  if (!isObject(existing)) {
    const slot = newSlot();
    Object.defineProperty(globalThis, key, { value: slot, writable: true, configurable: true, enumerable: false });
    resolvedSlot = slot;
    return slot;
  }
  const otherVersion = String(existing.version);
  if (isCompatibleVersion(VERSION, otherVersion)) {
    resolvedSlot = existing as unknown as GlobalSlot;
    return resolvedSlot;
  }
  resolvedSlot = newSlot();
  refusedSlot = { version: otherVersion, slot: existing };
  reportOnce(
    `conflict:${otherVersion}`,
    'error',
    `@spool/api ${VERSION} found @spool/api ${otherVersion} in the global slot ${key.description} and ` +
      `cannot share it (incompatible versions). Registrations made through @spool/api ${VERSION} are refused and ` +
      `its spans are non-recording; make your dependencies resolve to one compatible @spool/api version.`,
    [existing.diag]
  );
  return resolvedSlot;
}

/**
 * The version of the incompatible copy that holds this copy's global slot, if any.
 * @internal
 */
export function refusedByVersion(): string | undefined {
  return refusedSlot?.version;
}

function bumpRegistrations(): void {
  const n = g[REGISTRATIONS_KEY];
  const next = typeof n === 'number' ? n + 1 : 1;
  Object.defineProperty(globalThis, REGISTRATIONS_KEY, { value: next, writable: true, configurable: true, enumerable: false });
}

/**
 * Registers `instance` as the global `type` in this copy's slot. Returns false,
 * with a diag error, when one is already registered and `allowOverride` is not
 * set, or when this copy refused its slot (diag excepted, which stays usable
 * privately so the refusal can be seen).
 * @internal
 */
export function registerGlobal<T extends GlobalType>(
  type: T,
  instance: NonNullable<GlobalSlot[T]>,
  allowOverride = false
): boolean {
  const slot = getSlot();
  const label = LABELS[type];
  if (refusedSlot !== undefined && type !== 'diag') {
    report(
      'error',
      `@spool/api ${VERSION} cannot register the global ${label}: its global slot belongs to ` +
        `@spool/api ${refusedSlot.version}, which is incompatible with ${VERSION}. The ${label} is ignored.`,
      [refusedSlot.slot.diag]
    );
    return false;
  }
  if (slot[type] !== undefined && !allowOverride) {
    report(
      'error',
      `@spool/api ${VERSION}: a global ${label} is already registered (slot of @spool/api ${slot.version}); ` +
        `the new one is ignored. Pass { allowOverride: true } to replace it.`
    );
    return false;
  }
  (slot as unknown as Record<string, unknown>)[type] = instance;
  bumpRegistrations();
  return true;
}

/**
 * The global `type` of this copy's slot, or `undefined`.
 * @internal
 */
export function getGlobal<T extends GlobalType>(type: T): GlobalSlot[T] {
  return getSlot()[type];
}

/**
 * Removes the global `type` from this copy's slot (used by `disable()`).
 * @internal
 */
export function unregisterGlobal(type: GlobalType): void {
  const slot = getSlot() as unknown as Record<string, unknown>;
  slot[type] = undefined;
  if (type === 'trace') slot.traceProxy = undefined;
  if (type === 'diag') slot.diagLevel = 0;
  bumpRegistrations();
}
