import { describe, it, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { diag, SpanKind, SpanStatusCode, TraceFlags } from '@spool/api';
import type { Span, SpanContext } from '@spool/api';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '../src/index.js';
import type { ReadableSpan, SpanLimits } from '../src/index.js';
import { captureDiag } from './helpers.js';

function setup(spanLimits?: SpanLimits) {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanLimits, spanProcessors: [new SimpleSpanProcessor(exporter)] }, {});
  const tracer = provider.getTracer('test', '1.0.0');
  return { exporter, provider, tracer };
}

function readable(span: Span): ReadableSpan {
  return span as unknown as ReadableSpan;
}

const otherContext: SpanContext = {
  traceId: '0af7651916cd43dd8448eb211c80319c',
  spanId: 'b7ad6b7169203331',
  traceFlags: TraceFlags.SAMPLED,
};

afterEach(() => diag.disable());

describe('RecordingSpan attributes', () => {
  it('keeps string, number, boolean and homogeneous array values', () => {
    const { tracer } = setup();
    const span = tracer.startSpan('s');
    span.setAttribute('s', 'v').setAttribute('n', 1.5).setAttribute('b', false);
    span.setAttributes({ a: ['x', null, 'y'], na: [1, 2], ba: [true, undefined], empty: [] });
    assert.deepEqual(readable(span).attributes, {
      s: 'v',
      n: 1.5,
      b: false,
      a: ['x', null, 'y'],
      na: [1, 2],
      ba: [true, undefined],
      empty: [],
    });
  });

  it('drops invalid values with a warning naming the key', () => {
    const logs = captureDiag();
    const { tracer } = setup();
    const span = tracer.startSpan('s');
    span.setAttribute('obj', { a: 1 } as never);
    span.setAttribute('mixed', [1, 'a'] as never);
    span.setAttribute('nested', [[1]] as never);
    span.setAttribute('fn', (() => 1) as never);
    span.setAttribute('big', 1n as never);
    span.setAttribute('sym', Symbol('x') as never);
    assert.deepEqual(readable(span).attributes, {});
    for (const key of ['obj', 'mixed', 'nested', 'fn', 'big', 'sym']) {
      assert.equal(logs.find(`"${key}"`).length, 1, `warning for ${key}`);
    }
    assert.equal(readable(span).droppedAttributesCount, 0);
  });

  it('ignores null and undefined values silently', () => {
    const logs = captureDiag();
    const { tracer } = setup();
    const span = tracer.startSpan('s');
    span.setAttribute('u', undefined as never);
    span.setAttribute('n', null as never);
    span.setAttributes({ u: undefined });
    assert.deepEqual(readable(span).attributes, {});
    assert.equal(logs.messages.length, 0);
  });

  it('drops an empty key with a warning', () => {
    const logs = captureDiag();
    const { tracer } = setup();
    const span = tracer.startSpan('s');
    span.setAttribute('', 'v');
    assert.deepEqual(readable(span).attributes, {});
    assert.equal(logs.find('invalid key').length, 1);
  });

  it('ignores a non-object passed to setAttributes with a warning', () => {
    const logs = captureDiag();
    const { tracer } = setup();
    const span = tracer.startSpan('s');
    span.setAttributes('nope' as never);
    span.setAttributes(null as never);
    assert.deepEqual(readable(span).attributes, {});
    assert.equal(logs.find('setAttributes').length, 2);
  });

  it('copies arrays so later mutation does not change the span', () => {
    const { tracer } = setup();
    const span = tracer.startSpan('s');
    const value = ['a', 'b'];
    span.setAttribute('arr', value);
    value.push('c');
    assert.deepEqual(readable(span).attributes['arr'], ['a', 'b']);
  });

  it('stores keys named like Object.prototype members as own attributes', () => {
    const { tracer } = setup({ attributeCountLimit: 3 });
    const span = tracer.startSpan('s');
    span.setAttribute('toString', 'a');
    span.setAttribute('__proto__', 'b');
    span.setAttribute('constructor', 'c');
    span.setAttribute('hasOwnProperty', 'd');
    const attrs = readable(span).attributes;
    assert.equal(Object.getPrototypeOf(attrs), Object.prototype);
    assert.deepEqual(Object.keys(attrs), ['toString', '__proto__', 'constructor']);
    assert.equal(attrs['__proto__'], 'b');
    assert.equal(readable(span).droppedAttributesCount, 1);
  });

  it('overwrites an existing key without counting it again', () => {
    const { tracer } = setup({ attributeCountLimit: 1 });
    const span = tracer.startSpan('s');
    span.setAttribute('a', 1);
    span.setAttribute('a', 2);
    assert.deepEqual(readable(span).attributes, { a: 2 });
    assert.equal(readable(span).droppedAttributesCount, 0);
  });

  it('keeps a key set again at its first position with its last value', () => {
    const { tracer } = setup();
    const span = tracer.startSpan('s', { attributes: { a: 1, b: 2 } });
    span.setAttribute('c', 3);
    span.setAttribute('a', 10);
    span.setAttributes({ b: 20, d: 4 });
    const attrs = readable(span).attributes;
    assert.deepEqual(Object.entries(attrs), [['a', 10], ['b', 20], ['c', 3], ['d', 4]]);
    span.setAttribute('c', 30);
    assert.equal(readable(span).attributes, attrs, 'the object, once read, is kept current');
    assert.deepEqual(Object.entries(attrs), [['a', 10], ['b', 20], ['c', 30], ['d', 4]]);
  });

  it('counts distinct keys against attributeCountLimit however often a key is set again', () => {
    const { tracer } = setup({ attributeCountLimit: 3 });
    const span = tracer.startSpan('s');
    for (let i = 0; i < 10; i++) span.setAttribute('a', i);
    span.setAttribute('b', 'x');
    span.setAttribute('a', 'last');
    span.setAttribute('c', true);
    span.setAttribute('d', 'dropped');
    span.setAttribute('b', 'y');
    span.setAttribute('e', 'dropped too');
    span.setAttribute('c', false);
    assert.deepEqual(Object.entries(readable(span).attributes), [['a', 'last'], ['b', 'y'], ['c', false]]);
    assert.equal(readable(span).droppedAttributesCount, 2);
  });

  it('drops every new key when attributeCountLimit is 0', () => {
    const { tracer } = setup({ attributeCountLimit: 0 });
    const span = tracer.startSpan('s', { attributes: { a: 1 } });
    span.setAttribute('b', 2);
    span.setAttribute('b', 3);
    assert.deepEqual(readable(span).attributes, {});
    assert.equal(readable(span).droppedAttributesCount, 3);
  });
});

