import { diag, DiagLogLevel, SpanStatusCode } from '@spool/api';
import type {
  Attributes,
  AttributeValue,
  Exception,
  HrTime,
  Link,
  Span,
  SpanAttributes,
  SpanContext,
  SpanKind,
  SpanStatus,
  TimeInput,
  TraceState,
} from '@spool/api';
import { clockToHrTime, hrTimeDuration, isTimeInput, normalizeHrTime, toClock } from './clock.js';
import type { IdChunk, SlotChunk } from './id-pool.js';
import type { InstrumentationScope } from './instrumentation-scope.js';
import type { ReadableSpan, TimedEvent } from './readable-span.js';
import type { Resource } from './resource.js';
import { cloneValidAttributes, copyAttributes, sanitizeAttributeValue, setOwn, warnInvalidValue } from './sanitize-attributes.js';
import type { ResolvedSpanLimits } from './span-limits.js';
import type { SpanProcessor } from './span-processor.js';

/**
 * What a span needs from the tracer that created it. One object per tracer, shared
 * by all its spans, so a span stores one reference instead of five.
 */
export interface SpanOwner {
  readonly resource: Resource;
  readonly instrumentationScope: InstrumentationScope;
  readonly limits: ResolvedSpanLimits;
  readonly processor: SpanProcessor;
}

// Shared, frozen placeholders: a span allocates its attribute map, event list and
// link list only when the first one is added (a plain span allocates none of them).
const EMPTY_ATTRIBUTES: Attributes = Object.freeze({}) as Attributes;
const EMPTY_EVENTS = Object.freeze([]) as unknown as TimedEvent[];
const EMPTY_LINKS = Object.freeze([]) as unknown as Link[];
const UNSET_STATUS: SpanStatus = Object.freeze({ code: SpanStatusCode.UNSET });
const OK_STATUS: SpanStatus = Object.freeze({ code: SpanStatusCode.OK });
const ERROR_STATUS: SpanStatus = Object.freeze({ code: SpanStatusCode.ERROR });

const perf = performance;

// Bits of RecordingSpan._warned: each "once per span" warning.
const WARNED_ENDED = 1;
const WARNED_ATTRIBUTE_LIMIT = 2;
const WARNED_EVENT_LIMIT = 4;
const WARNED_LINK_LIMIT = 8;
/** Initial `_kv` slots (16 attributes). */
const KV_INITIAL_SLOTS = 32;

/**
 * The span Spool records: an OpenTelemetry `Span` for the application and a
 * {@link ReadableSpan} (plus the `idBytes`/`idOffset` fast path) for processors
 * and exporters. Created by `Tracer.startSpan`; never constructed by users.
 *
 * Every field is initialised in the constructor in one order (one hidden class for
 * all spans) and hot work is deferred: hex ids, the `SpanContext` object and
 * the `[s, ns]` time tuples are made on first read.
 *
 * Nothing here throws into the application: invalid input is dropped with a
 * `diag` warning (formatted only when warnings are enabled), limits are applied and
 * counted, and operations after `end()` are ignored with one warning per span.
 */
