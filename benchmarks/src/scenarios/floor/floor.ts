import { randomFillSync } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { expect } from '../../harness/child-report.js';
import { runMicro } from '../../harness/micro-child.js';

// What a span must physically do, written by hand with nothing else:
// two clock reads, 24 bytes of ids from a random pool refilled in bulk,
// one small fixed-shape object, a push into a fixed ring buffer.

const POOL_BYTES = 24 * 2048;
const pool = Buffer.allocUnsafe(POOL_BYTES);
let poolOffset = POOL_BYTES;

function nextIdOffset(): number {
  if (poolOffset === POOL_BYTES) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const at = poolOffset;
  poolOffset += 24;
  return at;
}

class SpanRecord {
  constructor(
    readonly name: string,
    readonly idBytes: Buffer,
    readonly idOffset: number,
    readonly start: number,
    public end: number,
  ) {}
}

const RING = 2048; // a power of two, like a batch processor's queue
const ring: (SpanRecord | undefined)[] = new Array<SpanRecord | undefined>(RING).fill(undefined);
let head = 0;
let pushed = 0;

runMicro({
  impl: 'floor',
  op() {
    const record = new SpanRecord('op', pool, nextIdOffset(), performance.now(), 0);
    record.end = performance.now();
    ring[head] = record;
    head = (head + 1) & (RING - 1);
    pushed++;
  },
  check(ops) {
    expect(pushed === ops, `every op pushed a record (${pushed} of ${ops})`);
    const a = ring[(head - 1) & (RING - 1)]!;
    const b = ring[(head - 2) & (RING - 1)]!;
    expect(a.end >= a.start && a.start >= b.start, 'clock reads are in order');
    expect(a.idOffset !== b.idOffset, 'consecutive records got different ids');
    return { pushed, ringSize: RING };
  },
});
