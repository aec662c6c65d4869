import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ROOT_CONTEXT,
  TraceFlags,
  createTraceState,
  defaultTextMapGetter,
  defaultTextMapSetter,
  suppressTracing,
  trace,
  type Context,
  type SpanContext,
  type TraceState,
} from '@spool/api';
import { W3CTraceContextPropagator } from '../src/index.js';
import { captureDiag } from './capture-diag.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN_ID = '00f067aa0ba902b7';
const VALID = `00-${TRACE_ID}-${SPAN_ID}-01`;

const propagator = new W3CTraceContextPropagator();

function withSpanContext(sc: Partial<SpanContext>, ctx: Context = ROOT_CONTEXT): Context {
  return trace.setSpanContext(ctx, { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: TraceFlags.SAMPLED, ...sc });
}

function inject(ctx: Context): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagator.inject(ctx, carrier, defaultTextMapSetter);
  return carrier;
}

function extract(carrier: Record<string, unknown>): SpanContext | undefined {
  return trace.getSpanContext(propagator.extract(ROOT_CONTEXT, carrier, defaultTextMapGetter));
}

describe('W3CTraceContextPropagator inject', () => {
  it('writes version 00, the ids and the flags as two hex digits', () => {
    assert.deepEqual(inject(withSpanContext({})), { traceparent: VALID });
    assert.equal(inject(withSpanContext({ traceFlags: TraceFlags.NONE })).traceparent, `00-${TRACE_ID}-${SPAN_ID}-00`);
  });

  it('keeps the level 2 random flag and sets unknown flag bits to zero', () => {
    assert.equal(inject(withSpanContext({ traceFlags: 0x02 })).traceparent, `00-${TRACE_ID}-${SPAN_ID}-02`);
    assert.equal(inject(withSpanContext({ traceFlags: 0x03 })).traceparent, `00-${TRACE_ID}-${SPAN_ID}-03`);
    assert.equal(inject(withSpanContext({ traceFlags: 0xff })).traceparent, `00-${TRACE_ID}-${SPAN_ID}-03`);
    assert.equal(inject(withSpanContext({ traceFlags: 0x84 })).traceparent, `00-${TRACE_ID}-${SPAN_ID}-00`);
    assert.equal(inject(withSpanContext({ traceFlags: undefined as unknown as number })).traceparent, `00-${TRACE_ID}-${SPAN_ID}-00`);
  });

  it('writes nothing without a span context, with invalid ids, or when tracing is suppressed', () => {
    assert.deepEqual(inject(ROOT_CONTEXT), {});
    for (const bad of [
      { traceId: TRACE_ID.toUpperCase() },
      { traceId: '0'.repeat(32) },
      { traceId: TRACE_ID.slice(1) },
      { spanId: '0'.repeat(16) },
      { spanId: SPAN_ID + '0' },
      { spanId: '00f067aa0ba902b\n' },
      { traceId: 42 as unknown as string },
    ]) {
      assert.deepEqual(inject(withSpanContext(bad)), {}, JSON.stringify(bad));
    }
    assert.deepEqual(inject(suppressTracing(withSpanContext({}))), {});
  });

  it('writes tracestate only when it is not empty', () => {
    assert.deepEqual(inject(withSpanContext({ traceState: createTraceState('') })), { traceparent: VALID });
    assert.deepEqual(inject(withSpanContext({ traceState: createTraceState('rojo=1,congo=2') })), {
      traceparent: VALID,
      tracestate: 'rojo=1,congo=2',
    });
  });

  it('drops a foreign tracestate that would inject invalid characters, keeping the traceparent', async () => {
    const evil: TraceState = {
      get: () => undefined,
      set() { return this; },
      unset() { return this; },
      serialize: () => 'a=1\r\nx-injected: yes',
    };
    const records = await captureDiag(() => {
      assert.deepEqual(inject(withSpanContext({ traceState: evil })), { traceparent: VALID });
    });
    assert.ok(records.some((r) => r.level === 'warn' && r.message.includes('tracestate')));
  });

  it('never throws when the setter or the span context throws', async () => {
    const throwingSetter = { set() { throw new Error('boom'); } };
    const weird = withSpanContext({ traceState: { serialize() { throw new Error('x'); } } as unknown as TraceState });
    await captureDiag(() => {
      assert.doesNotThrow(() => propagator.inject(withSpanContext({}), {}, throwingSetter));
      assert.doesNotThrow(() => propagator.inject(weird, {}, defaultTextMapSetter));
    });
  });
});