export class RecordingSpan implements Span, ReadableSpan {
  /** Span name (`updateName` changes it until the span ends). */
  name: string;
  /** Span kind. */
  readonly kind: SpanKind;
  /** The parent's context, or undefined for a root span. */
  readonly parentSpanContext: SpanContext | undefined;
  /** Events (oldest dropped first beyond `eventCountLimit`). */
  events: TimedEvent[];
  /** Links (oldest dropped first beyond `linkCountLimit`). */
  links: Link[];
  /** Status; `{ code: UNSET }` until set. */
  status: SpanStatus;
  /** True once `end()` was called. */
  ended: boolean;
  /** Attributes dropped because of `attributeCountLimit`. */
  droppedAttributesCount: number;
  /** Events dropped because of `eventCountLimit`. */
  droppedEventsCount: number;
  /** Links dropped because of `linkCountLimit`. */
  droppedLinksCount: number;
  /** Byte offset of this span's 24-byte id slot in `idBytes`. */
  readonly idOffset: number;
  /** @internal the id slot storage, undefined with a custom IdGenerator. */
  readonly _slots: SlotChunk | undefined;
  /** @internal the span-id pool chunk the span id came from (for its hex), if pooled. */
  readonly _spanIdChunk: IdChunk | undefined;
  /** @internal offset of the span id in `_spanIdChunk`. */
  readonly _spanIdOffset: number;
  /** @internal */
  readonly _owner: SpanOwner;
  /** @internal the trace-id pool chunk a root span's trace id came from (for its hex), if pooled. */
  readonly _traceIdChunk: IdChunk | undefined;
  /** @internal offset of the trace id in `_traceIdChunk`. */
  readonly _traceIdOffset: number;
  /** @internal hex trace id; made lazily from `_traceIdChunk` when the sampler did not need it. */
  _traceId: string | undefined;
  /** @internal hex span id, made lazily from the chunk. */
  _spanId: string | undefined;
  /** @internal W3C trace flags. */
  readonly _traceFlags: number;
  /** @internal */
  readonly _traceState: TraceState | undefined;
  /** @internal cached spanContext(). */
  _spanContext: SpanContext | undefined;
  /** @internal start, clock value (ms since performance.timeOrigin). */
  readonly _start: number;
  /** @internal end, clock value; -1 until ended. */
  _end: number;
  /** @internal cached or caller-given start tuple. */
  _startTime: HrTime | undefined;
  /** @internal cached or caller-given end tuple. */
  _endTime: HrTime | undefined;
  /**
   * @internal attributes as a flat [key0, value0, key1, value1, ...] log: appending
   * is two array stores, where adding a property to an object is a megamorphic
   * keyed store (~40 ns each, measured). A key set again is appended again, not
   * looked up: the scan for it cost ~5 ns per key already set (~55 ns of a
   * 10-attribute span, measured); the object form, built on first read in log
   * order, keeps each key's first position and last value, as an overwrite would.
   * Duplicates are merged only when the log reaches `attributeCountLimit` entries,
   * so the limit counts distinct keys.
   */
  _kv: unknown[] | undefined;
  /** @internal used length of `_kv` (the array is preallocated and grown by doubling). */
  _kvLength: number;
  /** @internal key -> index in `_kv`, while the merged log is at the count limit. */
  _kvIndex: Map<string, number> | undefined;
  /** @internal the `attributes` object, once read; kept in step with `_kv` afterwards. */
  _attributes: Attributes | undefined;
  /** @internal WARNED_* bits. */
  _warned: number;

  /** @internal use `Tracer.startSpan`. */
  constructor(
    owner: SpanOwner,
    name: string,
    kind: SpanKind,
    parentSpanContext: SpanContext | undefined,
    slots: SlotChunk | undefined,
    idOffset: number,
    spanIdChunk: IdChunk | undefined,
    spanIdOffset: number,
    traceIdChunk: IdChunk | undefined,
    traceIdOffset: number,
    traceId: string | undefined,
    spanId: string | undefined,
    traceFlags: number,
    traceState: TraceState | undefined,
    start: number
  ) {
    this.name = name;
    this.kind = kind;
    this.parentSpanContext = parentSpanContext;
    this.events = EMPTY_EVENTS;
    this.links = EMPTY_LINKS;
    this.status = UNSET_STATUS;
    this.ended = false;
    this.droppedAttributesCount = 0;
    this.droppedEventsCount = 0;
    this.droppedLinksCount = 0;
    this.idOffset = idOffset;
    this._slots = slots;
    this._spanIdChunk = spanIdChunk;
    this._spanIdOffset = spanIdOffset;
    this._owner = owner;
    this._traceIdChunk = traceIdChunk;
    this._traceIdOffset = traceIdOffset;
    this._traceId = traceId;
    this._spanId = spanId;
    this._traceFlags = traceFlags;
    this._traceState = traceState;
    this._spanContext = undefined;
    this._start = start;
    this._end = -1;
    this._startTime = undefined;
    this._endTime = undefined;
    this._kv = undefined;
    this._kvLength = 0;
    this._kvIndex = undefined;
    this._attributes = undefined;
    this._warned = 0;
  }

  /** The pooled id bytes (see `SpanIdBytes`), or undefined with a custom IdGenerator. */
  get idBytes(): Uint8Array | undefined {
    const slots = this._slots;
    return slots === undefined ? undefined : slots.bytes;
  }

  /** Attributes, after validation, limits and truncation (an object built on first read, then kept current). */
  get attributes(): Attributes {
    let obj = this._attributes;
    if (obj === undefined) {
      obj = {};
      const kv = this._kv;
      const n = this._kvLength;
      if (kv !== undefined) for (let i = 0; i < n; i += 2) setOwn(obj, kv[i] as string, kv[i + 1] as AttributeValue);
      this._attributes = obj;
    }
    return obj;
  }