describe('RecordingSpan events', () => {
  it('records events with attributes and a time, defaulting the time to now', () => {
    const { tracer } = setup();
    const span = tracer.startSpan('s');
    span.addEvent('plain');
    span.addEvent('with-attrs', { k: 'v', bad: {} as never });
    span.addEvent('timed', 1_700_000_000_000);
    span.addEvent('attrs-and-time', { k: 1 }, [1_700_000_000, 5]);
    const events = readable(span).events;
    assert.deepEqual(
      events.map((e) => e.name),
      ['plain', 'with-attrs', 'timed', 'attrs-and-time']
    );
    assert.deepEqual(events[0]!.attributes, {});
    assert.deepEqual(events[1]!.attributes, { k: 'v' });
    assert.deepEqual(events[2]!.time, [1_700_000_000, 0]);
    assert.deepEqual(events[3]!.time, [1_700_000_000, 5]);
    assert.deepEqual(events[3]!.attributes, { k: 1 });
    const start = readable(span).startTime;
    const t0 = events[0]!.time;
    assert.ok(t0[0] > start[0] || (t0[0] === start[0] && t0[1] >= start[1]), 'event time is not before the start');
    assert.equal(events[0]!.droppedAttributesCount, 0);
  });

  it('copies event attributes so later changes to the caller object do not leak in', () => {
    const { tracer } = setup();
    const span = tracer.startSpan('s');
    const attrs: Record<string, unknown> = { a: 1, b: 'x' };
    span.addEvent('e', attrs as never);
    attrs['a'] = 2;
    attrs['c'] = true;
    assert.deepEqual(readable(span).events[0]!.attributes, { a: 1, b: 'x' });
  });

  it('uses the second argument as the time when the third is not a time', () => {
    const { tracer } = setup();
    const span = tracer.startSpan('s');
    span.addEvent('e', new Date(1_700_000_000_123), 'junk' as never);
    assert.deepEqual(readable(span).events[0]!.time, [1_700_000_000, 123_000_000]);
  });

  it('drops the oldest events beyond eventCountLimit and counts them', () => {
    const logs = captureDiag();
    const { tracer } = setup({ eventCountLimit: 2 });
    const span = tracer.startSpan('s');
    span.addEvent('1').addEvent('2').addEvent('3').addEvent('4');
    assert.deepEqual(
      readable(span).events.map((e) => e.name),
      ['3', '4']
    );
    assert.equal(readable(span).droppedEventsCount, 2);
    assert.equal(logs.find('eventCountLimit').length, 1, 'one warning per span');
  });

  it('drops every event when eventCountLimit is 0', () => {
    const { tracer } = setup({ eventCountLimit: 0 });
    const span = tracer.startSpan('s');
    span.addEvent('1').addEvent('2');
    assert.equal(readable(span).events.length, 0);
    assert.equal(readable(span).droppedEventsCount, 2);
  });

  it('limits and truncates event attributes', () => {
    const { tracer } = setup({ attributePerEventCountLimit: 1, attributeValueLengthLimit: 2 });
    const span = tracer.startSpan('s');
    span.addEvent('e', { a: 'abcdef', b: 'x' });
    const e = readable(span).events[0]!;
    assert.deepEqual(e.attributes, { a: 'ab' });
    assert.equal(e.droppedAttributesCount, 1);
  });
});

