import type { IdGenerator } from './id-generator.js';
import { spanIdPool, traceIdPool } from './id-pool.js';

/**
 * Ids for AWS X-Ray: the first 4 bytes of a trace id are the epoch seconds of its
 * creation (big-endian, as X-Ray requires to accept the trace), the other 12 bytes
 * random; span ids are 8 random bytes. The low 56 bits of the trace id are random,
 * so root spans still carry the W3C RANDOM trace flag.
 *
 * Spans created with this generator carry hex ids only (`idBytes` is undefined).
 */
export class AwsXRayIdGenerator implements IdGenerator {
  /** A new X-Ray trace id: 8 hex chars of epoch seconds, then 24 random hex chars. */
  generateTraceId(): string {
    const seconds = Math.floor(Date.now() / 1000) >>> 0;
    const offset = traceIdPool.draw();
    return seconds.toString(16).padStart(8, '0') + traceIdPool.chunk.hex(offset + 4, 12);
  }

  /** A new random span id (16 lowercase hex chars, never all zeros). */
  generateSpanId(): string {
    const offset = spanIdPool.draw();
    return spanIdPool.chunk.hex(offset, 8);
  }

  /** True: the 96 low bits of each trace id are random. */
  isTraceIdRandom(): boolean {
    return true;
  }
}