  /** The resource of the provider that created the span. */
  get resource(): Resource {
    return this._owner.resource;
  }

  /** The scope of the tracer that created the span. */
  get instrumentationScope(): InstrumentationScope {
    return this._owner.instrumentationScope;
  }

  /** Start time, epoch `[seconds, nanoseconds]`. */
  get startTime(): HrTime {
    let t = this._startTime;
    if (t === undefined) t = this._startTime = clockToHrTime(this._start);
    return t;
  }

  /** End time, epoch `[seconds, nanoseconds]`; `[0, 0]` before `end()`. */
  get endTime(): HrTime {
    if (!this.ended) return [0, 0];
    let t = this._endTime;
    if (t === undefined) {
      // An end clamped to the start reuses the start tuple so the duration is exactly 0.
      t = this._endTime = this._end === this._start ? this.startTime.slice() as HrTime : clockToHrTime(this._end);
    }
    return t;
  }

  /** `endTime - startTime`, never negative; `[-1, -1]` before `end()`. */
  get duration(): HrTime {
    if (!this.ended) return [-1, -1];
    return hrTimeDuration(this.startTime, this.endTime);
  }

  /** The span's context; built on the first call, then the same object. */
  spanContext(): SpanContext {
    let sc = this._spanContext;
    if (sc === undefined) {
      let traceId = this._traceId;
      if (traceId === undefined) traceId = this._traceId = this._traceIdChunk!.hex(this._traceIdOffset, 16);
      let spanId = this._spanId;
      if (spanId === undefined) spanId = this._spanId = this._spanIdChunk!.hex(this._spanIdOffset, 8);
      sc = this._spanContext = {
        traceId,
        spanId,
        traceFlags: this._traceFlags,
        traceState: this._traceState,
        isRemote: false,
      };
    }
    return sc;
  }

  /** True until the span ends. */
  isRecording(): boolean {
    return !this.ended;
  }

  /**
   * Sets one attribute. null/undefined values are ignored (as in OpenTelemetry JS);
   * an invalid value or an empty key is dropped with a warning naming the key; a
   * new key beyond `attributeCountLimit` is dropped and counted (overwriting an
   * existing key is always allowed); strings are truncated to
   * `attributeValueLengthLimit`. Ignored with one warning after `end()`.
   */
  setAttribute(key: string, value: AttributeValue | undefined): this {
    if (this.ended) {
      this._warnEnded();
      return this;
    }
    if (value === undefined || value === null) return this;
    const limits = this._owner.limits;
    let v: AttributeValue | undefined = value;
    const t = typeof value;
    if (t === 'string') {
      if ((value as string).length > limits.attributeValueLengthLimit) {
        v = sanitizeAttributeValue(value, limits.attributeValueLengthLimit);
      }
    } else if (t !== 'number' && t !== 'boolean') {
      v = sanitizeAttributeValue(value, limits.attributeValueLengthLimit);
      if (v === undefined) {
        if (diag.isEnabled(DiagLogLevel.WARN)) warnInvalidValue('Span.setAttribute', String(key), value);
        return this;
      }
    }
    if (typeof key !== 'string' || key.length === 0) {
      if (diag.isEnabled(DiagLogLevel.WARN)) diag.warn(`Spool: Span.setAttribute: dropping an attribute with an invalid key ${JSON.stringify(String(key))}`);
      return this;
    }
    let n = this._kvLength;
    if (n >= 2 * limits.attributeCountLimit) {
      // Rare: the log holds `attributeCountLimit` entries. Only now are duplicate keys
      // merged (see `_kv`); then an existing key is overwritten, a new one dropped.
      const at = this._findAtLimit(key);
      if (at !== -1) {
        this._kv![at + 1] = v; // overwriting an existing key is allowed even at the limit
        if (this._attributes !== undefined) setOwn(this._attributes, key, v!);
        return this;
      }
      n = this._kvLength;
      if (n >= 2 * limits.attributeCountLimit) {
        this.droppedAttributesCount++;
        if ((this._warned & WARNED_ATTRIBUTE_LIMIT) === 0) this._warnLimit(WARNED_ATTRIBUTE_LIMIT);
        return this;
      }
    }
    let kv = this._kv;
    if (kv === undefined) {
      // One allocation holds 16 attributes (an HTTP server span has 10-15); `push`
      // would allocate twice for 10.
      kv = this._kv = new Array<unknown>(KV_INITIAL_SLOTS);
    } else if (n === kv.length) {
      const grown = new Array<unknown>(n * 2);
      for (let i = 0; i < n; i++) grown[i] = kv[i];
      kv = this._kv = grown;
    }
    this._kvIndex = undefined; // an append may repeat a key: the index no longer holds
    kv[n] = key;
    kv[n + 1] = v;
    this._kvLength = n + 2;
    if (this._attributes !== undefined) setOwn(this._attributes, key, v!);
    return this;
  }

