/**
 * A growable protobuf wire-format writer over one Node `Buffer`.
 *
 * Why not `protobufjs`'s `Writer`: it queues one operation object per field and
 * copies everything again in `finish()`; writing bytes in place and back-patching
 * the length prefixes measured about 3.5x less CPU for identical bytes (see the
 * package README, "Performance"). `protobufjs` stays the decoder of responses.
 *
 * Length-delimited fields are written by reserving the space a length prefix is
 * expected to need (`begin(reserve)`), writing the body, then writing the real
 * length at the start (`end`). When the body turns out larger (or smaller) than
 * the reservation allowed for, the body is moved once with `copyWithin` so the
 * output always uses the minimal varint: no padding bytes on the wire.
 *
 * The writer never throws on values it was designed for; callers pass only
 * non-negative integers below 2^32 to `uint32`, and 32-bit halves to the 64-bit
 * methods.
 * @internal
 */
export class ProtoWriter {
  /** The backing store; replaced (doubled) when it runs out of room. */
  buf: Buffer;
  /** The next byte to write. */
  pos: number;
  /**
   * A DataView of `buf`, for fixed-width little-endian fields: one 32-bit
   * store where a byte loop takes four (protobuf's fixed32, fixed64 and
   * double are little-endian: protobuf encoding spec, "Non-varint Numbers").
   */
  view: DataView;

