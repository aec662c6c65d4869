import { diag, type TextMapPropagator } from '@spool/api';
import { CompositePropagator } from './composite-propagator.js';
import { NoopPropagator } from './noop-propagator.js';
import { NONE, lookupPropagator } from './propagator-registry.js';

const VARIABLE = 'OTEL_PROPAGATORS';
const DEFAULT_NAMES = ['tracecontext', 'baggage'];

/**
 * The propagator selected by `OTEL_PROPAGATORS` (OpenTelemetry SDK
 * configuration): a comma-separated list of `tracecontext`, `baggage`, `b3`
 * (single header), `b3multi`, `jaeger`, `xray`, names added with
 * `registerPropagator`, or `none`. Unset or empty means `tracecontext,baggage`.
 *
 * Names are trimmed, lowercased and de-duplicated, keeping the first
 * occurrence's order. `none` alone gives a propagator that does nothing; `none`
 * next to other names is ignored with a warning. Unknown names are skipped with
 * one warning naming them; a factory that throws or returns something that is
 * not a propagator is reported and skipped. When nothing usable remains, the
 * default `tracecontext,baggage` is used, with a warning. One name gives that
 * propagator itself; several give a `CompositePropagator` in the listed order.
 * Never throws.
 *
 * @param env the environment to read; `process.env` when omitted.
 */
export function propagatorFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): TextMapPropagator {
  const raw = env[VARIABLE];
  const names: string[] = [];
  if (typeof raw === 'string') {
    for (const part of raw.split(',')) {
      const name = part.trim().toLowerCase();
      if (name !== '' && !names.includes(name)) names.push(name);
    }
  }
  if (names.length === 0) return build(DEFAULT_NAMES, env);
  if (names.includes(NONE)) {
    if (names.length === 1) return new NoopPropagator();
    diag.warn(`${VARIABLE}="${raw}": "none" cannot be combined with other propagators; ignoring "none"`);
    names.splice(names.indexOf(NONE), 1);
  }
  const unknown = names.filter((n) => lookupPropagator(n) === undefined);
  if (unknown.length > 0) {
    diag.warn(`${VARIABLE}="${raw}": unknown propagator(s) ${unknown.map((n) => `"${n}"`).join(', ')} skipped`);
  }
  const members = instantiate(names.filter((n) => lookupPropagator(n) !== undefined), env);
  if (members.length === 0) {
    diag.warn(`${VARIABLE}="${raw}": no usable propagator; using the default "${DEFAULT_NAMES.join(',')}"`);
    return build(DEFAULT_NAMES, env);
  }
  return members.length === 1 ? members[0]! : new CompositePropagator({ propagators: members });
}

function build(names: string[], env: Readonly<Record<string, string | undefined>>): TextMapPropagator {
  const members = instantiate(names, env);
  return members.length === 1 ? members[0]! : new CompositePropagator({ propagators: members });
}

function instantiate(names: string[], env: Readonly<Record<string, string | undefined>>): TextMapPropagator[] {
  const out: TextMapPropagator[] = [];
  for (const name of names) {
    const factory = lookupPropagator(name)!;
    let p: unknown;
    try {
      p = factory(env);
    } catch (err) {
      diag.error(`${VARIABLE}: the factory of propagator "${name}" threw; skipped`, err);
      continue;
    }
    if (isPropagator(p)) out.push(p);
    else diag.error(`${VARIABLE}: the factory of propagator "${name}" did not return a propagator (inject, extract, fields); skipped`);
  }
  return out;
}

function isPropagator(p: unknown): p is TextMapPropagator {
  if (p === null || typeof p !== 'object') return false;
  const o = p as Record<string, unknown>;
  return typeof o['inject'] === 'function' && typeof o['extract'] === 'function' && typeof o['fields'] === 'function';
}
