import {
  defaultTextMapGetter,
  defaultTextMapSetter,
  type Context,
  type TextMapGetter,
  type TextMapSetter,
} from '@spool/api';
import type { OnceReporter } from './once-reporter.js';

/**
 * Direct access to plain-object carriers when the caller passed the API's
 * default getter or setter, which is what `propagation.inject`/`extract` and
 * most instrumentations do.
 *
 * Why: the default setter's `carrier[key] = value` is one store site shared by
 * every header name, so V8 handles it megamorphically, and adding a property
 * through it costs about 20 ns; the same store written in the propagator with
 * a constant name costs about 2 ns (measured on Node 20: a fresh carrier with
 * three B3 headers, 74 ns through the setter, 14 ns direct). Reads gain the
 * same way, 5-8 ns per header.
 *
 * The contract: a direct write or read must give exactly what the default
 * setter or getter would. Propagators therefore write directly inside a
 * `try` and, if a write throws (frozen carrier, throwing accessor), redo every
 * write through the setter, which swallows errors header by header. They read
 * directly only the exact key, and when it holds no header value ask the
 * default getter, which repeats that read and then looks for the key ignoring
 * case (B3, which reads five names, looks for all its missing ones in one walk
 * of the keys with `resolveIgnoringCase`). A direct read that throws is
 * treated as the getter treats it (the getter reads such a property as
 * absent): `extractFromCarrier` redoes the extract through the getter.
 * `test/plain-carrier.test.ts` compares both paths over hostile carriers.
 *
 * @internal
 */

/** A carrier read or written directly. */
export type PlainCarrier = Record<string, unknown>;

/** True when `carrier` may be read directly instead of through `getter` (see the module comment). */
export function readsDirectly(carrier: unknown, getter: TextMapGetter): carrier is PlainCarrier {
  return getter === defaultTextMapGetter && typeof carrier === 'object' && carrier !== null;
}

/** True when `carrier` may be written directly instead of through `setter` (see the module comment). */
export function writesDirectly(carrier: unknown, setter: TextMapSetter): carrier is PlainCarrier {
  return setter === defaultTextMapSetter && typeof carrier === 'object' && carrier !== null;
}

/**
 * The part of a propagator's extract that reads the carrier: directly when
 * `direct` is true (then `carrier` is a `PlainCarrier` and `getter` the default
 * getter), otherwise only through `getter`.
 */
export type CarrierRead<T> = (this: T, context: Context, carrier: unknown, getter: TextMapGetter, direct: boolean) => Context;

/**
 * `read.call(owner, ...)` on `carrier`, reading it directly when
 * `readsDirectly` allows. If that throws (a throwing accessor, a proxy), `read`
 * runs once more through the getter, which reads such a property as absent, so
 * the result is what the getter alone would give; no report, as the getter
 * makes none. What still throws is reported once per `report` (`extract.threw`,
 * warn, with `message`) and gives `undefined`, for the caller to return the
 * context it was given (or, for Jaeger, what it can still read). Never throws.
 *
 * Kept small (84 bytes of bytecode on Node 20: one `try` in a loop, the
 * report out of line) because V8 inlines it, `read` included, into each
 * `extract`, and what it adds counts against V8's cumulative inlining budget
 * for the caller: a first version with a second `try` in the `catch` took 163
 * bytes and left callees of B3's extract un-inlined in the benchmark loop.
 * `read` is passed by the caller (`this._extract`) rather than looked up on
 * `owner`, so once inlined the call target is the caller's constant, however
 * many propagator classes share this function.
 */
export function extractFromCarrier<T>(
  owner: T,
  read: CarrierRead<T>,
  context: Context,
  carrier: unknown,
  getter: TextMapGetter,
  report: OnceReporter,
  message?: string,
): Context | undefined {
  let direct = readsDirectly(carrier, getter);
  for (;;) {
    try {
      return read.call(owner, context, carrier, getter, direct);
    } catch (err) {
      if (!direct) return reportThrown(report, message, err);
      direct = false;
    }
  }
}

/** The report of `extractFromCarrier`, out of line to keep that function small. */
function reportThrown(report: OnceReporter, message: string | undefined, err: unknown): undefined {
  report.report('extract.threw', 'warn', message ?? 'extract failed; context left unchanged', err);
  return undefined;
}

/** What the default getter accepts as a header value: a string or an array. */
export function isHeaderValue(value: unknown): value is string | string[] {
  return typeof value === 'string' || Array.isArray(value);
}

const hasOwn = Object.prototype.hasOwnProperty;

/** `k.toLowerCase() === lower` for a `k` as long as `lower`, without allocating for ASCII keys (as the default getter compares). */
function equalsLowered(k: string, lower: string): boolean {
  for (let i = 0; i < k.length; i++) {
    let c = k.charCodeAt(i);
    if (c >= 0x80) return k.toLowerCase() === lower;
    if (c >= 0x41 && c <= 0x5a) c += 0x20;
    if (c !== lower.charCodeAt(i)) return false;
  }
  return true;
}

/**
 * Completes direct reads of several headers at once: `values[i]` holds what
 * `carrier[names[i]]` held; each entry that is not a header value becomes what
 * the default getter would find for `names[i]` ignoring case (the first own
 * key, in key order, equal to it ignoring case and holding a header value), or
 * `undefined`. One walk over the carrier's keys serves every name that missed,
 * where the getter walks them once per name. `names` must be lowercase.
 */
export function resolveIgnoringCase(carrier: PlainCarrier, names: readonly string[], values: unknown[]): void {
  let missing = 0;
  // Bit n is set when a missing name is n characters long (31: longer than 30):
  // most keys are then skipped on their length alone.
  let lengths = 0;
  for (let i = 0; i < values.length; i++) {
    if (!isHeaderValue(values[i])) {
      values[i] = undefined;
      missing++;
      lengths |= 1 << lengthBit(names[i]!.length);
    }
  }
  if (missing === 0) return;
  for (const k in carrier) {
    if (((lengths >>> lengthBit(k.length)) & 1) === 0) continue;
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!;
      if (values[i] !== undefined || k.length !== name.length || k === name || !equalsLowered(k, name) || !hasOwn.call(carrier, k)) {
        continue;
      }
      const v = carrier[k];
      if (isHeaderValue(v)) {
        values[i] = v;
        if (--missing === 0) return;
      }
    }
  }
}

function lengthBit(n: number): number {
  return n > 30 ? 31 : n;
}
