import { createRequire } from 'node:module';
import { emitReport, expect, failChild, readChildConfig } from './child-report.js';

/**
 * What a cold_start child measures:
 * - `minimal`: import the SDK's minimal set and set up a pipeline that records one span;
 * - `grpc`: the same with the OTLP gRPC exporter constructed (not used);
 * - `first-export`: the `grpc` pipeline, then flush, until the first span has
 *   been delivered to the local receiver on `port` (this loads `@grpc/grpc-js`,
 *   which both SDKs load only when they first export).
 */
export type ColdStartSet = 'minimal' | 'grpc' | 'first-export';

/** A tracing pipeline as the cold_start child sees it once imported and set up. */
export interface ColdStartPipeline {
  /** Whether one span started and ended by the new tracer was recording. */
  readonly spanRecorded: boolean;
}

/**
 * The cold_start child: measures from the first line of this module (node
 * has booted) to the end of `load(set, port)`, which must import the SDK
 * dynamically so the timer starts before the SDK's module graph is read.
 * This file imports nothing but Node built-ins.
 */
export function runColdStart(impl: string, load: (set: ColdStartSet, port: number) => Promise<ColdStartPipeline>): void {
  const bootMs = performance.now();
  const config = readChildConfig();
  const set: ColdStartSet = config['set'] === 'grpc' || config['set'] === 'first-export' ? config['set'] : 'minimal';
  const port = typeof config['port'] === 'number' ? config['port'] : 4317;
  const t0 = performance.now();
  load(set, port).then((pipeline) => {
    const importMs = performance.now() - t0;
    expect(pipeline.spanRecorded, 'the set-up pipeline recorded a span');
    // grpc-js is CommonJS; when loaded (statically or lazily) it sits in the CJS cache.
    const grpcLoaded = Object.keys(createRequire(import.meta.url).cache).some((k) => k.includes('@grpc/grpc-js'));
    emitReport({ impl: `${impl}:${set}`, metrics: { importMs, bootMs }, counts: {}, check: { set, grpcLoaded, spanRecorded: true } });
  }).catch((err: unknown) => failChild(impl, err));
}