  constructor(initialSize = 64 * 1024) {
    // Zero-filled: an encoder's result is a view of this buffer, and its
    // `.buffer` must show nothing but zeros and the encoder's own output.
    this.buf = Buffer.alloc(initialSize);
    this.pos = 0;
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.length);
  }

  /** Forgets what was written; keeps the buffer. */
  reset(): void {
    this.pos = 0;
  }

  /** Makes room for `n` more bytes. */
  ensure(n: number): void {
    const need = this.pos + n;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const next = Buffer.alloc(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer, next.byteOffset, next.length);
  }

  /** Writes a varint of a value in [0, 2^32). Room for 5 bytes must have been ensured. */
  uint32(v: number): void {
    const buf = this.buf;
    let pos = this.pos;
    while (v > 127) {
      buf[pos++] = (v & 127) | 128;
      v >>>= 7;
    }
    buf[pos++] = v;
    this.pos = pos;
  }

  /** Writes a varint from its low and high 32-bit words (unsigned). Ensures its own room. */
  varint64(lo: number, hi: number): void {
    this.ensure(10);
    const buf = this.buf;
    let pos = this.pos;
    lo >>>= 0;
    hi >>>= 0;
    while (hi !== 0 || lo > 127) {
      buf[pos++] = (lo & 127) | 128;
      lo = ((lo >>> 7) | (hi << 25)) >>> 0;
      hi >>>= 7;
    }
    buf[pos++] = lo;
    this.pos = pos;
  }

  /**
   * Writes an int64 varint of an integral number in [-2^63, 2^63): negatives as
   * ten-byte two's complement, as protobuf's `int64` requires.
   */
  int64(n: number): void {
    if (n >= 0) {
      if (n < 0x100000000) {
        this.ensure(5);
        this.uint32(n);
        return;
      }
      this.varint64(n % 0x100000000, Math.floor(n / 0x100000000));
      return;
    }
    // Two's complement of |n|: invert both words and add one with carry.
    const m = -n;
    let lo = ~(m % 0x100000000) >>> 0;
    let hi = ~Math.floor(m / 0x100000000) >>> 0;
    lo = (lo + 1) >>> 0;
    if (lo === 0) hi = (hi + 1) >>> 0;
    this.varint64(lo, hi);
  }

  /** Writes four little-endian bytes. Room must have been ensured. */
  fixed32(v: number): void {
    this.view.setUint32(this.pos, v, true);
    this.pos += 4;
  }

  /** Writes eight little-endian bytes from two 32-bit words. Room must have been ensured. */
  fixed64(lo: number, hi: number): void {
    const view = this.view;
    const pos = this.pos;
    view.setUint32(pos, lo, true);
    view.setUint32(pos + 4, hi, true);
    this.pos = pos + 8;
  }

  /** Writes an IEEE-754 double, little-endian. Room must have been ensured. */
  double(v: number): void {
    this.view.setFloat64(this.pos, v, true);
    this.pos += 8;
  }

  /**
   * Writes `HrTime` `[seconds, nanoseconds]` as fixed64 unix nanoseconds.
   * `seconds * 1e9` passes 2^53 for any date after 1970-04, so the product is
   * built from 16-bit pieces that each stay exact in a double. Negative or
   * non-finite input writes 0. Room must have been ensured.
   */
  hrTime(seconds: number, nanos: number): void {
    if (!(seconds >= 0 && seconds < 4294967296) || !(nanos >= 0 && nanos < 4294967296)) {
      this.hrTimeSlow(seconds, nanos);
      return;
    }
    // Integer-only arithmetic for seconds below 2^32 (until the year 2106):
    // seconds = sHi * 2^16 + sLo, so seconds * 1e9 = sHi * 1e9 * 2^16 + sLo * 1e9,
    // each product below 2^46 and exact in a double. `x >>> 0` is x mod 2^32 for
    // any integral double, which avoids the slow floating-point `%`.
    seconds = Math.trunc(seconds);
    nanos = Math.trunc(nanos);
    const sLo = seconds & 0xffff;
    const sHi = seconds >>> 16;
    const a = sHi * 1e9; // contributes a * 2^16
    // a mod 2^16, from 1e9 = 15258 * 2^16 + 51712, without a float modulo.
    const aLow16 = (sHi * 51712) & 0xffff;
    const b = sLo * 1e9 + nanos; // < 2^47
    const bLo = b >>> 0;
    let lo = aLow16 * 65536 + bLo;
    let hi = (a - aLow16) / 65536 + (b - bLo) / 4294967296;
    if (lo >= 4294967296) {
      lo -= 4294967296;
      hi += 1;
    }
    this.fixed64(lo, hi);
  }

  /** {@link hrTime} for out-of-range input: 0 when negative or not finite, exact up to 2^64 ns. */
  private hrTimeSlow(seconds: number, nanos: number): void {
    if (!(seconds >= 0) || !(nanos >= 0) || !Number.isFinite(nanos) || seconds >= 18446744073) {
      this.fixed64(0, 0);
      return;
    }
    const total = BigInt(Math.trunc(seconds)) * 1000000000n + BigInt(Math.trunc(nanos));
    const u = BigInt.asUintN(64, total);
    this.fixed64(Number(u & 0xffffffffn), Number(u >> 32n));
  }

  /**
   * Reserves `reserve` bytes for a length prefix and returns the body's start.
   * Pair with {@link end}.
   */
  begin(reserve: number): number {
    this.ensure(reserve);
    const start = this.pos;
    this.pos = start + reserve;
    return start;
  }

  /** Writes the length prefix of the body that began at `start` with `reserve` bytes reserved. */
  end(start: number, reserve: number): void {
    const bodyStart = start + reserve;
    const len = this.pos - bodyStart;
    const need = len < 128 ? 1 : len < 16384 ? 2 : len < 2097152 ? 3 : len < 268435456 ? 4 : 5;
    if (need !== reserve) {
      if (need > reserve) this.ensure(need - reserve);
      this.buf.copyWithin(start + need, bodyStart, this.pos);
      this.pos += need - reserve;
    }
    const buf = this.buf;
    let v = len;
    let p = start;
    while (v > 127) {
      buf[p++] = (v & 127) | 128;
      v >>>= 7;
    }
    buf[p] = v;
  }

  /**
   * Writes a string as a length-delimited UTF-8 body (the tag is the caller's).
   * Lone surrogates become U+FFFD, as in every UTF-8 encoder (WHATWG Encoding,
   * "UTF-8 encode"). Ensures its own room.
   *
   * Strings shorter than {@link SHORT_STRING} go through a char-code loop with
   * a one-byte length (nearly every span and event name); others, and any
   * with a non-ASCII character, through `Buffer#write`.
   */
  string(s: string): void {
    const len = s.length;
    // UTF-8 takes at most 3 bytes per UTF-16 unit (a surrogate pair: 4 for 2).
    this.ensure(len * 3 + 5);
    if (len < SHORT_STRING) {
      const buf = this.buf;
      const start = this.pos;
      let pos = start + 1;
      for (let i = 0; i < len; i++) {
        const c = s.charCodeAt(i);
        if (c >= 128) {
          this.stringUtf8(s, start);
          return;
        }
        buf[pos++] = c;
      }
      buf[start] = len;
      this.pos = pos;
      return;
    }
    this.stringUtf8(s, this.pos);
  }

  /**
   * {@link string} through `Buffer#write` at `start`, room for `3 * length + 5`
   * having been ensured. The UTF-8 length is not known before writing, so the
   * prefix is sized for the ASCII case (bytes = UTF-16 units, the fewest
   * possible) and the body moved once when the real length needs more.
   */
  private stringUtf8(s: string, start: number): void {
    const reserve = varintSize(s.length);
    const bodyStart = start + reserve;
    const written = this.buf.write(s, bodyStart);
    const need = varintSize(written);
    if (need !== reserve) this.buf.copyWithin(start + need, bodyStart, bodyStart + written);
    this.pos = start;
    this.uint32(written);
    this.pos = start + need + written;
  }

  /**
   * Writes the bytes of `src` as they are (a pre-encoded field). Short runs
   * go through a loop; from {@link SHORT_COPY} bytes on, `TypedArray#set`
   * (a memmove behind a fixed cost of about 25 ns) is faster. Ensures its own room.
   */
  copy(src: Uint8Array): void {
    const n = src.length;
    this.ensure(n);
    const buf = this.buf;
    const pos = this.pos;
    if (n < SHORT_COPY) {
      for (let i = 0; i < n; i++) buf[pos + i] = src[i]!;
    } else {
      buf.set(src, pos);
    }
    this.pos = pos + n;
  }

  /** Writes a whole `Uint8Array` as a length-delimited body. */
  bytes(src: Uint8Array): void {
    const len = src.length;
    this.ensure(len + 5);
    this.uint32(len);
    this.buf.set(src, this.pos);
    this.pos += len;
  }

  /**
   * Writes a hex id (trace or span id) as a length-delimited bytes body of
   * `hex.length / 2` bytes. Characters that are not hex digits count as 0; an
   * odd last character is ignored.
   */
  hexBytes(hex: string): void {
    const n = hex.length >>> 1;
    this.ensure(n + 5);
    this.uint32(n);
    const buf = this.buf;
    let pos = this.pos;
    for (let i = 0; i < n; i++) {
      const hiC = hex.charCodeAt(2 * i);
      const loC = hex.charCodeAt(2 * i + 1);
      buf[pos++] = ((HEX_VALUE[hiC & 127]! & 15) << 4) | (HEX_VALUE[loC & 127]! & 15);
    }
    this.pos = pos;
  }
}

/**
 * Strings shorter than this go through a char-code loop (about 2 ns per
 * character); longer ones through one `Buffer#write` call (about 60-90 ns at
 * any length up to a few hundred characters). Measured in this container.
 */
export const SHORT_STRING = 32;
/** Copies shorter than this go through a loop (about 1 ns a byte); longer ones through `TypedArray#set`. */
const SHORT_COPY = 24;

/** Bytes of the varint of `n`, for n in [0, 2^32). */
export function varintSize(n: number): number {
  return n < 128 ? 1 : n < 16384 ? 2 : n < 2097152 ? 3 : n < 268435456 ? 4 : 5;
}

/** ASCII code -> nibble value; 0 for anything that is not a hex digit. */
const HEX_VALUE: Uint8Array = (() => {
  const t = new Uint8Array(128);
  for (let i = 0; i < 10; i++) t[48 + i] = i;
  for (let i = 0; i < 6; i++) {
    t[65 + i] = 10 + i;
    t[97 + i] = 10 + i;
  }
  return t;
})();
