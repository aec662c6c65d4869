/**
 * Encoded attributes seen recently, shared by every encoder in the process:
 * each attribute key's encoded `KeyValue.key` field, the whole encoded
 * `KeyValue` of values that repeat under a key, and runs of consecutive
 * attributes that repeat together, as one block of bytes.
 *
 * Why: attribute keys come from a small set (semantic conventions), most
 * values repeat from span to span (`GET`, a host name, a route, a query text,
 * a port), and spans of one kind list their attributes in the same order. A
 * run of seven repeated attributes is then one `TypedArray#set` (about 20 ns
 * at any length up to a few hundred bytes), where writing them again costs
 * 1-2 ns per character in JavaScript plus the work per field. Values that do
 * not repeat (ids, paths, addresses, timestamps) are noticed by their misses
 * and stop being cached for that key; they are written as they come and
 * split the runs around them.
 *
 * Bounded: at most {@link MAX_KEYS} keys, {@link VALUE_SLOTS} values per key,
 * {@link RUN_SLOTS} followers per run, strings up to
 * {@link MAX_CACHED_VALUE_LENGTH} UTF-16 units, and {@link MAX_CACHED_BYTES}
 * in all (encoded bytes plus a fixed overhead per entry). Past a bound the
 * whole cache is dropped and refills from the next spans; when that happens
 * too often (keys with ids in them), new keys are not admitted for a while,
 * so such a process pays one failed map lookup per attribute, not an entry.
 * It holds copies of recent attribute values (as the spans themselves did)
 * and nothing else.
 * @internal
 */
export class AttributeCache {
  private keys: Map<string, CachedKey>;
  /** Bytes held by all entries, as counted by {@link account}. */
  private bytes: number;
  /** Calls to {@link entry} so far: the clock of the churn guard. */
  private lookups: number;
  /** `lookups` when the cache last started over. */
  private lastRestart: number;
  /** No new key is admitted before `lookups` reaches this. */
  private admitFrom: number;

  constructor() {
    this.keys = new Map();
    this.bytes = 0;
    this.lookups = 0;
    this.lastRestart = 0;
    this.admitFrom = 0;
  }

  /**
   * The entry of `key`, made on first sight. Undefined, for the caller to
   * encode the attribute directly, for keys longer than
   * {@link MAX_CACHED_KEY_LENGTH} and for new keys while the churn guard is
   * on (see {@link clear}).
   */
  entry(key: string): CachedKey | undefined {
    const found = this.keys.get(key);
    this.lookups++;
    if (found !== undefined) return found;
    if (key.length > MAX_CACHED_KEY_LENGTH || this.lookups < this.admitFrom) return undefined;
    if (this.keys.size >= MAX_KEYS) this.clear();
    const created = new CachedKey(this, key, encodeKeyField(key));
    this.keys.set(key, created);
    this.account(ENTRY_OVERHEAD_BYTES + created.keyField.length);
    return created;
  }

  /** Counts `n` more bytes held; drops everything once over the budget. */
  account(n: number): void {
    this.bytes += n;
    if (this.bytes > MAX_CACHED_BYTES) this.clear();
  }

  /**
   * Starts over. When the previous restart was less than
   * {@link MIN_LOOKUPS_BETWEEN_RESTARTS} lookups ago (attribute keys with ids
   * in them: every span brings new ones), making entries costs more than
   * they save, so no new key is admitted for the next
   * {@link COOLDOWN_LOOKUPS} lookups: those attributes are written directly,
   * at the cost of one failed map lookup each.
   */
  private clear(): void {
    if (this.lookups - this.lastRestart < MIN_LOOKUPS_BETWEEN_RESTARTS) this.admitFrom = this.lookups + COOLDOWN_LOOKUPS;
    this.lastRestart = this.lookups;
    // A new map rather than Map#clear: entries still referenced by an encode
    // in progress stay valid (they are only no longer found).
    this.keys = new Map();
    this.bytes = 0;
  }
}

