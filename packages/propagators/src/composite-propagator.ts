import type { Context, TextMapGetter, TextMapPropagator, TextMapSetter } from '@spool/api';
import { OnceReporter } from './once-reporter.js';

/** Options of `CompositePropagator` (the shape of `@opentelemetry/core`'s). */
export interface CompositePropagatorConfig {
  /** The members, in order. Entries that are not propagators are dropped (reported once). */
  propagators?: TextMapPropagator[];
}

/**
 * Several propagators used as one (OpenTelemetry "Composite Propagator").
 *
 * Inject calls every member in order. Extract calls them in order, each
 * receiving the context returned by the previous one, so a later member wins
 * where two set the same value. `fields()` is the union of the members' fields,
 * in order, without duplicates, computed once. A member that throws is isolated:
 * the others still run, the context it would have returned is skipped, and the
 * failure is reported through `diag` once per member. Never throws.
 */
export class CompositePropagator implements TextMapPropagator {
  private readonly _propagators: TextMapPropagator[];
  private readonly _fields: string[];
  private readonly _report: OnceReporter;

  constructor(config: CompositePropagatorConfig = {}) {
    this._report = new OnceReporter('CompositePropagator');
    const list: unknown = config?.propagators;
    const members: TextMapPropagator[] = [];
    if (Array.isArray(list)) {
      for (const p of list as unknown[]) {
        if (isPropagator(p)) members.push(p);
        else this._report.report('config.invalid-member', 'warn', 'a member without inject, extract and fields was dropped');
      }
    }
    this._propagators = members;
    const fields = new Set<string>();
    for (let i = 0; i < members.length; i++) {
      try {
        const f: unknown = members[i]!.fields();
        if (Array.isArray(f)) for (const name of f) if (typeof name === 'string') fields.add(name);
      } catch (err) {
        this._report.report('fields.threw.' + i, 'warn', `member ${i} threw from fields()`, err);
      }
    }
    this._fields = [...fields];
  }

  /** Calls every member's `inject`, isolating failures. Never throws. */
  inject(context: Context, carrier: unknown, setter: TextMapSetter): void {
    const list = this._propagators;
    for (let i = 0; i < list.length; i++) {
      try {
        list[i]!.inject(context, carrier, setter);
      } catch (err) {
        this._report.report('inject.threw.' + i, 'warn', `member ${i} (${nameOf(list[i])}) threw from inject; the others still ran`, err);
      }
    }
  }

  /** Calls each member's `extract` in order, chaining the context; failures are isolated. Never throws. */
  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    const list = this._propagators;
    let ctx = context;
    for (let i = 0; i < list.length; i++) {
      try {
        const next: unknown = list[i]!.extract(ctx, carrier, getter);
        if (isContext(next)) ctx = next;
        else this._report.report('extract.bad-result.' + i, 'warn', `member ${i} (${nameOf(list[i])}) returned something that is not a context; ignored`);
      } catch (err) {
        this._report.report('extract.threw.' + i, 'warn', `member ${i} (${nameOf(list[i])}) threw from extract; the others still ran`, err);
      }
    }
    return ctx;
  }

  /** The union of the members' fields, computed once (a copy). */
  fields(): string[] {
    return this._fields.slice();
  }
}

function isPropagator(p: unknown): p is TextMapPropagator {
  if (p === null || typeof p !== 'object') return false;
  const o = p as Record<string, unknown>;
  return typeof o['inject'] === 'function' && typeof o['extract'] === 'function' && typeof o['fields'] === 'function';
}

function isContext(c: unknown): c is Context {
  return c !== null && typeof c === 'object' && typeof (c as Record<string, unknown>)['getValue'] === 'function';
}

function nameOf(p: unknown): string {
  const n = (p as { constructor?: { name?: unknown } } | undefined)?.constructor?.name;
  return typeof n === 'string' ? n : 'propagator';
}