  /**
   * @internal For a log at the count limit: merges duplicate keys (first position,
   * last value, the order of the `attributes` object) once, indexing the keys in a
   * Map, and returns the position of `key`, or -1. While the log stays at the limit
   * no key is appended, so the index holds.
   */
  _findAtLimit(key: string): number {
    let index = this._kvIndex;
    if (index === undefined) {
      index = this._kvIndex = new Map<string, number>();
      const kv = this._kv;
      if (kv !== undefined) {
        const n = this._kvLength;
        let w = 0;
        for (let r = 0; r < n; r += 2) {
          const k = kv[r] as string;
          const at = index.get(k);
          if (at !== undefined) {
            kv[at + 1] = kv[r + 1];
          } else {
            index.set(k, w);
            kv[w] = k;
            kv[w + 1] = kv[r + 1];
            w += 2;
          }
        }
        for (let i = w; i < n; i++) kv[i] = undefined;
        this._kvLength = w;
      }
    }
    const at = index.get(key);
    return at === undefined ? -1 : at;
  }

  /** Sets each own enumerable attribute of `attributes` as {@link setAttribute} does. A non-object is ignored with a warning. */
  setAttributes(attributes: SpanAttributes): this {
    if (this.ended) {
      this._warnEnded();
      return this;
    }
    if (attributes === null || typeof attributes !== 'object') {
      if (attributes !== undefined) diag.warn('Spool: Span.setAttributes: expected an object; ignored');
      return this;
    }
    for (const key in attributes) {
      this.setAttribute(key, attributes[key]);
    }
    return this;
  }

  /**
   * Adds an event. The second argument is either its attributes or its time (any
   * `TimeInput`); the time defaults to now. Beyond `eventCountLimit` the oldest
   * event is dropped and counted (with `eventCountLimit` 0 every event is dropped).
   * Event attributes follow the attribute rules with `attributePerEventCountLimit`.
   */
  addEvent(name: string, attributesOrStartTime?: SpanAttributes | TimeInput, startTime?: TimeInput): this {
    if (this.ended) {
      this._warnEnded();
      return this;
    }
    const limits = this._owner.limits;
    let attributes: unknown = attributesOrStartTime;
    let time: TimeInput | undefined = startTime;
    if (attributesOrStartTime !== undefined && isTimeInput(attributesOrStartTime)) {
      if (startTime === undefined || !isTimeInput(startTime)) time = attributesOrStartTime;
      attributes = undefined;
    }
    if (limits.eventCountLimit === 0) {
      this.droppedEventsCount++;
      if ((this._warned & WARNED_EVENT_LIMIT) === 0) this._warnLimit(WARNED_EVENT_LIMIT);
      return this;
    }
    let events = this.events;
    if (events === EMPTY_EVENTS) events = this.events = [];
    else if (events.length >= limits.eventCountLimit) {
      events.shift();
      this.droppedEventsCount++;
      if ((this._warned & WARNED_EVENT_LIMIT) === 0) this._warnLimit(WARNED_EVENT_LIMIT);
    }
    let eventAttributes = EMPTY_ATTRIBUTES;
    let dropped = 0;
    if (attributes !== undefined && attributes !== null) {
      const clone = cloneValidAttributes(attributes, limits.attributePerEventCountLimit, limits.attributeValueLengthLimit);
      if (clone !== undefined) eventAttributes = clone;
      else {
        eventAttributes = {};
        dropped = copyAttributes(
        attributes,
        eventAttributes,
        limits.attributePerEventCountLimit,
          limits.attributeValueLengthLimit,
          'Span.addEvent'
        );
      }
    }
    events.push({
      name: typeof name === 'string' ? name : String(name),
      attributes: eventAttributes,
      time: time === undefined ? clockToHrTime(perf.now()) : toHrTime(time),
      droppedAttributesCount: dropped,
    });
    return this;
  }

