/**
 * The one JSON line a scenario child prints on stdout when it is done.
 * The parent takes the last stdout line that parses as an object with an
 * `impl` field, so a library that prints to stdout cannot confuse it.
 */
export interface ChildReport {
  /** 'spool' | 'otel' | 'baseline' | 'floor' (or a variant such as 'spool:grpc'). */
  readonly impl: string;
  /** Measured numbers, keyed as the scenario's metric keys (ops/s, bytes/span, ms...). */
  readonly metrics: Readonly<Record<string, number>>;
  /** What was counted: spans created, exported, dropped, requests... */
  readonly counts: Readonly<Record<string, number>>;
  /** Facts established by the check that ran before timing. */
  readonly check: Readonly<Record<string, string | number | boolean>>;
}

/** Settings a child receives as JSON in argv[2]. */
export interface ChildConfig {
  /** Untimed operations first, so the JIT has settled before the clock starts. */
  readonly warmupMs: number;
  /** Timed milliseconds (micro-benchmarks). */
  readonly durationMs: number;
  /** Scenario-specific settings (export_e2e: spans, port; cold_start: set). */
  readonly [key: string]: unknown;
}

/** Reads the {@link ChildConfig} passed by the harness; a missing or bad argument gives short defaults. */
export function readChildConfig(): ChildConfig {
  const raw = process.argv[2];
  if (raw !== undefined) {
    try {
      const parsed = JSON.parse(raw) as unknown;
      if (parsed !== null && typeof parsed === 'object') return { warmupMs: 200, durationMs: 500, ...(parsed as object) };
    } catch {
      // fall through to the defaults: the module was started by hand
    }
  }
  return { warmupMs: 200, durationMs: 500 };
}

/** Prints the report line and ends the process once stdout has taken it. */
export function emitReport(report: ChildReport): void {
  process.stdout.write(`${JSON.stringify(report)}\n`, () => process.exit(0));
}

/** Prints why the child failed (stderr) and ends it with exit code 1. */
export function failChild(impl: string, err: unknown): void {
  const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
  process.stderr.write(`[${impl}] ${message}\n`, () => process.exit(1));
}

/**
 * Throws when a pre-timing check does not hold. Benchmarks fail loudly: a
 * number measured on a path that did not run is worse than no number.
 */
export function expect(condition: boolean, what: string): asserts condition {
  if (!condition) throw new Error(`check failed: ${what}`);
}