describe('RecordingSpan links', () => {
  it('keeps links given at start and added later', () => {
    const { tracer } = setup();
    const span = tracer.startSpan('s', { links: [{ context: otherContext, attributes: { a: 1 } }] });
    span.addLink({ context: { ...otherContext, spanId: '00f067aa0ba902b7' } });
    span.addLinks([{ context: otherContext }, { context: otherContext }]);
    const links = readable(span).links;
    assert.equal(links.length, 4);
    assert.deepEqual(links[0]!.attributes, { a: 1 });
    assert.equal(links[0]!.context, otherContext);
    assert.equal(links[1]!.context.spanId, '00f067aa0ba902b7');
  });

  it('drops the oldest links beyond linkCountLimit and counts them', () => {
    const { tracer } = setup({ linkCountLimit: 1 });
    const span = tracer.startSpan('s');
    span.addLink({ context: otherContext, attributes: { n: 1 } });
    span.addLink({ context: otherContext, attributes: { n: 2 } });
    assert.equal(readable(span).links.length, 1);
    assert.deepEqual(readable(span).links[0]!.attributes, { n: 2 });
    assert.equal(readable(span).droppedLinksCount, 1);
  });

  it('drops every link when linkCountLimit is 0', () => {
    const { tracer } = setup({ linkCountLimit: 0 });
    const span = tracer.startSpan('s', { links: [{ context: otherContext }] });
    assert.equal(readable(span).links.length, 0);
    assert.equal(readable(span).droppedLinksCount, 1);
  });

  it('limits link attributes and counts the dropped ones on the link', () => {
    const { tracer } = setup({ attributePerLinkCountLimit: 1 });
    const span = tracer.startSpan('s');
    span.addLink({ context: otherContext, attributes: { a: 1, b: 2, c: 3 } });
    assert.deepEqual(readable(span).links[0]!.attributes, { a: 1 });
    assert.equal(readable(span).links[0]!.droppedAttributesCount, 2);
  });

  it('drops a link without a span context with a warning', () => {
    const logs = captureDiag();
    const { tracer } = setup();
    const span = tracer.startSpan('s');
    span.addLink({} as never);
    span.addLink(null as never);
    span.addLinks('x' as never);
    assert.equal(readable(span).links.length, 0);
    assert.equal(logs.find('addLink').length, 3);
  });
});

