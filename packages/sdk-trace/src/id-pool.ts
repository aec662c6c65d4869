import { randomFillSync } from 'node:crypto';

// Pooled random ids. Costs measured on the reference machine (Node 20, 2 cores):
// - randomFillSync has microseconds of fixed cost per call, then ~0.3 ns a byte, so
//   ids are drawn from chunks of 4096 filled by one call;
// - hex encoding costs ~0.9 ns a byte and dominates; one 96 KiB buffer as a single
//   hex string (a 192 KiB string in large-object space) costs ~2.6 ms, 30 times more
//   per byte, so hex is made per 6 KiB block, and only for blocks someone reads;
// - an id's hex is then an O(1) substring sharing the block's string (~8 ns),
//   against ~75 ns to hex-encode 16 bytes one id at a time.
// Trace ids and span ids come from separate pools so that a root span the sampler
// drops pays for 16 bytes (its trace id, which the sampler needs as hex) and a
// span's span id is made hex only if someone asks for it.

/** Bytes per span slot: a 16-byte trace id followed by an 8-byte span id. */
export const ID_SLOT_BYTES = 24;
/** Ids (or slots) per chunk. */
const IDS_PER_CHUNK = 4096;
/** Bytes per hex block (a multiple of 16 and 8). */
const HEX_BLOCK_BYTES = 6144;

/**
 * A block of cryptographically random bytes carved into fixed-size ids (16-byte
 * trace ids or 8-byte span ids). Never refilled or reused: when it is used up its
 * pool allocates a new one, so a span can make its id's hex from it at any time.
 * Hex is made per block of ids on first request by one native call.
 */
export class IdChunk {
  readonly bytes: Buffer;
  readonly words: Uint32Array;
  private readonly _hex: (string | undefined)[];

  constructor(size: number) {
    this.bytes = randomFillSync(Buffer.allocUnsafeSlow(size));
    this.words = new Uint32Array(this.bytes.buffer, this.bytes.byteOffset, size >>> 2);
    this._hex = new Array<string | undefined>(Math.ceil(size / HEX_BLOCK_BYTES)).fill(undefined);
  }

  /** Lowercase hex of `length` bytes at `offset` (within one id). */
  hex(offset: number, length: number): string {
    const block = (offset / HEX_BLOCK_BYTES) | 0;
    const base = block * HEX_BLOCK_BYTES;
    let hex = this._hex[block];
    if (hex === undefined) {
      hex = this._hex[block] = this.bytes.toString('hex', base, Math.min(base + HEX_BLOCK_BYTES, this.bytes.length));
    }
    const start = (offset - base) * 2;
    return hex.substring(start, start + length * 2);
  }
}

/** Draws fixed-size random ids, never all zero (W3C Trace Context forbids both). */
export class RandomIdPool {
  /** The chunk the last `draw()` drew from. */
  chunk: IdChunk;
  private readonly _idBytes: number;
  private readonly _chunkBytes: number;
  private _next: number;

  constructor(idBytes: 8 | 16) {
    this._idBytes = idBytes;
    this._chunkBytes = idBytes * IDS_PER_CHUNK;
    this.chunk = new IdChunk(this._chunkBytes);
    this._next = 0;
  }

  /** Draws an id: sets `chunk` and returns the id's byte offset in it. */
  draw(): number {
    for (;;) {
      let offset = this._next;
      if (offset === this._chunkBytes) {
        this.chunk = new IdChunk(this._chunkBytes);
        offset = 0;
      }
      this._next = offset + this._idBytes;
      const w = this.chunk.words;
      const i = offset >>> 2;
      let bits = w[i]! | w[i + 1]!;
      if (this._idBytes === 16) bits |= w[i + 2]! | w[i + 3]!;
      if (bits !== 0) return offset; // an all-zero id is skipped, never rewritten
    }
  }
}

/** Trace ids of root spans (and `RandomIdGenerator.generateTraceId`). */
export const traceIdPool = new RandomIdPool(16);
/** Span ids (and `RandomIdGenerator.generateSpanId`). */
export const spanIdPool = new RandomIdPool(8);

/**
 * Storage for the ids of recording spans, 24-byte slots (trace id then span id),
 * filled by copying: the encoder fast path (`idBytes`/`idOffset`) reads them here.
 * Never reused, so a span's bytes stay valid as long as the span lives.
 */
export class SlotChunk {
  readonly bytes: Buffer;
  readonly words: Uint32Array;

  constructor() {
    this.bytes = Buffer.allocUnsafeSlow(ID_SLOT_BYTES * IDS_PER_CHUNK);
    this.words = new Uint32Array(this.bytes.buffer, this.bytes.byteOffset, (ID_SLOT_BYTES * IDS_PER_CHUNK) >>> 2);
  }
}

/** Hands out span slots from successive {@link SlotChunk}s. */
export const slotStore = {
  chunk: new SlotChunk(),
  next: 0,
  /** Takes a slot: sets `slotStore.chunk` and returns the slot's byte offset. */
  take(): number {
    let offset = this.next;
    if (offset === ID_SLOT_BYTES * IDS_PER_CHUNK) {
      this.chunk = new SlotChunk();
      offset = 0;
    }
    this.next = offset + ID_SLOT_BYTES;
    return offset;
  },
};

/** Copies 16 trace-id bytes at word-aligned `from` in `src` to the slot at `to` in `dst`. */
export function copyTraceId(src: IdChunk | SlotChunk, from: number, dst: SlotChunk, to: number): void {
  const s = src.words;
  const d = dst.words;
  const i = from >>> 2;
  const j = to >>> 2;
  d[j] = s[i]!;
  d[j + 1] = s[i + 1]!;
  d[j + 2] = s[i + 2]!;
  d[j + 3] = s[i + 3]!;
}

/** Copies an 8-byte span id from a pool chunk into the slot at `slot` (after its trace id). */
export function copySpanId(src: IdChunk, from: number, dst: SlotChunk, slot: number): void {
  const s = src.words;
  const d = dst.words;
  const i = from >>> 2;
  const j = (slot + 16) >>> 2;
  d[j] = s[i]!;
  d[j + 1] = s[i + 1]!;
}

/**
 * Writes a 32-char hex trace id over the trace-id bytes of a slot. Returns false
 * when the string is not 32 hex digits (the slot's trace-id bytes are then
 * meaningless and the caller must not expose them).
 */
export function writeTraceIdHex(hex: string, dst: SlotChunk, to: number): boolean {
  if (hex.length !== 32) return false;
  const b = dst.bytes;
  for (let k = 0; k < 16; k++) {
    const hi = hexValue(hex.charCodeAt(2 * k));
    const lo = hexValue(hex.charCodeAt(2 * k + 1));
    if ((hi | lo) < 0) return false;
    b[to + k] = (hi << 4) | lo;
  }
  return true;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}
