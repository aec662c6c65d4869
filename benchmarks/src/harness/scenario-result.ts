import type { ChildReport } from './child-report.js';
import type { MetricSpec, ScenarioDef } from './scenario-def.js';
import { sampleStats, type SampleStats } from './sample-stats.js';

/** One child run (or, for cold_start, the merged runs of one implementation in one round). */
export interface RoundRecord {
  readonly impl: string;
  /** 0-based measured round; -1 for the discarded warm-up round. */
  readonly round: number;
  /** Metric values (from the child, or derived by the parent for export_e2e). */
  readonly metrics: Readonly<Record<string, number>>;
  readonly counts: Readonly<Record<string, number>>;
  readonly check: ChildReport['check'] | undefined;
  /** Set when the run failed; metrics are then empty. */
  readonly error: string | undefined;
  readonly wallMs: number;
}

/** A metric across rounds: per implementation, and the Spool advantage per round pair. */
export interface MetricResult {
  readonly spec: MetricSpec;
  readonly byImpl: Readonly<Record<string, SampleStats>>;
  /**
   * Spool's advantage over OpenTelemetry JS per round pair, >1 = Spool better:
   * spool/otel for higher-is-better metrics, otel/spool for lower-is-better.
   * Undefined when the metric is not compared or a side has no data.
   */
  readonly ratio: SampleStats | undefined;
  /** Whether the bar is met; null when there is no bar or no data. */
  readonly met: boolean | null;
}

/** Everything measured for one scenario. */
export interface ScenarioResult {
  readonly name: string;
  readonly title: string;
  readonly kind: ScenarioDef['kind'];
  readonly impls: ScenarioDef['impls'];
  readonly rounds: readonly RoundRecord[];
  readonly metrics: readonly MetricResult[];
  /** Failures, one line each ("otel round 2: exit code 1: ..."). */
  readonly errors: readonly string[];
  /** Scenario-specific extras for the details section (e.g. footprint per package). */
  readonly extra: Readonly<Record<string, unknown>>;
  /** 1-minute load average when the scenario started. */
  loadAvg?: number;
}

/** Spool's advantage for one pair of values in the metric's "better" direction. */
export function advantage(spec: MetricSpec, spool: number, otel: number): number {
  return spec.better === 'higher' ? spool / otel : otel / spool;
}

/**
 * Builds the {@link ScenarioResult} from its runs: per-implementation stats
 * over the measured rounds, and the ratio per round pair (round i of Spool
 * with round i of OpenTelemetry JS, both successful).
 */
export function summarize(def: ScenarioDef, rounds: readonly RoundRecord[], extra: Record<string, unknown> = {}): ScenarioResult {
  const measured = rounds.filter((r) => r.round >= 0 && r.error === undefined);
  const metrics: MetricResult[] = def.metrics.map((spec) => {
    const byImpl: Record<string, SampleStats> = {};
    for (const impl of def.impls) {
      const values = measured.filter((r) => r.impl === impl.name).map((r) => r.metrics[spec.key]).filter((v): v is number => v !== undefined);
      if (values.length > 0) byImpl[impl.name] = sampleStats(values);
    }
    let ratio: SampleStats | undefined;
    if (spec.compare) {
      const pairs: number[] = [];
      const maxRound = Math.max(-1, ...measured.map((r) => r.round));
      for (let i = 0; i <= maxRound; i++) {
        const s = measured.find((r) => r.impl === 'spool' && r.round === i)?.metrics[spec.key];
        const o = measured.find((r) => r.impl === 'otel' && r.round === i)?.metrics[spec.key];
        if (s !== undefined && o !== undefined) pairs.push(advantage(spec, s, o));
      }
      if (pairs.length > 0) ratio = sampleStats(pairs);
    }
    let met: boolean | null = null;
    if (spec.bar?.kind === 'ratio' && ratio !== undefined) met = ratio.median >= spec.bar.times;
    if (spec.bar?.kind === 'zero' && byImpl['spool'] !== undefined) met = byImpl['spool'].values.every((v) => v === 0);
    return { spec, byImpl, ratio, met };
  });
  const errors = rounds.filter((r) => r.error !== undefined).map((r) => `${r.impl} round ${r.round < 0 ? 'warm-up' : r.round + 1}: ${r.error}`);
  return { name: def.name, title: def.title, kind: def.kind, impls: def.impls, rounds, metrics, errors, extra };
}