/** A value that can be cached: compared with `===`, encoded the same whenever equal. */
export type CacheableValue = string | number | boolean;

/**
 * Whether `value` can be cached: a string of at most
 * {@link MAX_CACHED_VALUE_LENGTH} units, a number other than NaN (never equal
 * to itself; 0 and -0 are equal and both encode as int 0), or a boolean.
 */
export function isCacheable(value: unknown): value is CacheableValue {
  switch (typeof value) {
    case 'string':
      return value.length <= MAX_CACHED_VALUE_LENGTH;
    case 'number':
      return value === value;
    case 'boolean':
      return true;
    default:
      return false;
  }
}

/**
 * One or more consecutive attributes, encoded: a `KeyValue` (its length
 * varint, then its body), then for each further attribute the field tag and
 * its `KeyValue`. Written after the tag of the first attribute. `key` and
 * `value` are those of the last attribute; a run is found by following the
 * attributes one at a time from the run of the first one.
 * @internal
 */
export class CachedRun {
  readonly key: string;
  readonly value: CacheableValue;
  /** The field tag between the attributes of this run (0 for a run of one attribute: any tag). */
  readonly tag: number;
  readonly bytes: Uint8Array;
  /** Longer runs that start with this one, each one attribute longer. */
  private readonly followers: (CachedRun | undefined)[];
  private nextSlot: number;
  private hits: number;
  private misses: number;
  private readonly owner: AttributeCache;

  constructor(owner: AttributeCache, key: string, value: CacheableValue, tag: number, bytes: Uint8Array) {
    this.key = key;
    this.value = value;
    this.tag = tag;
    this.bytes = bytes;
    this.followers = new Array<CachedRun | undefined>(RUN_SLOTS).fill(undefined);
    this.nextSlot = 0;
    this.hits = 0;
    this.misses = 0;
    this.owner = owner;
  }

  /** This run extended by the attribute `key: value` in fields `tag`, if cached. */
  follower(tag: number, key: string, value: unknown): CachedRun | undefined {
    const followers = this.followers;
    for (let i = 0; i < RUN_SLOTS; i++) {
      const f = followers[i];
      if (f === undefined) break;
      if (f.key === key && f.value === value && f.tag === tag) {
        this.hits++;
        return f;
      }
    }
    return undefined;
  }

  /**
   * Called when `next` (a run of one attribute) came right after this run in
   * fields `tag` and was not one of its followers: keeps this run followed by
   * `next` as a follower, unless what follows this run keeps changing.
   */
  learn(tag: number, next: CachedRun): void {
    if (this.misses >= MISSES_BEFORE_GIVING_UP && this.hits < this.misses) return;
    this.misses++;
    const a = this.bytes;
    const b = next.bytes;
    const bytes = new Uint8Array(a.length + 1 + b.length);
    bytes.set(a, 0);
    bytes[a.length] = tag;
    bytes.set(b, a.length + 1);
    const slot = this.nextSlot;
    this.followers[slot] = new CachedRun(this.owner, next.key, next.value, tag, bytes);
    this.nextSlot = slot === RUN_SLOTS - 1 ? 0 : slot + 1;
    this.owner.account(ENTRY_OVERHEAD_BYTES + bytes.length);
  }
}

/** One attribute key: its encoded `KeyValue.key` field and its recent values. @internal */
export class CachedKey {
  readonly key: string;
  /** `KeyValue.key` ready to copy: the tag (0x0a), the length varint, the UTF-8 bytes. */
  readonly keyField: Uint8Array;
  /** Runs of one attribute, one per recent value of this key. */
  private readonly values: (CachedRun | undefined)[];
  /** The slot the next remembered value replaces. */
  private nextSlot: number;
  private hits: number;
  private misses: number;
  /** False once this key's values proved not to repeat. */
  caching: boolean;
  private readonly owner: AttributeCache;

