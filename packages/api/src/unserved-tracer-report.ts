import { getSlot, REGISTRATIONS_KEY, refusedByVersion, reportOnce } from './global-registry.js';
import { VERSION } from './version.js';

type GlobalRecord = Record<symbol, unknown>;
const g = globalThis as unknown as GlobalRecord;

let unserved = 0;
let seenRegistrations = -1;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * Called each time a proxy tracer has to start a no-op span because no tracer
 * provider is registered for this copy. Looks for the reason (a provider
 * registered through another, incompatible copy of `@spool/api`, or only
 * through `@opentelemetry/api`) and reports it once per reason, so two APIs
 * that disagree never silently produce all-zero ids.
 *
 * Cheap on the no-op path: the scan of `globalThis` runs only when the shared
 * registration counter changed, or on the 1st, 2nd, 4th, 8th… no-op span.
 * @internal
 */
export function noteUnservedSpan(): void {
  unserved++;
  const registrations = g[REGISTRATIONS_KEY];
  const n = typeof registrations === 'number' ? registrations : 0;
  if (n === seenRegistrations && (unserved & (unserved - 1)) !== 0) return;
  seenRegistrations = n;
  explainUnservedTracer();
}

/**
 * Scans `globalThis` for tracer providers this copy cannot serve and reports
 * each once. Returns how many explanations were found (for tests).
 * @internal
 */
export function explainUnservedTracer(): number {
  const own = getSlot();
  if (own.trace !== undefined) return 0;
  let found = 0;
  for (const key of Object.getOwnPropertySymbols(globalThis)) {
    const description = key.description;
    if (description === undefined) continue;
    if (description.startsWith('spool.api.v')) {
      const slot = g[key];
      if (slot === own || !isObject(slot) || slot.trace === undefined || slot.trace === null) continue;
      const other = String(slot.version);
      found++;
      const refused = refusedByVersion() === other ? ' (they met in one global slot and this copy refused it)' : '';
      reportOnce(
        `unserved:spool:${other}`,
        'error',
        `@spool/api ${VERSION} cannot serve a tracer: the tracer provider is registered through @spool/api ${other}, ` +
          `which is incompatible with ${VERSION}${refused}. Spans started through @spool/api ${VERSION} are ` +
          `non-recording and have invalid (all-zero) ids unless a parent is set. Make your dependencies resolve to ` +
          `one compatible @spool/api version.`,
        [slot.diag]
      );
    } else if (description.startsWith('opentelemetry.js.api.')) {
      const slot = g[key];
      if (!isObject(slot) || slot.trace === undefined || slot.trace === null) continue;
      const other = String(slot.version);
      found++;
      reportOnce(
        `unserved:otel:${other}`,
        'warn',
        `@spool/api ${VERSION} has no tracer provider, but @opentelemetry/api ${other} has one. Spans started ` +
          `through @spool/api are non-recording and have invalid (all-zero) ids unless a parent is set. Register ` +
          `the provider with @spool/api's trace.setGlobalTracerProvider as well.`,
        [slot.diag]
      );
    }
  }
  if (found === 0) {
    reportOnce(
      'unserved:none',
      'debug',
      `@spool/api ${VERSION}: no tracer provider is registered yet; spans are non-recording and carry their ` +
        `parent's span context (invalid all-zero ids without a parent).`
    );
  }
  return found;
}