describe('W3CTraceContextPropagator extract', () => {
  it('extracts a remote span context with the sampled and random flags', () => {
    assert.deepEqual(
      { ...extract({ traceparent: VALID }) },
      { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: TraceFlags.SAMPLED, isRemote: true, traceState: undefined },
    );
    assert.equal(extract({ traceparent: `00-${TRACE_ID}-${SPAN_ID}-02` })?.traceFlags, 0x02);
    assert.equal(extract({ traceparent: `00-${TRACE_ID}-${SPAN_ID}-03` })?.traceFlags, 0x03);
    assert.equal(extract({ traceparent: `00-${TRACE_ID}-${SPAN_ID}-00` })?.traceFlags, 0x00);
  });

  it('keeps only the known flag bits of an extracted traceparent', () => {
    assert.equal(extract({ traceparent: `00-${TRACE_ID}-${SPAN_ID}-ff` })?.traceFlags, 0x03);
    assert.equal(extract({ traceparent: `00-${TRACE_ID}-${SPAN_ID}-09` })?.traceFlags, 0x01);
  });

  it('ignores surrounding spaces and tabs', () => {
    for (const v of [` ${VALID}`, `\t${VALID}`, `${VALID} `, `${VALID}\t`, `\t ${VALID} \t`]) {
      assert.equal(extract({ traceparent: v })?.traceId, TRACE_ID, JSON.stringify(v));
    }
  });

  it('accepts a higher version as the spec says and rejects version ff', () => {
    assert.equal(extract({ traceparent: `cc-${TRACE_ID}-${SPAN_ID}-01` })?.traceId, TRACE_ID);
    assert.equal(extract({ traceparent: `cc-${TRACE_ID}-${SPAN_ID}-01-what-the-future-will-be-like` })?.traceId, TRACE_ID);
    assert.equal(extract({ traceparent: `cc-${TRACE_ID}-${SPAN_ID}-01.what-the-future-will-be-like` }), undefined);
    assert.equal(extract({ traceparent: `ff-${TRACE_ID}-${SPAN_ID}-01` }), undefined);
  });

  const invalid: [string, string][] = [
    ['version 00 with a fifth field', `00-${TRACE_ID}-${SPAN_ID}-01-what-the-future-will-be-like`],
    ['version 00 with a trailing dot', `${VALID}.`],
    ['illegal version characters', `.0-${TRACE_ID}-${SPAN_ID}-01`],
    ['illegal version characters (2)', `0.-${TRACE_ID}-${SPAN_ID}-01`],
    ['upper-case version', `0A-${TRACE_ID}-${SPAN_ID}-01`],
    ['version too long', `000-${TRACE_ID}-${SPAN_ID}-01`],
    ['version too short', `0-${TRACE_ID}-${SPAN_ID}-01`],
    ['all-zero trace id', `00-${'0'.repeat(32)}-${SPAN_ID}-01`],
    ['illegal trace id characters', `00-.2345678901234567890123456789012-${SPAN_ID}-01`],
    ['upper-case trace id', `00-${TRACE_ID.toUpperCase()}-${SPAN_ID}-01`],
    ['trace id too long', `00-${TRACE_ID}0-${SPAN_ID}-01`],
    ['trace id too short', `00-${TRACE_ID.slice(1)}-${SPAN_ID}-01`],
    ['all-zero parent id', `00-${TRACE_ID}-${'0'.repeat(16)}-01`],
    ['illegal parent id characters', `00-${TRACE_ID}-.234567890123456-01`],
    ['parent id too long', `00-${TRACE_ID}-${SPAN_ID}0-01`],
    ['parent id too short', `00-${TRACE_ID}-${SPAN_ID.slice(1)}-01`],
    ['illegal flag characters', `00-${TRACE_ID}-${SPAN_ID}-.0`],
    ['illegal flag characters (2)', `00-${TRACE_ID}-${SPAN_ID}-0.`],
    ['upper-case flags', `00-${TRACE_ID}-${SPAN_ID}-0A`],
    ['flags too long', `00-${TRACE_ID}-${SPAN_ID}-001`],
    ['flags too short', `00-${TRACE_ID}-${SPAN_ID}-1`],
    ['wrong delimiters', `00_${TRACE_ID}_${SPAN_ID}_01`],
    ['empty', ''],
    ['inner whitespace', `00- ${TRACE_ID}-${SPAN_ID}-01`],
    ['non-ASCII', `00-${TRACE_ID.slice(0, 31)}\u00e9-${SPAN_ID}-01`],
  ];
  for (const [name, value] of invalid) {
    it(`ignores a traceparent with ${name}`, () => {
      const ctx = withSpanContext({ spanId: 'aaaaaaaaaaaaaaaa' });
      const out = propagator.extract(ctx, { traceparent: value }, defaultTextMapGetter);
      assert.equal(out, ctx, 'the context must be returned unchanged');
    });
  }

  it('ignores repeated traceparent headers and non-string values', () => {
    assert.equal(extract({ traceparent: [VALID, VALID.replace('36-', '37-')] }), undefined);
    assert.equal(extract({ traceparent: [VALID] })?.traceId, TRACE_ID);
    assert.equal(extract({ traceparent: 42 }), undefined);
    assert.equal(extract({ traceparent: { toString: () => VALID } }), undefined);
    assert.equal(extract({}), undefined);
  });

  it('reads header names case-insensitively through the getter', () => {
    assert.equal(extract({ TraceParent: VALID })?.traceId, TRACE_ID);
  });

  it('never throws when the getter throws', async () => {
    const throwing = { get() { throw new Error('boom'); }, keys: () => [] };
    await captureDiag(() => {
      assert.equal(propagator.extract(ROOT_CONTEXT, {}, throwing), ROOT_CONTEXT);
    });
  });

  it('lists traceparent and tracestate as its fields', () => {
    assert.deepEqual(propagator.fields(), ['traceparent', 'tracestate']);
  });
});

