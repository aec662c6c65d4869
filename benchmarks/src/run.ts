/**
 * The benchmark harness: `npm run bench` (everything, writes
 * docs/benchmarks.md and benchmarks/results/latest.json),
 * `npm run bench -- --scenario NAME` (one), `npm run bench:smoke` (every
 * scenario briefly; exits 1 when a scenario did not run or its counts are
 * wrong). See benchmarks/README.md.
 */
import os from 'node:os';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { CliError, USAGE, parseCliOptions } from './harness/cli-options.js';
import { consoleLines } from './harness/console-report.js';
import { runColdStartScenario } from './harness/cold-start-runner.js';
import { runE2eScenario } from './harness/e2e-runner.js';
import { machineHeader, machineInfo, type MachineInfo } from './harness/machine-info.js';
import { markdownReport } from './harness/markdown-report.js';
import { runMicroScenario } from './harness/micro-runner.js';
import { BENCH_ROOT, REPO_ROOT, RESULTS_DIR } from './harness/repo-paths.js';
import { runSettings, type RunSettings } from './harness/run-settings.js';
import type { ScenarioDef } from './harness/scenario-def.js';
import type { ScenarioResult } from './harness/scenario-result.js';
import { smokeProblems } from './harness/smoke-problems.js';
import { SCENARIOS } from './scenarios/catalog.js';

function runScenario(def: ScenarioDef, settings: ReturnType<typeof runSettings>, log: (l: string) => void): Promise<ScenarioResult> {
  switch (def.kind) {
    case 'micro': return runMicroScenario(def, settings, log);
    case 'export_e2e': return runE2eScenario(def, settings, log);
    case 'cold_start': return runColdStartScenario(def, settings, log);
  }
}

function writeJson(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}

function readNotes(): string {
  const notesPath = join(BENCH_ROOT, 'NOTES.md');
  return existsSync(notesPath) ? readFileSync(notesPath, 'utf8') : '';
}

/** Re-renders docs/benchmarks.md from the last full run's JSON and the current NOTES.md. */
function reportOnly(): number {
  const path = join(RESULTS_DIR, 'latest.json');
  if (!existsSync(path)) {
    console.error(`no ${path}: run \`npm run bench\` first`);
    return 1;
  }
  const saved = JSON.parse(readFileSync(path, 'utf8')) as { mode: string; machine: MachineInfo; settings: RunSettings; scenarios: ScenarioResult[] };
  if (saved.mode !== 'full') {
    console.error(`${path} is from a ${saved.mode} run; only a full run makes docs/benchmarks.md`);
    return 1;
  }
  writeFileSync(join(REPO_ROOT, 'docs', 'benchmarks.md'), markdownReport(saved.machine, saved.settings, saved.scenarios, readNotes()));
  console.log(`wrote docs/benchmarks.md from ${path} (run of ${saved.machine.date})`);
  return 0;
}

async function main(): Promise<number> {
  let cli;
  try {
    cli = parseCliOptions(process.argv.slice(2));
  } catch (err) {
    if (err instanceof CliError) { console.error(`${err.message}\n${USAGE}`); return 2; }
    throw err;
  }
  if (cli.help) { console.log(USAGE); return 0; }
  if (cli.reportOnly) return reportOnly();
  const unknown = cli.scenarios.filter((n) => !SCENARIOS.some((s) => s.name === n));
  if (unknown.length > 0) {
    console.error(`unknown scenario ${unknown.join(', ')}; known: ${SCENARIOS.map((s) => s.name).join(', ')}`);
    return 2;
  }
  const settings = runSettings(cli);
  const selected = cli.scenarios.length > 0 ? SCENARIOS.filter((s) => cli.scenarios.includes(s.name)) : SCENARIOS;
  const machine = machineInfo();
  const log = (line: string): void => { console.log(line); };
  for (const line of machineHeader(machine)) log(line);
  log(`mode: ${settings.smoke ? 'smoke' : 'full'}; ${settings.rounds} rounds x ${settings.durationMs} ms; export_e2e ${settings.e2eSpans} spans x ${settings.e2eRounds}; cold_start x ${settings.coldRounds}`);
  log('');

  const started = performance.now();
  const results: ScenarioResult[] = [];
  for (const def of selected) {
    const t0 = performance.now();
    const loadAvg = Math.round(os.loadavg()[0]! * 100) / 100;
    const result = await runScenario(def, settings, log);
    result.loadAvg = loadAvg;
    results.push(result);
    for (const line of consoleLines(result)) log(line);
    log(`  (${((performance.now() - t0) / 1000).toFixed(1)} s, load average at start ${loadAvg})`);
  }
  const totalSec = (performance.now() - started) / 1000;
  log(`\ntotal ${totalSec.toFixed(1)} s`);

  const problems = settings.smoke ? smokeProblems(results) : [];
  const output = {
    mode: settings.smoke ? 'smoke' : selected.length === SCENARIOS.length ? 'full' : 'partial',
    machine, settings, totalSec, problems, scenarios: results,
  };
  if (cli.out !== undefined) writeJson(resolve(cli.out), output);

  const complete = !settings.smoke && selected.length === SCENARIOS.length && settings.impls.length === 0 && settings.profileDir === undefined;
  if (complete && !cli.noWrite) {
    writeJson(join(RESULTS_DIR, 'latest.json'), output);
    writeFileSync(join(REPO_ROOT, 'docs', 'benchmarks.md'), markdownReport(machine, settings, results, readNotes()));
    log('wrote docs/benchmarks.md and benchmarks/results/latest.json');
  } else if (!settings.smoke && !cli.noWrite) {
    log('partial run: docs/benchmarks.md and latest.json left as they are (run `npm run bench` for the full set)');
  }

  if (settings.smoke) {
    if (problems.length > 0) {
      log(`smoke: ${problems.length} problem(s):`);
      for (const p of problems) log(`  - ${p}`);
      return 1;
    }
    log(`smoke: all ${results.length} scenarios ran and their counts add up`);
  }
  return 0;
}

main().then((code) => { process.exitCode = code; }, (err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