  constructor(owner: AttributeCache, key: string, keyField: Uint8Array) {
    this.key = key;
    this.keyField = keyField;
    this.values = new Array<CachedRun | undefined>(VALUE_SLOTS).fill(undefined);
    this.nextSlot = 0;
    this.hits = 0;
    this.misses = 0;
    this.caching = true;
    this.owner = owner;
  }

  /** The run of `key: value` alone, if cached. */
  find(value: CacheableValue): CachedRun | undefined {
    const values = this.values;
    for (let i = 0; i < VALUE_SLOTS; i++) {
      const run = values[i];
      if (run === undefined) break;
      if (run.value === value) {
        this.hits++;
        return run;
      }
    }
    return undefined;
  }

  /**
   * Called after a miss, with the `KeyValue` of `value` just written at
   * `[start, end)` of `buf` (length varint + body): keeps a copy and returns
   * it as a run, unless this key's values do not repeat.
   */
  remember(value: CacheableValue, buf: Uint8Array, start: number, end: number): CachedRun | undefined {
    if (++this.misses >= MISSES_BEFORE_GIVING_UP && this.hits < this.misses) {
      this.caching = false;
      this.values.fill(undefined);
      return undefined;
    }
    const bytes = new Uint8Array(end - start);
    bytes.set(buf.subarray(start, end));
    const run = new CachedRun(this.owner, this.key, value, 0, bytes);
    const slot = this.nextSlot;
    this.values[slot] = run;
    this.nextSlot = slot === VALUE_SLOTS - 1 ? 0 : slot + 1;
    this.owner.account(ENTRY_OVERHEAD_BYTES + bytes.length);
    return run;
  }
}

/** Keys at most this long (UTF-16 units) are cached. */
const MAX_CACHED_KEY_LENGTH = 128;
/** Distinct keys before the cache starts over. */
const MAX_KEYS = 2048;
/** Recent values remembered per key. */
const VALUE_SLOTS = 8;
/** Longer runs remembered per run. */
const RUN_SLOTS = 4;
/** String values at most this long (UTF-16 units) are cached. */
const MAX_CACHED_VALUE_LENGTH = 256;
/**
 * Bytes held, keys, values and runs together, before the cache starts over:
 * the encoded bytes plus {@link ENTRY_OVERHEAD_BYTES} per entry. The
 * otlp_encode batch needs about 230 KiB of it (about 500 entries).
 */
const MAX_CACHED_BYTES = 2 * 1024 * 1024;
/**
 * What an entry costs besides its encoded bytes, counted against the budget:
 * its object, its slot array and its typed array's headers. Measured at
 * 350-450 bytes with Node 20 (64-bit, 100,000 entries, `process.memoryUsage`).
 */
const ENTRY_OVERHEAD_BYTES = 400;
/** Restarts closer than this (in lookups) turn the churn guard on. */
const MIN_LOOKUPS_BETWEEN_RESTARTS = 64 * 1024;
/** Lookups without new keys once the churn guard is on (a few hundred batches of 512 spans). */
const COOLDOWN_LOOKUPS = 1024 * 1024;
/**
 * A key whose values missed this many times, and hit fewer times than they
 * missed, stops caching values: they are ids, paths or timestamps. The same
 * for a run whose followers keep changing.
 */
const MISSES_BEFORE_GIVING_UP = 32;

/** `KeyValue.key` (field 1, wire type 2): tag, length varint, UTF-8 bytes. */
function encodeKeyField(key: string): Uint8Array {
  const utf8 = Buffer.from(key, 'utf8');
  const len = utf8.length;
  const out = new Uint8Array(1 + (len < 128 ? 1 : 2) + len);
  let p = 0;
  out[p++] = 0x0a;
  if (len < 128) {
    out[p++] = len;
  } else {
    // At most 3 * MAX_CACHED_KEY_LENGTH bytes: two varint bytes.
    out[p++] = (len & 127) | 128;
    out[p++] = len >>> 7;
  }
  out.set(utf8, p);
  return out;
}