describe('W3CTraceContextPropagator tracestate', () => {
  function stateOf(tracestate: unknown): TraceState | undefined {
    return extract({ traceparent: VALID, tracestate })?.traceState;
  }
  function reinjected(tracestate: unknown): string | undefined {
    const ctx = propagator.extract(ROOT_CONTEXT, { traceparent: VALID, tracestate }, defaultTextMapGetter);
    return inject(ctx).tracestate;
  }

  it('propagates a valid tracestate unchanged', () => {
    assert.equal(reinjected('rojo=00f067aa0ba902b7,congo=t61rcWkgMzE'), 'rojo=00f067aa0ba902b7,congo=t61rcWkgMzE');
    assert.equal(stateOf('rojo=00f067aa0ba902b7,congo=t61rcWkgMzE')?.get('congo'), 't61rcWkgMzE');
  });

  it('combines several headers in order and removes optional whitespace and empty members', () => {
    assert.equal(reinjected(['foo=1,bar=2', 'rojo=1,congo=2', 'baz=3']), 'foo=1,bar=2,rojo=1,congo=2,baz=3');
    assert.equal(reinjected('foo=1 \t , \t bar=2, \t baz=3'), 'foo=1,bar=2,baz=3');
    assert.equal(reinjected(['', 'foo=1', '']), 'foo=1');
    assert.equal(reinjected(' , ,foo=1,,'), 'foo=1');
  });

  it('accepts an empty header and writes nothing back', () => {
    assert.equal(reinjected(''), undefined);
    assert.equal(reinjected(' \t '), undefined);
  });

  it('accepts every allowed key and value character, multi-tenant keys and keys of 256 characters', () => {
    const key = 'abcdefghijklmnopqrstuvwxyz0123456789_-*/';
    let value = '';
    for (let c = 0x20; c <= 0x7e; c++) if (c !== 0x2c && c !== 0x3d) value += String.fromCharCode(c);
    assert.equal(stateOf(`${key}=${value}`)?.get(key), value);
    assert.equal(stateOf(`${key}@a-z0-9_-*/=${value}`)?.get(`${key}@a-z0-9_-*/`), value);
    for (const k of ['foo@', 'foo@@bar', 'foo@bar@baz', 't'.repeat(241) + '@' + 'v'.repeat(14), 't@' + 'v'.repeat(15), 'z'.repeat(256), '0abc']) {
      assert.equal(stateOf(`${k}=1,bar=2`)?.get(k), '1', k);
    }
  });

  const invalid: [string, string | string[]][] = [
    ['a key with a space', 'foo =1'],
    ['an upper-case key', 'FOO=1'],
    ['a key with a dot', 'foo.bar=1'],
    ['a key starting with @', '@foo=1,bar=2'],
    ['a key of 257 characters', ['foo=1', 'z'.repeat(257) + '=1']],
    ['a value with =', 'foo=bar=baz'],
    ['an empty value', 'foo=,bar=3'],
    ['a value with a control character', 'foo=a b\u0001,bar=1'],
    ['a value of 257 characters', `foo=${'v'.repeat(257)}`],
    ['a member without =', 'foo,bar=1'],
    ['33 members', Array.from({ length: 33 }, (_, i) => `bar${String(i + 1).padStart(2, '0')}=${i}`).join(',')],
    ['a non-string element', ['foo=1', 7 as unknown as string]],
    ['a control character', 'foo=1\r\nbar=2'],
  ];
  for (const [name, value] of invalid) {
    it(`drops a tracestate with ${name} and keeps the traceparent`, () => {
      const sc = extract({ traceparent: VALID, tracestate: value });
      assert.equal(sc?.traceId, TRACE_ID);
      assert.equal(sc?.traceState?.serialize() ?? '', '');
      assert.equal(reinjected(value), undefined);
    });
  }

  it('accepts exactly 32 members', () => {
    const members = Array.from({ length: 32 }, (_, i) => `bar${String(i + 1).padStart(2, '0')}=${i}`);
    assert.equal(reinjected([members.slice(0, 10).join(','), members.slice(10).join(',')]), members.join(','));
  });

  it('keeps duplicated keys as received', () => {
    assert.equal(reinjected('foo=1,foo=2'), 'foo=1,foo=2');
    assert.equal(stateOf('foo=1,foo=2')?.get('foo'), '1');
  });

  it('ignores a tracestate sent without a valid traceparent', () => {
    assert.equal(extract({ tracestate: 'foo=1' }), undefined);
    assert.equal(extract({ traceparent: `ff-${TRACE_ID}-${SPAN_ID}-01`, tracestate: 'foo=1' }), undefined);
  });

  it('sets a key at the front, replaces an existing key and unsets keys', () => {
    const ts = stateOf('rojo=1,congo=2')!;
    assert.equal(ts.set('congo', '3').serialize(), 'congo=3,rojo=1');
    assert.equal(ts.set('new', 'v').serialize(), 'new=v,rojo=1,congo=2');
    assert.equal(ts.unset('rojo').serialize(), 'congo=2');
    assert.equal(ts.unset('missing').serialize(), 'rojo=1,congo=2');
    assert.equal(ts.serialize(), 'rojo=1,congo=2', 'the original is unchanged');
    assert.equal(ts.get('rojo'), '1');
    assert.equal(ts.get('roj'), undefined);
  });

  it('refuses to set an invalid key or value', () => {
    const ts = stateOf('rojo=1')!;
    assert.equal(ts.set('Bad', 'v'), ts);
    assert.equal(ts.set('ok', 'a,b'), ts);
    assert.equal(ts.set('ok', 'a\r\nb'), ts);
    assert.equal(ts.set('ok', ''), ts);
    assert.equal(ts.set('ok', 'trailing '), ts);
  });

  it('drops the right-most member when a set would exceed 32 members', () => {
    const members = Array.from({ length: 32 }, (_, i) => `k${i}=${i}`);
    const ts = stateOf(members.join(','))!.set('new', 'v');
    const out = ts.serialize().split(',');
    assert.equal(out.length, 32);
    assert.equal(out[0], 'new=v');
    assert.equal(out[31], 'k30=30');
  });

  it('treats a tracestate that turned out invalid as empty when changed', () => {
    const ts = stateOf('foo=1,BAD=2')!;
    assert.equal(ts.get('foo'), undefined);
    assert.equal(ts.set('x', '1').serialize(), 'x=1');
  });
});