describe('RecordingSpan status, name and exceptions', () => {
  it('ignores UNSET, lets ERROR replace UNSET and keeps a description only with ERROR', () => {
    const { tracer } = setup();
    const span = tracer.startSpan('s');
    span.setStatus({ code: SpanStatusCode.UNSET, message: 'ignored' });
    assert.deepEqual(readable(span).status, { code: SpanStatusCode.UNSET });
    span.setStatus({ code: SpanStatusCode.ERROR, message: 'boom' });
    assert.deepEqual(readable(span).status, { code: SpanStatusCode.ERROR, message: 'boom' });
    span.setStatus({ code: SpanStatusCode.UNSET });
    assert.equal(readable(span).status.code, SpanStatusCode.ERROR);
    span.setStatus({ code: SpanStatusCode.OK, message: 'dropped' });
    assert.deepEqual(readable(span).status, { code: SpanStatusCode.OK });
  });

  it('treats OK as final', () => {
    const { tracer } = setup();
    const span = tracer.startSpan('s');
    span.setStatus({ code: SpanStatusCode.OK });
    span.setStatus({ code: SpanStatusCode.ERROR, message: 'late' });
    assert.deepEqual(readable(span).status, { code: SpanStatusCode.OK });
  });

  it('drops a non-string status message and an unknown code with warnings', () => {
    const logs = captureDiag();
    const { tracer } = setup();
    const span = tracer.startSpan('s');
    span.setStatus({ code: SpanStatusCode.ERROR, message: 42 as never });
    assert.deepEqual(readable(span).status, { code: SpanStatusCode.ERROR });
    span.setStatus({ code: 7 as never });
    span.setStatus(null as never);
    assert.equal(readable(span).status.code, SpanStatusCode.ERROR);
    assert.equal(logs.find('setStatus').length, 3);
  });

  it('renames with updateName and ignores a non-string name', () => {
    const logs = captureDiag();
    const { tracer } = setup();
    const span = tracer.startSpan('old');
    span.updateName('new');
    span.updateName(5 as never);
    assert.equal(readable(span).name, 'new');
    assert.equal(logs.find('updateName').length, 1);
  });

  it('records an Error as an exception event with type, message and stack trace', () => {
    const { tracer } = setup();
    const span = tracer.startSpan('s');
    const err = new TypeError('bad thing');
    span.recordException(err);
    const event = readable(span).events[0]!;
    assert.equal(event.name, 'exception');
    assert.equal(event.attributes!['exception.type'], 'TypeError');
    assert.equal(event.attributes!['exception.message'], 'bad thing');
    assert.equal(event.attributes!['exception.stacktrace'], err.stack);
  });

  it('records a string, an object with a code, and a time', () => {
    const { tracer } = setup();
    const span = tracer.startSpan('s');
    span.recordException('plain message');
    span.recordException({ code: 'ECONNRESET', message: 'reset' }, [1_700_000_000, 0]);
    span.recordException({ code: 42, name: 'Ignored' });
    const [a, b, c] = readable(span).events;
    assert.deepEqual(a!.attributes, { 'exception.message': 'plain message' });
    assert.deepEqual(b!.attributes, { 'exception.type': 'ECONNRESET', 'exception.message': 'reset' });
    assert.deepEqual(b!.time, [1_700_000_000, 0]);
    assert.deepEqual(c!.attributes, { 'exception.type': '42' });
  });

  it('does not record an exception with neither type nor message', () => {
    const logs = captureDiag();
    const { tracer } = setup();
    const span = tracer.startSpan('s');
    span.recordException({} as never);
    span.recordException(null as never);
    span.recordException(undefined as never);
    assert.equal(readable(span).events.length, 0);
    assert.equal(logs.find('recordException').length, 3);
  });
});

