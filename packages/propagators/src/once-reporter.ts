import { diag } from '@spool/api';

/**
 * Reports each kind of problem through `diag` once per owner (one propagator
 * instance), so a stream of malformed requests cannot flood the log. Problems
 * caused by incoming headers are `debug` (the sender is at fault, not the
 * application); problems caused by the application's own data are `warn`.
 *
 * @internal
 */
export class OnceReporter {
  private readonly _seen: Set<string>;
  private readonly _prefix: string;

  /** `prefix` names the owner, e.g. `'W3CTraceContextPropagator'`. */
  constructor(prefix: string) {
    this._seen = new Set();
    this._prefix = prefix;
  }

  /** Log `message` at `level` the first time `kind` is reported; later reports are dropped. */
  report(kind: string, level: 'debug' | 'warn' | 'error', message: string, detail?: unknown): void {
    if (this._seen.has(kind)) return;
    this._seen.add(kind);
    const text = `${this._prefix}: ${message} (reported once)`;
    if (detail === undefined) diag[level](text);
    else diag[level](text, detail);
  }
}