  /**
   * Adds a link to another span. A link without a valid `context` object is
   * dropped with a warning. Beyond `linkCountLimit` the oldest link is dropped and
   * counted. Link attributes follow the attribute rules with
   * `attributePerLinkCountLimit`.
   */
  addLink(link: Link): this {
    if (this.ended) {
      this._warnEnded();
      return this;
    }
    if (link === null || typeof link !== 'object' || link.context === null || typeof link.context !== 'object') {
      diag.warn('Spool: Span.addLink: a link needs a span context; dropped');
      return this;
    }
    const limits = this._owner.limits;
    if (limits.linkCountLimit === 0) {
      this.droppedLinksCount++;
      if ((this._warned & WARNED_LINK_LIMIT) === 0) this._warnLimit(WARNED_LINK_LIMIT);
      return this;
    }
    let links = this.links;
    if (links === EMPTY_LINKS) links = this.links = [];
    else if (links.length >= limits.linkCountLimit) {
      links.shift();
      this.droppedLinksCount++;
      if ((this._warned & WARNED_LINK_LIMIT) === 0) this._warnLimit(WARNED_LINK_LIMIT);
    }
    let attributes = EMPTY_ATTRIBUTES;
    let dropped = 0;
    if (link.attributes !== undefined && link.attributes !== null) {
      const clone = cloneValidAttributes(link.attributes, limits.attributePerLinkCountLimit, limits.attributeValueLengthLimit);
      if (clone !== undefined) attributes = clone;
      else {
        attributes = {};
        dropped = copyAttributes(
        link.attributes,
        attributes,
        limits.attributePerLinkCountLimit,
          limits.attributeValueLengthLimit,
          'Span.addLink'
        );
      }
    }
    links.push({ context: link.context, attributes, droppedAttributesCount: dropped });
    return this;
  }

  /** Adds each link as {@link addLink} does. A non-array is ignored with a warning. */
  addLinks(links: Link[]): this {
    if (!Array.isArray(links)) {
      diag.warn('Spool: Span.addLinks: expected an array; ignored');
      return this;
    }
    for (let i = 0; i < links.length; i++) this.addLink(links[i]!);
    return this;
  }

  /**
   * Sets the status (trace API spec, "Set Status"): UNSET is ignored; OK is final
   * (later calls are ignored); ERROR replaces UNSET or an earlier ERROR. The
   * description is kept only with ERROR and only if it is a string (otherwise it is
   * dropped with a warning). An unknown code is ignored with a warning.
   */
  setStatus(status: SpanStatus): this {
    if (this.ended) {
      this._warnEnded();
      return this;
    }
    if (status === null || typeof status !== 'object') {
      diag.warn('Spool: Span.setStatus: expected a status object; ignored');
      return this;
    }
    const code = status.code;
    if (code === SpanStatusCode.UNSET) return this;
    if (this.status.code === SpanStatusCode.OK) return this;
    if (code === SpanStatusCode.OK) {
      this.status = OK_STATUS;
    } else if (code === SpanStatusCode.ERROR) {
      const message = status.message;
      if (typeof message === 'string') {
        this.status = { code: SpanStatusCode.ERROR, message };
      } else {
        if (message !== undefined && message !== null) {
          if (diag.isEnabled(DiagLogLevel.WARN)) diag.warn(`Spool: Span.setStatus: dropping a status message of type ${typeof message}; expected a string`);
        }
        this.status = ERROR_STATUS;
      }
    } else {
      if (diag.isEnabled(DiagLogLevel.WARN)) diag.warn(`Spool: Span.setStatus: ignoring unknown status code ${String(code)}`);
    }
    return this;
  }

  /** Renames the span. A non-string is ignored with a warning. */
  updateName(name: string): this {
    if (this.ended) {
      this._warnEnded();
      return this;
    }
    if (typeof name !== 'string') {
      diag.warn('Spool: Span.updateName: expected a string; ignored');
      return this;
    }
    this.name = name;
    return this;
  }

