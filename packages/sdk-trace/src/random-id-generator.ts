import type { IdGenerator } from './id-generator.js';
import { spanIdPool, traceIdPool } from './id-pool.js';

/**
 * Spool's default id generator: 16-byte trace ids and 8-byte span ids from a pooled
 * buffer filled by `crypto.randomFillSync` (a CSPRNG, never `Math.random`), never all
 * zeros. Passing an instance (or nothing) to `TracerProvider` selects the fast path
 * where spans keep their ids as bytes and make hex only on demand.
 */
export class RandomIdGenerator implements IdGenerator {
  /** A new random trace id (32 lowercase hex chars). */
  generateTraceId(): string {
    const offset = traceIdPool.draw();
    return traceIdPool.chunk.hex(offset, 16);
  }

  /** A new random span id (16 lowercase hex chars). */
  generateSpanId(): string {
    const offset = spanIdPool.draw();
    return spanIdPool.chunk.hex(offset, 8);
  }

  /** Always true: every bit of a trace id is random. */
  isTraceIdRandom(): boolean {
    return true;
  }
}
