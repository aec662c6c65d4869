import { emitReport, expect, failChild, readChildConfig } from './child-report.js';

/** The e2e settings the harness passes to an export_e2e child. */
export interface E2eConfig {
  readonly port: number;
  readonly spans: number;
  readonly warmupSpans: number;
  /** Spans created between two yields to the event loop when `rate` is 0. */
  readonly chunk: number;
  /** Offered load in spans per second, the same for both sides; 0 = as fast as the SDK can make them. */
  readonly rate: number;
}

/** What an export_e2e child module provides to {@link runE2e}. */
export interface E2eSide {
  readonly impl: string;
  /** Creates and ends span number `i` of a burst. */
  readonly makeSpan: (i: number) => void;
  /** Waits until everything queued so far was exported (or failed). */
  readonly flush: () => Promise<void>;
  /** Drops the SDK reported since start-up: Spool from getStats(), OpenTelemetry JS from its diag warnings. */
  readonly reportedDrops: () => { dropped: number; failed: number; exported: number };
  readonly shutdown: () => Promise<void>;
}

const WARMUP_GROUP = 500;
const yieldTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Spans arrive in 10 ms ticks: often enough to look like steady traffic, rare
 * enough (100 wake-ups a second) that the pacing loop's own cost does not
 * hide the SDK's. With 1 ms ticks it was a fifth of a core at low rates.
 */
const TICK_MS = 10;
const sleepTick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, TICK_MS));

/**
 * Creates `n` spans. With `rate` > 0 they arrive at that rate whatever the
 * SDK: each turn makes the spans due by now (at most `chunk` * 10, so a stalled
 * process catches up in steps), then sleeps for a tick when none are due,
 * so waiting costs no CPU. With `rate` 0 the SDK's own speed paces the burst,
 * `chunk` spans per turn of the event loop: then a faster SDK ends the burst
 * sooner and leaves its exporter less time, which penalises it.
 */
async function burst(side: E2eSide, n: number, chunk: number, rate: number): Promise<void> {
  if (rate <= 0) {
    for (let i = 0; i < n; i += chunk) {
      const end = Math.min(n, i + chunk);
      for (let j = i; j < end; j++) side.makeSpan(j);
      // A server yields between requests; the exporter's I/O and timers run here.
      await yieldTurn();
    }
    return;
  }
  const start = performance.now();
  const maxPerTurn = chunk * 10;
  let made = 0;
  while (made < n) {
    const due = Math.min(n, Math.floor(((performance.now() - start) * rate) / 1000));
    const end = Math.min(due, made + maxPerTurn);
    for (; made < end; made++) side.makeSpan(made);
    if (made < due) await yieldTurn();
    else if (made < n) await sleepTick();
  }
}

function waitFor(type: string): Promise<void> {
  return new Promise((resolve) => {
    const onMessage = (m: unknown): void => {
      if (m !== null && typeof m === 'object' && (m as { type?: unknown }).type === type) {
        process.off('message', onMessage);
        resolve();
      }
    };
    process.on('message', onMessage);
  });
}

/**
 * The export_e2e child: a warm-up (in flushed groups, so the gRPC connection
 * is up, the JIT is warm and the receiver has counted every span), a handshake with the parent over
 * IPC, then the measured burst of `spans` spans in chunks of `chunk` spans
 * (100 by default) with a yield between chunks, and a flush. CPU time (user + system) and wall time
 * cover the burst and the flush; peak RSS is the process maximum.
 */
export function runE2e(side: E2eSide): void {
  const config = readChildConfig() as unknown as E2eConfig;
  const run = async (): Promise<void> => {
    expect(typeof process.send === 'function', 'started with an IPC channel');
    // Warm-up in flushed groups of 500 (a quarter of the default queue), so the
    // JIT has compiled the create, queue, encode and send paths and nothing is dropped.
    for (let i = 0; i < config.warmupSpans; i += WARMUP_GROUP) {
      const end = Math.min(config.warmupSpans, i + WARMUP_GROUP);
      for (let j = i; j < end; j++) side.makeSpan(j);
      await side.flush();
    }
    const before = side.reportedDrops();
    process.send!({ type: 'warm', created: config.warmupSpans });
    await waitFor('go');
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await burst(side, config.spans, config.chunk, config.rate);
    await side.flush();
    const elapsedMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const after = side.reportedDrops();
    const peakRssMiB = process.resourceUsage().maxRSS / 1024;
    // Shutting down may wait on the transport; the numbers are already taken.
    await Promise.race([side.shutdown(), new Promise((r) => setTimeout(r, 3000).unref())]);
    emitReport({
      impl: side.impl,
      metrics: { elapsedMs, cpuSec: (cpu.user + cpu.system) / 1e6, peakRssMiB },
      counts: {
        created: config.spans,
        reportedDropped: after.dropped - before.dropped,
        reportedFailed: after.failed - before.failed,
        sdkExported: after.exported - before.exported,
      },
      check: { warmupSpans: config.warmupSpans },
    });
  };
  run().catch((err: unknown) => failChild(side.impl, err));
}
