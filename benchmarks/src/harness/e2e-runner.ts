import { existsSync } from 'node:fs';
import { implModule, selectedImpls } from './micro-runner.js';
import { SpanCountingReceiver } from './otlp-receiver.js';
import { runChild } from './run-child.js';
import { nodeFlagsFor, type RunSettings } from './run-settings.js';
import type { ScenarioDef } from './scenario-def.js';
import { summarize, type RoundRecord, type ScenarioResult } from './scenario-result.js';

/**
 * The three load shapes export_e2e runs per round and side. Metric and count
 * keys of a variant carry its prefix ('' for the burst, which has the bars).
 */
export interface E2eVariant {
  readonly prefix: '' | 'steady.' | 'selfpaced.';
  readonly spans: number;
  /** Offered spans per second; 0 = as fast as the SDK makes them. */
  readonly rate: number;
}

/**
 * - burst: `e2eSpans` spans offered at `e2eRate` per second (200,000 at
 *   100,000/s: more than either pipeline ships on a small machine), the same
 *   arrival for both sides;
 * - steady: a tenth as many at a tenth of the rate, which both should
 *   deliver whole: the cost of the pipeline per span without overload;
 * - selfpaced: `e2eSpans` as fast as each SDK makes them (`e2eChunk` per turn
 *   of the event loop); the faster SDK ends sooner and leaves its exporter less
 *   time, so it is shown for reference, without a CPU bar.
 */
export function e2eVariants(settings: RunSettings): E2eVariant[] {
  return [
    { prefix: '', spans: settings.e2eSpans, rate: settings.e2eRate },
    { prefix: 'steady.', spans: Math.max(1, Math.round(settings.e2eSpans / 10)), rate: Math.max(1, Math.round(settings.e2eRate / 10)) },
    { prefix: 'selfpaced.', spans: settings.e2eSpans, rate: 0 },
  ];
}

interface VariantOutcome {
  metrics: Record<string, number>;
  counts: Record<string, number>;
  check: Record<string, string | number | boolean>;
  error: string | undefined;
  wallMs: number;
}

/**
 * One child run of one shape. The baseline (no SDK) sends nothing: its
 * warm-up check is skipped and its per-span numbers are per span offered.
 */
async function runVariant(module: string, variant: E2eVariant, settings: RunSettings, flags: string[], isBaseline: boolean): Promise<VariantOutcome> {
  const receiver = new SpanCountingReceiver();
  const port = await receiver.start();
  let warmReceived = -1;
  const outcome = await runChild(module, {
    warmupMs: 0, durationMs: 0, port, spans: variant.spans, warmupSpans: settings.e2eWarmupSpans, chunk: settings.e2eChunk, rate: variant.rate,
  }, {
    timeoutMs: 180_000,
    nodeFlags: flags,
    onMessage(message, child) {
      if ((message as { type?: unknown }).type === 'warm') {
        warmReceived = receiver.spans;
        child.send({ type: 'go' });
      }
    },
  });
  await receiver.close();
  const report = outcome.report;
  let error = outcome.error;
  if (error === undefined && !isBaseline && warmReceived !== settings.e2eWarmupSpans) {
    error = `check failed: the receiver got ${warmReceived} of the ${settings.e2eWarmupSpans} warm-up spans`;
  }
  if (error === undefined && receiver.malformed > 0) error = `check failed: ${receiver.malformed} malformed requests`;
  if (report === undefined || error !== undefined) return { metrics: {}, counts: {}, check: {}, error: error ?? 'no report', wallMs: outcome.wallMs };
  const p = variant.prefix;
  const created = report.counts['created'] ?? 0;
  const delivered = isBaseline ? created : receiver.spans - warmReceived;
  const reportedDropped = (report.counts['reportedDropped'] ?? 0) + (report.counts['reportedFailed'] ?? 0);
  const cpuSec = report.metrics['cpuSec'] ?? NaN;
  const elapsedMs = report.metrics['elapsedMs'] ?? NaN;
  return {
    error: undefined,
    wallMs: outcome.wallMs,
    check: { [`${p}warmupDelivered`]: warmReceived },
    metrics: {
      [`${p}cpuSecPer100k`]: delivered > 0 ? (cpuSec / delivered) * 1e5 : NaN,
      [`${p}cpuSecPer100kCreated`]: (cpuSec / created) * 1e5,
      [`${p}deliveredPerSec`]: delivered / (elapsedMs / 1000),
      [`${p}droppedPct`]: created > 0 ? ((created - delivered) / created) * 100 : 0,
      [`${p}unaccounted`]: created - delivered - reportedDropped,
      [`${p}peakRssMiB`]: report.metrics['peakRssMiB'] ?? NaN,
      [`${p}cpuSec`]: cpuSec,
      [`${p}elapsedMs`]: elapsedMs,
    },
    counts: {
      [`${p}created`]: created,
      [`${p}delivered`]: delivered,
      [`${p}reportedDropped`]: reportedDropped,
      [`${p}dropped`]: created - delivered,
      [`${p}requests`]: receiver.requests,
      [`${p}receivedBytes`]: receiver.bytes,
      [`${p}sdkExported`]: report.counts['sdkExported'] ?? 0,
    },
  };
}

/**
 * Runs export_e2e: per round, side and variant (see {@link e2eVariants}), a
 * fresh local gRPC receiver in this (parent) process and a fresh child that
 * sends a flushed warm-up, then the measured spans. The receiver's count is
 * the truth for delivered spans; the child says how many it created and how
 * many its SDK reported dropped. Derived: CPU seconds per 100,000 delivered
 * (and created) spans, spans delivered per second, share dropped, spans
 * unaccounted for (created - delivered - reported dropped), peak RSS.
 */
export async function runE2eScenario(def: ScenarioDef, settings: RunSettings, log: (line: string) => void): Promise<ScenarioResult> {
  const impls = selectedImpls(def, settings);
  const rounds: RoundRecord[] = [];
  for (let round = 0; round < settings.e2eRounds; round++) {
    const merged = new Map<string, VariantOutcome>();
    for (const variant of e2eVariants(settings)) {
      const label = variant.prefix === '' ? 'burst' : variant.prefix.slice(0, -1);
      for (const impl of impls) {
        const entry = merged.get(impl.name) ?? { metrics: {}, counts: {}, check: {}, error: undefined, wallMs: 0 };
        merged.set(impl.name, entry);
        if (entry.error !== undefined) continue; // one failed shape fails the side's round
        const module = implModule(def.name, impl.name);
        if (!existsSync(module)) { entry.error = `not built: ${module}`; continue; }
        const out = await runVariant(module, variant, settings, nodeFlagsFor(settings, def.name, `${impl.name}-${label}`, round), impl.name === 'baseline');
        entry.wallMs += out.wallMs;
        if (out.error !== undefined) {
          entry.error = `${label}: ${out.error}`;
          log(`  ! ${def.name} ${impl.name} ${label}: ${out.error.split('\n')[0]}`);
          continue;
        }
        Object.assign(entry.metrics, out.metrics);
        Object.assign(entry.counts, out.counts);
        Object.assign(entry.check, out.check);
      }
    }
    for (const [impl, e] of merged) {
      rounds.push({ impl, round, metrics: e.error === undefined ? e.metrics : {}, counts: e.counts, check: e.check, error: e.error, wallMs: e.wallMs });
    }
  }
  return summarize(def, rounds);
}
