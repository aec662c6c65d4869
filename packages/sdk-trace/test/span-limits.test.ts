import { describe, it, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { diag } from '@spool/api';
import type { Span } from '@spool/api';
import { TracerProvider } from '../src/index.js';
import type { GeneralLimits, ReadableSpan, SpanLimits } from '../src/index.js';
import { captureDiag } from './helpers.js';

const r = (s: Span) => s as unknown as ReadableSpan;

function span(env: Record<string, string>, spanLimits?: SpanLimits, generalLimits?: GeneralLimits): Span {
  return new TracerProvider({ spanLimits, generalLimits }, env).getTracer('t').startSpan('s');
}

function fill(s: Span, n: number): void {
  for (let i = 0; i < n; i++) s.setAttribute(`k${i}`, i);
}

afterEach(() => diag.disable());

describe('span limits', () => {
  it('default to 128 attributes, events and links and no value-length limit', () => {
    const s = span({});
    fill(s, 130);
    for (let i = 0; i < 130; i++) s.addEvent(`e${i}`);
    for (let i = 0; i < 130; i++) s.addLink({ context: s.spanContext() });
    s.setAttribute('long', 'x'.repeat(100_000));
    assert.equal(Object.keys(r(s).attributes).length, 128);
    assert.equal(r(s).droppedAttributesCount, 3);
    assert.equal(r(s).events.length, 128);
    assert.equal(r(s).droppedEventsCount, 2);
    assert.equal(r(s).links.length, 128);
    assert.equal(r(s).droppedLinksCount, 2);
    const e = span({});
    e.addEvent('many', Object.fromEntries(Array.from({ length: 130 }, (_, i) => [`a${i}`, i])));
    assert.equal(r(e).events[0]!.droppedAttributesCount, 2);
  });

  it('allow overwriting an existing key at the limit', () => {
    const s = span({}, { attributeCountLimit: 2 });
    fill(s, 2);
    s.setAttribute('k0', 'new');
    s.setAttribute('k9', 'dropped');
    assert.deepEqual(r(s).attributes, { k0: 'new', k1: 1 });
    assert.equal(r(s).droppedAttributesCount, 1);
  });

  it('truncate strings and strings inside arrays to the value length limit', () => {
    const s = span({}, { attributeValueLengthLimit: 3 });
    s.setAttribute('s', 'abcdef');
    s.setAttribute('a', ['abcdef', 'xy', null]);
    s.setAttribute('n', 123456);
    s.setAttribute('b', [true, false]);
    assert.deepEqual(r(s).attributes, { s: 'abc', a: ['abc', 'xy', null], n: 123456, b: [true, false] });
  });

  it('do not split a surrogate pair when truncating', () => {
    const s = span({}, { attributeValueLengthLimit: 2 });
    s.setAttribute('emoji', 'a😀b');
    assert.equal(r(s).attributes['emoji'], 'a');
  });

  it('truncate to empty strings with a limit of 0 and drop all attributes with a count of 0', () => {
    const s = span({}, { attributeValueLengthLimit: 0 });
    s.setAttribute('s', 'abc');
    assert.equal(r(s).attributes['s'], '');
    const z = span({}, { attributeCountLimit: 0 });
    z.setAttribute('a', 1);
    assert.deepEqual(r(z).attributes, {});
    assert.equal(r(z).droppedAttributesCount, 1);
  });

  it('warn once per span when attributes are dropped for the limit', () => {
    const logs = captureDiag();
    const s = span({}, { attributeCountLimit: 1 });
    fill(s, 5);
    assert.equal(logs.find('attributeCountLimit=1').length, 1);
  });

  it('read the span-specific OTEL_* variables', () => {
    const s = span({
      OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT: '2',
      OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT: '4',
      OTEL_SPAN_EVENT_COUNT_LIMIT: '1',
      OTEL_SPAN_LINK_COUNT_LIMIT: '1',
      OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT: '1',
      OTEL_LINK_ATTRIBUTE_COUNT_LIMIT: '1',
    });
    fill(s, 3);
    s.setAttribute('k0', 'abcdefg');
    s.addEvent('e1', { a: 1, b: 2 });
    s.addEvent('e2');
    s.addLink({ context: s.spanContext(), attributes: { a: 1, b: 2 } });
    s.addLink({ context: s.spanContext(), attributes: { a: 1, b: 2 } });
    assert.deepEqual(r(s).attributes, { k0: 'abcd', k1: 1 });
    assert.equal(r(s).events.length, 1);
    assert.equal(r(s).droppedEventsCount, 1);
    assert.equal(r(s).links.length, 1);
    assert.equal(r(s).links[0]!.droppedAttributesCount, 1);
  });

  it('fall back to the general OTEL_ATTRIBUTE_* variables', () => {
    const s = span({ OTEL_ATTRIBUTE_COUNT_LIMIT: '1', OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT: '2' });
    fill(s, 2);
    s.setAttribute('k0', 'abc');
    s.addEvent('e', { a: 1, b: 2 });
    assert.deepEqual(r(s).attributes, { k0: 'ab' });
    assert.equal(r(s).events[0]!.droppedAttributesCount, 1, 'event attributes follow the general count limit');
  });

  it('prefer span-specific variables over general ones and code options over both', () => {
    const env = { OTEL_ATTRIBUTE_COUNT_LIMIT: '1', OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT: '2' };
    const a = span(env);
    fill(a, 5);
    assert.equal(Object.keys(r(a).attributes).length, 2);
    const b = span(env, undefined, { attributeCountLimit: 3 });
    fill(b, 5);
    assert.equal(Object.keys(r(b).attributes).length, 3);
    const c = span(env, { attributeCountLimit: 4 }, { attributeCountLimit: 3 });
    fill(c, 5);
    assert.equal(Object.keys(r(c).attributes).length, 4);
  });

  it('ignore bad OTEL_* values with one warning naming the variable and use the default', () => {
    const logs = captureDiag();
    const s = span({ OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT: 'lots', OTEL_SPAN_EVENT_COUNT_LIMIT: '-1', OTEL_SPAN_LINK_COUNT_LIMIT: '1.5' });
    fill(s, 130);
    assert.equal(Object.keys(r(s).attributes).length, 128);
    assert.equal(logs.find('OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT="lots"').length, 1);
    assert.equal(logs.find('OTEL_SPAN_EVENT_COUNT_LIMIT').length, 1);
    assert.equal(logs.find('OTEL_SPAN_LINK_COUNT_LIMIT').length, 1);
  });

  it('accept Infinity as a value-length limit in code', () => {
    const s = span({ OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT: '1' }, { attributeValueLengthLimit: Infinity });
    s.setAttribute('s', 'abc');
    assert.equal(r(s).attributes['s'], 'abc');
  });
});
