import { existsSync } from 'node:fs';
import type { ColdStartSet } from './cold-start-child.js';
import { implModule, selectedImpls } from './micro-runner.js';
import { SpanCountingReceiver } from './otlp-receiver.js';
import { packageFootprint, type Footprint } from './package-footprint.js';
import { BENCH_ROOT, REPO_ROOT } from './repo-paths.js';
import { runChild } from './run-child.js';
import { nodeFlagsFor, type RunSettings } from './run-settings.js';
import type { ScenarioDef } from './scenario-def.js';
import { summarize, type RoundRecord, type ScenarioResult } from './scenario-result.js';

/**
 * The packages an application installs for each set; the cold_start child
 * modules import exactly these (spool.ts / otel.ts).
 */
export const IMPORT_SETS: Readonly<Record<string, Readonly<Record<'minimal' | 'grpc', readonly string[]>>>> = {
  spool: {
    minimal: ['@spool/api', '@spool/sdk-trace', '@spool/context-async'],
    grpc: ['@spool/api', '@spool/sdk-trace', '@spool/context-async', '@spool/exporter-otlp'],
  },
  otel: {
    minimal: ['@opentelemetry/api', '@opentelemetry/sdk-trace-base', '@opentelemetry/context-async-hooks'],
    grpc: ['@opentelemetry/api', '@opentelemetry/sdk-trace-base', '@opentelemetry/context-async-hooks', '@opentelemetry/exporter-trace-otlp-grpc'],
  },
};

/** Which sets each implementation runs (the baseline has no exporter to construct). */
function setsFor(impl: string): readonly ColdStartSet[] {
  return impl === 'baseline' ? ['minimal', 'first-export'] : ['minimal', 'grpc', 'first-export'];
}

const METRIC_OF: Readonly<Record<ColdStartSet, string>> = { minimal: 'importMinimalMs', grpc: 'importGrpcMs', 'first-export': 'firstExportMs' };

/**
 * Runs cold_start: per round, a fresh process per implementation and set
 * (minimal; with the gRPC exporter; to the first span delivered over gRPC),
 * alternated. For the first export a local receiver is started per run, and
 * the run fails unless it received exactly one span. The installed footprint
 * of each set (the package closure, see package-footprint.ts) is computed
 * once here.
 */
export async function runColdStartScenario(def: ScenarioDef, settings: RunSettings, log: (line: string) => void): Promise<ScenarioResult> {
  const impls = selectedImpls(def, settings);
  const footprints: Record<string, { minimal: Footprint; grpc: Footprint }> = {};
  for (const impl of impls) {
    const sets = IMPORT_SETS[impl.name];
    if (sets === undefined) continue;
    footprints[impl.name] = {
      minimal: packageFootprint(sets.minimal, BENCH_ROOT, REPO_ROOT),
      grpc: packageFootprint(sets.grpc, BENCH_ROOT, REPO_ROOT),
    };
  }
  const rounds: RoundRecord[] = [];
  // A discarded first round (full runs) reads every package from disk once, so
  // neither side pays for a cold file cache in the measured rounds.
  for (let round = settings.warmupRound ? -1 : 0; round < settings.coldRounds; round++) {
    const merged = new Map<string, { metrics: Record<string, number>; check: Record<string, string | number | boolean>; error?: string; wallMs: number }>();
    for (const set of ['minimal', 'grpc', 'first-export'] as const) {
      for (const impl of impls) {
        if (!setsFor(impl.name).includes(set)) continue;
        const entry = merged.get(impl.name) ?? { metrics: {}, check: {}, wallMs: 0 };
        merged.set(impl.name, entry);
        if (entry.error !== undefined) continue;
        const module = implModule(def.name, impl.name);
        if (!existsSync(module)) { entry.error = `not built: ${module}`; continue; }
        const receiver = set === 'first-export' ? new SpanCountingReceiver() : undefined;
        const port = receiver === undefined ? 4317 : await receiver.start();
        const outcome = await runChild(module, { warmupMs: 0, durationMs: 0, set, port }, {
          timeoutMs: 60_000, nodeFlags: nodeFlagsFor(settings, def.name, `${impl.name}-${set}`, round),
        });
        await receiver?.close();
        entry.wallMs += outcome.wallMs;
        let error = outcome.error;
        if (error === undefined && receiver !== undefined && receiver.spans !== 1) error = `check failed: the receiver got ${receiver.spans} spans, not the 1 exported`;
        if (outcome.report === undefined || error !== undefined) {
          entry.error = `${set}: ${error ?? 'no report'}`;
          log(`  ! ${def.name} ${impl.name} ${set}: ${(error ?? '').split('\n')[0]}`);
          continue;
        }
        entry.metrics[METRIC_OF[set]] = outcome.report.metrics['importMs'] ?? NaN;
        for (const [k, v] of Object.entries(outcome.report.check)) entry.check[`${set}.${k}`] = v;
      }
    }
    for (const [impl, entry] of merged) {
      const fp = footprints[impl];
      const metrics = entry.error !== undefined ? {}
        : fp !== undefined ? { ...entry.metrics, footprintMinimal: fp.minimal.bytes, footprintGrpc: fp.grpc.bytes }
          : entry.metrics;
      rounds.push({ impl, round, metrics, counts: {}, check: entry.check, error: entry.error, wallMs: entry.wallMs });
    }
  }
  return summarize(def, rounds, { footprints });
}
