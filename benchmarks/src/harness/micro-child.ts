import { hrtime } from 'node:process';
import { emitReport, expect, failChild, readChildConfig, type ChildReport } from './child-report.js';

/** One micro-benchmark as a child module describes it to {@link runMicro}. */
export interface MicroBenchmark {
  /** 'spool' | 'otel' | 'baseline' | 'floor'. */
  readonly impl: string;
  /** The measured operation. */
  readonly op: () => void;
  /**
   * Operations between two yields to the event loop (default 1000). Yielding
   * lets batch processors export as they would in a server; without it a
   * synchronous loop fills their queue and measures the drop path instead.
   */
  readonly batch?: number;
  /**
   * Runs after the warm-up and before timing: proves the measured path ran
   * (the exporter got the spans, extract gave back what inject wrote...).
   * Throw (or use `expect`) when it did not. `opsSoFar` counts warm-up ops.
   */
  readonly check: (opsSoFar: number) => Promise<Record<string, string | number | boolean>> | Record<string, string | number | boolean>;
  /** After timing: what was counted (spans created/exported/dropped); `totalOps` includes warm-up. */
  readonly finish?: (totalOps: number) => Promise<Record<string, number>> | Record<string, number>;
  /** Extra metrics derived from the measured rate (e.g. bytes/span, spans/s). */
  readonly extraMetrics?: (opsPerSec: number) => Record<string, number>;
}

const SLICES = 10;

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const yieldTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function loopFor(bench: MicroBenchmark, ms: number): Promise<{ ops: number; ns: number }> {
  const op = bench.op;
  const batch = bench.batch ?? 1000;
  const start = hrtime.bigint();
  const deadline = start + BigInt(Math.round(ms * 1e6));
  let ops = 0;
  let now = start;
  do {
    for (let i = 0; i < batch; i++) op();
    ops += batch;
    await yieldTurn();
    now = hrtime.bigint();
  } while (now < deadline);
  return { ops, ns: Number(now - start) };
}

/**
 * Runs a micro-benchmark in this (child) process: warm-up, check, timed loop
 * in ten slices, then prints a {@link ChildReport} whose `opsPerSec` metric is
 * the median slice rate (`opsPerSecMean`: total ops / total time). The time includes the yields to the event loop and whatever the
 * implementation does there (batch exports), which is part of its cost.
 */
export function runMicro(bench: MicroBenchmark): void {
  const config = readChildConfig();
  const run = async (): Promise<ChildReport> => {
    const warm = await loopFor(bench, config.warmupMs);
    const check = await bench.check(warm.ops);
    // Ten slices, and the median slice rate: a slice disturbed by another
    // process on the machine does not move it, while costs every slice pays
    // (young-generation GC, batch exports) stay in. The plain mean is kept too.
    const rates: number[] = [];
    let ops = 0;
    let ns = 0;
    for (let i = 0; i < SLICES; i++) {
      const slice = await loopFor(bench, config.durationMs / SLICES);
      rates.push((slice.ops * 1e9) / slice.ns);
      ops += slice.ops;
      ns += slice.ns;
    }
    expect(ops > 0, 'the timed loop ran');
    const opsPerSec = median(rates);
    const opsPerSecMean = (ops * 1e9) / ns;
    const counts = { warmupOps: warm.ops, timedOps: ops, ...(await bench.finish?.(warm.ops + ops)) };
    return { impl: bench.impl, metrics: { opsPerSec, opsPerSecMean, ...bench.extraMetrics?.(opsPerSec) }, counts, check };
  };
  run().then(emitReport, (err: unknown) => failChild(bench.impl, err));
}
