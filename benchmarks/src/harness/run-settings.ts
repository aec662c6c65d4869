import { join } from 'node:path';
import type { CliOptions } from './cli-options.js';
import { RESULTS_DIR } from './repo-paths.js';

/** How long and how often everything runs; see {@link runSettings}. */
export interface RunSettings {
  readonly smoke: boolean;
  /** Measured rounds of micro-benchmarks. */
  readonly rounds: number;
  /** Run one short, discarded round first (warms the disk cache and the OS, not the JIT). */
  readonly warmupRound: boolean;
  readonly warmupMs: number;
  readonly durationMs: number;
  readonly e2eRounds: number;
  readonly e2eSpans: number;
  readonly e2eWarmupSpans: number;
  /** export_e2e spans created between two yields to the event loop. */
  readonly e2eChunk: number;
  /** export_e2e offered load, spans per second (0 = as fast as each SDK can). */
  readonly e2eRate: number;
  readonly coldRounds: number;
  /** Implementations to run (empty = all). */
  readonly impls: readonly string[];
  /** Extra flags for every child (--cpu-prof ...). */
  readonly profileDir: string | undefined;
}

/**
 * Full run: 7 rounds of 0.5 s warm-up + 1 s timed per child, 3 export_e2e
 * rounds of 200,000 spans, 10 cold starts per side and set; about 7 minutes
 * on a 2-core machine. Smoke: one short round of everything, 5,000 spans.
 */
export function runSettings(cli: CliOptions): RunSettings {
  const smoke = cli.smoke;
  return {
    smoke,
    rounds: cli.rounds ?? (smoke ? 1 : 7),
    warmupRound: !smoke,
    warmupMs: smoke ? 40 : 500,
    durationMs: cli.durationMs ?? (smoke ? 60 : 1000),
    e2eRounds: cli.rounds !== undefined ? Math.min(cli.rounds, 3) : smoke ? 1 : 3,
    e2eSpans: cli.e2eSpans ?? (smoke ? 5000 : 200_000),
    e2eWarmupSpans: smoke ? 500 : 10_000,
    e2eChunk: cli.e2eChunk ?? 100,
    e2eRate: cli.e2eRate ?? 100_000,
    coldRounds: cli.rounds !== undefined ? cli.rounds * 2 : smoke ? 1 : 10,
    impls: cli.impls,
    profileDir: cli.profile ? join(RESULTS_DIR, 'profiles') : undefined,
  };
}

/** Node flags for one child: --cpu-prof into the profile folder when profiling. */
export function nodeFlagsFor(settings: RunSettings, scenario: string, impl: string, round: number): string[] {
  if (settings.profileDir === undefined || round < 0) return [];
  return ['--cpu-prof', `--cpu-prof-dir=${settings.profileDir}`, `--cpu-prof-name=${scenario}.${impl}.r${round + 1}.cpuprofile`];
}