describe('RecordingSpan end', () => {
  it('hands the span to processors once and warns on a second end', () => {
    const logs = captureDiag();
    const { tracer, exporter } = setup();
    const span = tracer.startSpan('s');
    assert.equal(span.isRecording(), true);
    span.end();
    span.end();
    assert.equal(span.isRecording(), false);
    assert.equal(readable(span).ended, true);
    assert.equal(exporter.getFinishedSpans().length, 1);
    assert.equal(logs.find('end() called again').length, 1);
  });

  it('ignores every change after end with one warning per span', () => {
    const logs = captureDiag();
    const { tracer } = setup();
    const span = tracer.startSpan('s', { attributes: { a: 1 } });
    span.end();
    span.setAttribute('b', 2);
    span.setAttributes({ c: 3 });
    span.addEvent('e');
    span.addLink({ context: otherContext });
    span.setStatus({ code: SpanStatusCode.ERROR });
    span.updateName('renamed');
    span.recordException(new Error('x'));
    const r = readable(span);
    assert.deepEqual(r.attributes, { a: 1 });
    assert.equal(r.events.length, 0);
    assert.equal(r.links.length, 0);
    assert.equal(r.status.code, SpanStatusCode.UNSET);
    assert.equal(r.name, 's');
    assert.equal(logs.find('has ended').length, 1);
  });

  it('clamps an end time before the start to the start', () => {
    const logs = captureDiag();
    const { tracer } = setup();
    const span = tracer.startSpan('s', { startTime: [1_700_000_010, 0] });
    span.end([1_700_000_000, 0]);
    assert.deepEqual(readable(span).endTime, [1_700_000_010, 0]);
    assert.deepEqual(readable(span).duration, [0, 0]);
    assert.equal(logs.find('before its start').length, 1);
  });

  it('computes the duration from exact tuples', () => {
    const { tracer } = setup();
    const span = tracer.startSpan('s', { startTime: [1_700_000_000, 999_999_999] });
    span.end([1_700_000_002, 1]);
    assert.deepEqual(readable(span).startTime, [1_700_000_000, 999_999_999]);
    assert.deepEqual(readable(span).endTime, [1_700_000_002, 1]);
    assert.deepEqual(readable(span).duration, [1, 2]);
  });

  it('reports endTime [0, 0] and duration [-1, -1] before end', () => {
    const { tracer } = setup();
    const span = tracer.startSpan('s');
    assert.deepEqual(readable(span).endTime, [0, 0]);
    assert.deepEqual(readable(span).duration, [-1, -1]);
  });

  it('does not throw into the application when a processor throws', () => {
    const logs = captureDiag();
    const provider = new TracerProvider(
      {
        spanProcessors: [
          {
            onStart() {
              throw new Error('start');
            },
            onEnd() {
              throw new Error('end');
            },
            forceFlush: () => Promise.resolve(),
            shutdown: () => Promise.resolve(),
          },
        ],
      },
      {}
    );
    const span = provider.getTracer('t').startSpan('s');
    span.end();
    assert.equal(logs.find('onStart', 'error').length, 1);
    assert.equal(logs.find('onEnd', 'error').length, 1);
  });
});

describe('RecordingSpan as ReadableSpan', () => {
  it('exposes the OpenTelemetry JS 2.x field names', () => {
    const { tracer, provider } = setup();
    const span = tracer.startSpan('s', { kind: SpanKind.SERVER });
    span.end();
    const r = readable(span);
    assert.equal(r.name, 's');
    assert.equal(r.kind, SpanKind.SERVER);
    assert.equal(r.parentSpanContext, undefined);
    assert.equal(r.resource, provider.resource);
    assert.deepEqual(r.instrumentationScope, { name: 'test', version: '1.0.0' });
    assert.equal(r.droppedAttributesCount, 0);
    assert.equal(r.droppedEventsCount, 0);
    assert.equal(r.droppedLinksCount, 0);
    assert.equal(r.startTime.length, 2);
    assert.ok(Number.isInteger(r.startTime[1]) && r.startTime[1] >= 0 && r.startTime[1] < 1e9);
    assert.ok(r.duration[0] >= 0 && r.duration[1] >= 0);
  });

  it('builds the span context once and exposes the id bytes that match it', () => {
    const { tracer } = setup();
    const span = tracer.startSpan('s');
    const sc = span.spanContext();
    assert.equal(span.spanContext(), sc, 'cached');
    assert.match(sc.traceId, /^[0-9a-f]{32}$/);
    assert.match(sc.spanId, /^[0-9a-f]{16}$/);
    assert.equal(sc.traceFlags, TraceFlags.SAMPLED | TraceFlags.RANDOM);
    const { idBytes, idOffset } = span as unknown as { idBytes: Uint8Array; idOffset: number };
    assert.ok(idBytes instanceof Uint8Array);
    assert.equal(Buffer.from(idBytes.buffer, idBytes.byteOffset + idOffset, 16).toString('hex'), sc.traceId);
    assert.equal(Buffer.from(idBytes.buffer, idBytes.byteOffset + idOffset + 16, 8).toString('hex'), sc.spanId);
  });
});
