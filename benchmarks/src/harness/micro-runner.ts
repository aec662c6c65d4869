import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_DIST } from './repo-paths.js';
import { runChild } from './run-child.js';
import { nodeFlagsFor, type RunSettings } from './run-settings.js';
import type { ImplSpec, ScenarioDef } from './scenario-def.js';
import { summarize, type RoundRecord, type ScenarioResult } from './scenario-result.js';

/** The compiled child module of one implementation of a scenario. */
export function implModule(scenario: string, impl: string): string {
  return join(BENCH_DIST, 'scenarios', scenario, `${impl}.js`);
}

/** The implementations of `def` selected by `--impl` (a single-implementation scenario always runs). */
export function selectedImpls(def: ScenarioDef, settings: RunSettings): ImplSpec[] {
  if (def.impls.length === 1 || settings.impls.length === 0) return [...def.impls];
  return def.impls.filter((i) => settings.impls.includes(i.name));
}

/**
 * Runs the rounds of a micro-benchmark scenario: each implementation in its
 * own child process, alternated A B A B, after one short discarded round
 * (full runs only). An implementation that fails twice in a row (e.g. its
 * package does not build yet) is not retried in later rounds.
 */
export async function runMicroScenario(def: ScenarioDef, settings: RunSettings, log: (line: string) => void): Promise<ScenarioResult> {
  const impls = selectedImpls(def, settings);
  const rounds: RoundRecord[] = [];
  const failures = new Map<string, number>();
  const order: number[] = [];
  if (settings.warmupRound) order.push(-1);
  for (let i = 0; i < settings.rounds; i++) order.push(i);
  for (const round of order) {
    for (const impl of impls) {
      const module = implModule(def.name, impl.name);
      if ((failures.get(impl.name) ?? 0) >= 2) {
        rounds.push({ impl: impl.name, round, metrics: {}, counts: {}, check: undefined, error: 'skipped after two failures', wallMs: 0 });
        continue;
      }
      if (!existsSync(module)) {
        failures.set(impl.name, 2);
        rounds.push({ impl: impl.name, round, metrics: {}, counts: {}, check: undefined, error: `not built: ${module}`, wallMs: 0 });
        continue;
      }
      const config = round < 0 ? { warmupMs: 100, durationMs: 100 } : { warmupMs: settings.warmupMs, durationMs: settings.durationMs };
      const outcome = await runChild(module, config, {
        timeoutMs: config.warmupMs + config.durationMs + 60_000,
        nodeFlags: nodeFlagsFor(settings, def.name, impl.name, round),
      });
      const report = outcome.report;
      failures.set(impl.name, report === undefined ? (failures.get(impl.name) ?? 0) + 1 : 0);
      rounds.push({
        impl: impl.name, round, wallMs: outcome.wallMs, error: outcome.error,
        metrics: report?.metrics ?? {}, counts: report?.counts ?? {}, check: report?.check,
      });
      if (outcome.error !== undefined) log(`  ! ${def.name} ${impl.name}: ${outcome.error.split('\n')[0]}`);
    }
  }
  return summarize(def, rounds);
}
