/** What `node benchmarks/dist/run.js` was asked to do. */
export interface CliOptions {
  /** `--smoke`: every scenario briefly, one round; checks counts, not speed. */
  readonly smoke: boolean;
  /** `--scenario NAME` (repeatable, or comma separated): run only these. */
  readonly scenarios: readonly string[];
  /** `--rounds N`: measured rounds per scenario (default 7, smoke 1). */
  readonly rounds: number | undefined;
  /** `--duration MS`: timed part of each micro-benchmark child (default 1000, smoke 60). */
  readonly durationMs: number | undefined;
  /** `--impl spool|otel|baseline` (repeatable): run only these implementations. */
  readonly impls: readonly string[];
  /** `--out FILE`: also write the JSON results to FILE. */
  readonly out: string | undefined;
  /** `--profile`: run children with `--cpu-prof` into benchmarks/results/profiles/. */
  readonly profile: boolean;
  /** `--no-write`: do not touch docs/benchmarks.md or benchmarks/results/latest.json. */
  readonly noWrite: boolean;
  /** `--spans N`: spans in the export_e2e burst (default 200000, smoke 5000). */
  readonly e2eSpans: number | undefined;
  /** `--chunk N`: export_e2e spans between two yields to the event loop (default 100). */
  readonly e2eChunk: number | undefined;
  /** `--rate N`: export_e2e offered spans per second (default 100000; 0 = as fast as each SDK can). */
  readonly e2eRate: number | undefined;
  /** `--report-only`: re-render docs/benchmarks.md from benchmarks/results/latest.json and NOTES.md, measuring nothing. */
  readonly reportOnly: boolean;
  readonly help: boolean;
}

/** Usage text printed by `--help` and after a bad argument. */
export const USAGE = `usage: node benchmarks/dist/run.js [options]
  --smoke              every scenario briefly (1 round); checks that each ran and its counts
  --scenario NAME      run one scenario (repeat or comma-separate for several)
  --impl NAME          only spool | otel | baseline (repeatable)
  --rounds N           measured rounds per scenario (default 7; smoke 1)
  --duration MS        timed milliseconds per micro-benchmark child (default 1000; smoke 60)
  --spans N            spans in the export_e2e burst (default 200000; smoke 5000)
  --chunk N            export_e2e spans per turn of the event loop with --rate 0 (default 100)
  --rate N             export_e2e offered load in spans/s (default 100000; 0 = as fast as each SDK can)
  --profile            children run with --cpu-prof into benchmarks/results/profiles/
  --out FILE           also write the JSON results to FILE
  --no-write           do not write docs/benchmarks.md or benchmarks/results/latest.json
  --report-only        re-render docs/benchmarks.md from results/latest.json + NOTES.md (no measuring)
  --help`;

/** Error for a command line the harness cannot run; the message says which argument. */
export class CliError extends Error {
  readonly code = 'ERR_BENCH_ARGS';
}

function positiveInt(flag: string, raw: string | undefined): number {
  const n = Number(raw);
  if (raw === undefined || !Number.isInteger(n) || n <= 0) throw new CliError(`${flag} needs a positive integer, got ${String(raw)}`);
  return n;
}

/**
 * Parses the harness command line. Unknown flags and bad numbers throw a
 * {@link CliError} (this is setup, not a telemetry path).
 */
export function parseCliOptions(argv: readonly string[]): CliOptions {
  let smoke = false;
  let rounds: number | undefined;
  let durationMs: number | undefined;
  let e2eSpans: number | undefined;
  let e2eChunk: number | undefined;
  let e2eRate: number | undefined;
  let out: string | undefined;
  let profile = false;
  let noWrite = false;
  let help = false;
  let reportOnly = false;
  const scenarios: string[] = [];
  const impls: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const flag = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const inline = arg.startsWith('--') && eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = (): string => {
      if (inline !== undefined) return inline;
      const next = argv[++i];
      if (next === undefined) throw new CliError(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case '--smoke': smoke = true; break;
      case '--scenario': case '-s': scenarios.push(...value().split(',').filter(Boolean)); break;
      case '--impl': impls.push(...value().split(',').filter(Boolean)); break;
      case '--rounds': rounds = positiveInt(flag, value()); break;
      case '--duration': durationMs = positiveInt(flag, value()); break;
      case '--spans': e2eSpans = positiveInt(flag, value()); break;
      case '--chunk': e2eChunk = positiveInt(flag, value()); break;
      case '--rate': { const v = value(); e2eRate = v === '0' ? 0 : positiveInt(flag, v); break; }
      case '--out': out = value(); break;
      case '--profile': profile = true; break;
      case '--no-write': noWrite = true; break;
      case '--report-only': reportOnly = true; break;
      case '--help': case '-h': help = true; break;
      default: throw new CliError(`unknown argument ${arg}`);
    }
  }
  return { smoke, scenarios, rounds, durationMs, impls, out, profile, noWrite, e2eSpans, e2eChunk, e2eRate, reportOnly, help };
}