  /**
   * Records an exception as an event named `exception` (semantic conventions):
   * `exception.type` (from `code`, else `name`), `exception.message`,
   * `exception.stacktrace`. Accepts an Error, a string (the message) or any object
   * with those fields. Something with neither a type nor a message is not recorded
   * (warning).
   */
  recordException(exception: Exception, time?: TimeInput): void {
    if (this.ended) {
      this._warnEnded();
      return;
    }
    const attributes: Attributes = {};
    if (typeof exception === 'string') {
      attributes['exception.message'] = exception;
    } else if (exception !== null && typeof exception === 'object') {
      const e = exception as { code?: unknown; name?: unknown; message?: unknown; stack?: unknown };
      if (e.code !== undefined && e.code !== null && e.code !== '') attributes['exception.type'] = String(e.code);
      else if (typeof e.name === 'string' && e.name !== '') attributes['exception.type'] = e.name;
      if (typeof e.message === 'string' && e.message !== '') attributes['exception.message'] = e.message;
      if (typeof e.stack === 'string' && e.stack !== '') attributes['exception.stacktrace'] = e.stack;
    }
    if (attributes['exception.type'] === undefined && attributes['exception.message'] === undefined) {
      if (diag.isEnabled(DiagLogLevel.WARN)) diag.warn(`Spool: Span.recordException: nothing to record from a value of type ${exception === null ? 'null' : typeof exception}`);
      return;
    }
    this.addEvent('exception', attributes, time);
  }

  /**
   * Ends the span (default: now) and hands it to the span processors. A second
   * call is ignored with a warning. An end time before the start is clamped to the
   * start (duration 0) with a warning.
   */
  end(endTime?: TimeInput): void {
    if (this.ended) {
      if (diag.isEnabled(DiagLogLevel.WARN)) {
        const sc = this.spanContext();
        diag.warn(`Spool: end() called again on span ${JSON.stringify(this.name)} ${sc.traceId}-${sc.spanId}; ignored`);
      }
      return;
    }
    let end: number;
    if (endTime === undefined) {
      end = perf.now();
    } else {
      end = toClock(endTime);
      if (Array.isArray(endTime) && end >= this._start && isValidTuple(endTime)) this._endTime = normalizeHrTime(endTime);
    }
    if (end < this._start) {
      diag.warn('Spool: span end time is before its start time; using the start time');
      end = this._start;
    }
    this._end = end;
    this.ended = true;
    try {
      this._owner.processor.onEnd(this);
    } catch (err) {
      diag.error('Spool: a span processor threw in onEnd', err);
    }
  }

  /** @internal */
  _warnEnded(): void {
    if ((this._warned & WARNED_ENDED) !== 0) return;
    this._warned |= WARNED_ENDED;
    if (diag.isEnabled(DiagLogLevel.WARN)) {
      const sc = this.spanContext();
      diag.warn(
        `Spool: span ${JSON.stringify(this.name)} ${sc.traceId}-${sc.spanId} has ended; changes after end() are ignored`
      );
    }
  }

  /** @internal */
  _warnLimit(bit: number): void {
    this._warned |= bit;
    if (!diag.isEnabled(DiagLogLevel.WARN)) return;
    const limits = this._owner.limits;
    const what =
      bit === WARNED_ATTRIBUTE_LIMIT
        ? `attributes beyond attributeCountLimit=${limits.attributeCountLimit}`
        : bit === WARNED_EVENT_LIMIT
          ? `events beyond eventCountLimit=${limits.eventCountLimit} (oldest first)`
          : `links beyond linkCountLimit=${limits.linkCountLimit} (oldest first)`;
    diag.warn(`Spool: span ${JSON.stringify(this.name)}: dropping ${what}; see the span's dropped counts`);
  }
}

/** Any TimeInput as an epoch tuple; an HrTime is kept exactly (normalised). */
function toHrTime(time: TimeInput): HrTime {
  if (Array.isArray(time)) {
    const clock = toClock(time);
    // toClock validated the tuple; reuse it exactly unless it was replaced by "now".
    return isValidTuple(time) ? normalizeHrTime(time) : clockToHrTime(clock);
  }
  return clockToHrTime(toClock(time));
}

function isValidTuple(time: HrTime): boolean {
  const s = time[0];
  const ns = time[1];
  return typeof s === 'number' && typeof ns === 'number' && Number.isFinite(s) && Number.isFinite(ns) && s >= 0;
}

/**
 * True when a span carries the SAMPLED trace flag: the test exporting processors
 * apply in `onEnd` (RECORD-only spans are seen by processors but not exported).
 * Reads the flag directly from a Spool span, without building its SpanContext.
 */
export function isSampledSpan(span: ReadableSpan): boolean {
  if (span instanceof RecordingSpan) return (span._traceFlags & 1) !== 0;
  return (span.spanContext().traceFlags & 1) !== 0;
}
