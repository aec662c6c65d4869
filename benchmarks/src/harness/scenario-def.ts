/** Which way is better for a metric. */
export type Better = 'higher' | 'lower';

/** How a metric's value is shown. */
export type Display =
  | 'ns-per-op'   // value is ops/s, shown as time per op
  | 'rate'        // per second, shown as k/s or M/s
  | 'bytes'       // bytes, one decimal
  | 'kib'         // bytes, shown in KiB / MiB
  | 'ms'
  | 'seconds'
  | 'mib'         // value already in MiB
  | 'count'
  | 'percent';

/** A bar from issue 8 that a metric must meet. */
export type Bar =
  /** Spool at least `times` better than OpenTelemetry JS (ratio in the "better" direction). */
  | { readonly kind: 'ratio'; readonly times: number; readonly text: string }
  /** Spool's value is 0 in every round (e.g. spans neither delivered nor reported dropped). */
  | { readonly kind: 'zero'; readonly text: string };

/** One number a scenario reports, as the report shows it. */
export interface MetricSpec {
  /** Key in the child reports' `metrics`. */
  readonly key: string;
  /** What it is, e.g. "start + end a sampled span". */
  readonly label: string;
  readonly better: Better;
  readonly display: Display;
  /** Whether a Spool/OpenTelemetry ratio makes sense (false for counts like dropped spans). */
  readonly compare: boolean;
  readonly bar?: Bar;
}

/** An implementation a scenario runs: its module is dist/scenarios/<scenario>/<name>.js. */
export interface ImplSpec {
  /** 'spool' | 'otel' | 'baseline' | 'floor' */
  readonly name: string;
  /** Shown in the details, e.g. "@opentelemetry/api no-op tracer". */
  readonly label: string;
}

/** One benchmark scenario (one folder under src/scenarios/). */
export interface ScenarioDef {
  readonly name: string;
  /** One line: what is measured. */
  readonly title: string;
  /** micro: ops/s in a timed loop; export_e2e and cold_start have their own runners. */
  readonly kind: 'micro' | 'export_e2e' | 'cold_start';
  readonly impls: readonly ImplSpec[];
  readonly metrics: readonly MetricSpec[];
}

/** The comparison pair every scenario except floor has. */
export const SPOOL: ImplSpec = { name: 'spool', label: 'Spool' };
export const OTEL: ImplSpec = { name: 'otel', label: 'OpenTelemetry JS' };

/** ops/s of a micro-benchmark, shown as time per op. */
export function opsMetric(label: string, times?: number): MetricSpec {
  return {
    key: 'opsPerSec', label, better: 'higher', display: 'ns-per-op', compare: true,
    ...(times !== undefined ? { bar: { kind: 'ratio' as const, times, text: times === 1 ? 'no slower' : `≥ ${times}×` } } : {}),
  };
}