describe('W3CTraceContextPropagator and createTraceState', () => {
  // One grammar: the propagator builds its lists with @spool/api's
  // createTraceState, whose own tests hold the table of the spec's cases.
  const raws = [
    'rojo=00f067aa0ba902b7,congo=t61rcWkgMzE',
    ' a=1 ,\tb=2\t, c=3 ',
    'a=1,,, b=2,',
    '0abc=1,foo@=2,foo@@bar=3,foo@bar@baz=4',
    `${'t'.repeat(241)}@${'v'.repeat(14)}=1,t@${'v'.repeat(15)}=2`,
    'foo=1,foo=2',
    'k=  leading spaces',
    'FOO=1,bar=2',
    '@foo=1,bar=2',
    'foo=,bar=3',
    'foo=bar=baz',
    `foo=1,${'z'.repeat(257)}=1`,
    Array.from({ length: 33 }, (_, i) => `k${i}=${i}`).join(','),
  ];
  for (const raw of raws) {
    it(`propagates what createTraceState makes of ${JSON.stringify(raw.slice(0, 40))}`, () => {
      const expected = createTraceState(raw).serialize();
      assert.equal(reinjectedState(raw) ?? '', expected);
    });
  }

  it('extracts a list of the API class, which inject writes without checking it again', () => {
    const ctx = propagator.extract(ROOT_CONTEXT, { traceparent: VALID, tracestate: 'a=1' }, defaultTextMapGetter);
    const ts = trace.getSpanContext(ctx)?.traceState;
    assert.equal(Object.getPrototypeOf(ts), Object.getPrototypeOf(createTraceState()));
  });

  it('still writes the traceparent for an object that only borrows the API class prototype', async () => {
    const fake = Object.create(Object.getPrototypeOf(createTraceState())) as TraceState;
    await captureDiag(() => {
      assert.deepEqual(inject(withSpanContext({ traceState: fake })), { traceparent: VALID });
    });
  });

  it('still writes the traceparent when a foreign tracestate throws', async () => {
    const weird = withSpanContext({ traceState: { serialize() { throw new Error('x'); } } as unknown as TraceState });
    await captureDiag(() => {
      assert.deepEqual(inject(weird), { traceparent: VALID });
    });
  });

  it('writes nothing for a foreign tracestate that is blank, without a warning', async () => {
    const blank: TraceState = { get: () => undefined, set() { return this; }, unset() { return this; }, serialize: () => ' , ' };
    const records = await captureDiag(() => {
      assert.deepEqual(inject(withSpanContext({ traceState: blank })), { traceparent: VALID });
    });
    assert.ok(!records.some((r) => r.level === 'warn'));
  });
});

function reinjectedState(tracestate: string): string | undefined {
  const ctx = propagator.extract(ROOT_CONTEXT, { traceparent: VALID, tracestate }, defaultTextMapGetter);
  return inject(ctx).tracestate;
}
