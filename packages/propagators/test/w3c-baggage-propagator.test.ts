import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ROOT_CONTEXT,
  baggageEntryMetadataFromString,
  defaultTextMapGetter,
  defaultTextMapSetter,
  propagation,
  suppressTracing,
  type Baggage,
  type BaggageEntry,
  type Context,
} from '@spool/api';
import { BAGGAGE_MAX_BYTES, BAGGAGE_MAX_MEMBERS, W3CBaggagePropagator } from '../src/index.js';
import { captureDiag } from './capture-diag.js';

const propagator = new W3CBaggagePropagator();

function ctxWith(entries: Record<string, BaggageEntry>): Context {
  return propagation.setBaggage(ROOT_CONTEXT, propagation.createBaggage(entries));
}

function inject(ctx: Context): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagator.inject(ctx, carrier, defaultTextMapSetter);
  return carrier;
}

function extract(carrier: Record<string, unknown>): Baggage | undefined {
  return propagation.getBaggage(propagator.extract(ROOT_CONTEXT, carrier, defaultTextMapGetter));
}

function values(b: Baggage | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, e] of b?.getAllEntries() ?? []) out[k] = e.value;
  return out;
}

describe('W3CBaggagePropagator inject', () => {
  it('writes members joined by commas, percent-encoding what is outside baggage-octet', () => {
    const out = inject(ctxWith({ userId: { value: 'Amélie' }, serverNode: { value: 'DF 28' }, isProduction: { value: 'false' } }));
    assert.deepEqual(out, { baggage: 'userId=Am%C3%A9lie,serverNode=DF%2028,isProduction=false' });
  });

  it('encodes percent, comma, semicolon, quote, backslash, control characters and lone surrogates', () => {
    const out = inject(ctxWith({ k: { value: '50%,a;b"c\\d\r\ne\ud800' } })).baggage!;
    assert.equal(out, 'k=50%25%2Ca%3Bb%22c%5Cd%0D%0Ae%EF%BF%BD');
    assert.ok(!/[\r\n]/.test(out));
  });

  it('encodes ASCII-only values inline and round-trips them', () => {
    const value = '50%,a;b"c\\d\r\ne f\t\u0000';
    const out = inject(ctxWith({ k: { value } })).baggage!;
    assert.equal(out, 'k=50%25%2Ca%3Bb%22c%5Cd%0D%0Ae%20f%09%00');
    assert.equal(extract({ baggage: out })!.getEntry('k')?.value, value);
  });

  it('writes metadata after a semicolon and keeps the entry when the metadata is invalid', async () => {
    assert.equal(
      inject(ctxWith({ k: { value: 'v', metadata: baggageEntryMetadataFromString('p1;p2=x') } })).baggage,
      'k=v;p1;p2=x',
    );
    const records = await captureDiag(() => {
      assert.equal(
        inject(ctxWith({ k: { value: 'v', metadata: baggageEntryMetadataFromString('p=1\r\nevil: 1') } })).baggage,
        'k=v',
      );
    });
    assert.ok(records.some((r) => r.level === 'warn' && r.message.includes('metadata')));
  });

  it('drops entries whose key is not a token and keeps the others', async () => {
    const records = await captureDiag(() => {
      assert.equal(inject(ctxWith({ 'bad key': { value: '1' }, 'bad\r\nkey': { value: '1' }, good: { value: '2' } })).baggage, 'good=2');
    });
    assert.equal(records.filter((r) => r.message.includes('token')).length, 1, 'reported once');
  });

  it('drops members beyond 180 and beyond 8192 bytes, never truncating one', () => {
    const many: Record<string, BaggageEntry> = {};
    for (let i = 0; i < 200; i++) many[`k${i}`] = { value: 'v' };
    const out = inject(ctxWith(many)).baggage!;
    assert.equal(out.split(',').length, BAGGAGE_MAX_MEMBERS);

    const big = inject(ctxWith({ a: { value: 'x'.repeat(5000) }, b: { value: 'y'.repeat(5000) }, c: { value: 'z' } })).baggage!;
    assert.equal(big, `a=${'x'.repeat(5000)},c=z`);
    assert.ok(big.length <= BAGGAGE_MAX_BYTES);
  });

  it('propagates a single member of up to 8192 bytes', () => {
    const value = 'x'.repeat(BAGGAGE_MAX_BYTES - 2);
    assert.equal(inject(ctxWith({ k: { value } })).baggage, `k=${value}`);
    assert.deepEqual(inject(ctxWith({ k: { value: value + 'x' } })), {});
  });

  it('writes nothing for empty baggage, no baggage, or when tracing is suppressed', () => {
    assert.deepEqual(inject(ctxWith({})), {});
    assert.deepEqual(inject(ROOT_CONTEXT), {});
    assert.deepEqual(inject(suppressTracing(ctxWith({ k: { value: 'v' } }))), {});
  });

  it('lists baggage as its field', () => {
    assert.deepEqual(propagator.fields(), ['baggage']);
  });
});

describe('W3CBaggagePropagator extract', () => {
  it('decodes percent-encoded values', () => {
    assert.deepEqual(values(extract({ baggage: 'userId=Am%C3%A9lie,serverNode=DF%2028,isProduction=false' })), {
      userId: 'Amélie',
      serverNode: 'DF 28',
      isProduction: 'false',
    });
  });

  it('trims optional whitespace around keys, values and members, and combines repeated headers', () => {
    assert.deepEqual(values(extract({ baggage: ['userId =   alice', 'serverNode = DF%2028, isProduction = false'] })), {
      userId: 'alice',
      serverNode: 'DF 28',
      isProduction: 'false',
    });
    assert.deepEqual(values(extract({ baggage: '\tk1=v1\t,\t k2 \t= v2 ' })), { k1: 'v1', k2: 'v2' });
  });

  it('keeps properties as the entry metadata', () => {
    const b = extract({ baggage: 'key1=value1;property1;property2, key3=value3; propertyKey=propertyValue' })!;
    assert.equal(b.getEntry('key1')?.value, 'value1');
    assert.equal(b.getEntry('key1')?.metadata?.toString(), 'property1;property2');
    assert.equal(b.getEntry('key3')?.metadata?.toString(), 'propertyKey=propertyValue');
  });

  it('accepts an empty value and a bare trailing semicolon', () => {
    assert.deepEqual(values(extract({ baggage: 'a=,b=2;' })), { a: '', b: '2' });
    assert.equal(extract({ baggage: 'b=2;' })!.getEntry('b')?.metadata, undefined);
  });

  it('skips invalid members without dropping the others', async () => {
    await captureDiag(() => {
      assert.deepEqual(
        values(extract({ baggage: 'ok1=1,no-equals,=novalue,bad key=1,k="quoted",k2=a b,k3=v;=bad,ok2=2,k4=v\u00e9,k5=\r\n' })),
        { ok1: '1', ok2: '2' },
      );
    });
  });

  it('replaces invalid UTF-8 with U+FFFD and keeps a percent sign that does not start an escape', () => {
    assert.deepEqual(values(extract({ baggage: 'a=%FF%FE,b=100%,c=%e2%82%ac,d=%zz' })), {
      a: '\ufffd\ufffd',
      b: '100%',
      c: '\u20ac',
      d: '%zz',
    });
  });

  it('decodes ASCII and multi-byte escapes in one value', () => {
    assert.deepEqual(values(extract({ baggage: 'a=x%2C%C3%A9%25,b=%41%42%43,c=%2,d=%' })), { a: 'x,é%', b: 'ABC', c: '%2', d: '%' });
  });

  it('treats a __proto__ key as an ordinary entry', () => {
    const b = extract({ baggage: '__proto__=polluted,constructor=x' })!;
    assert.equal(b.getEntry('__proto__')?.value, 'polluted');
    assert.equal(b.getEntry('constructor')?.value, 'x');
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
  });

  it('stops at 180 members and skips members that would exceed 8192 bytes', () => {
    const many = Array.from({ length: 200 }, (_, i) => `k${i}=v`).join(',');
    assert.equal(extract({ baggage: many })!.getAllEntries().length, BAGGAGE_MAX_MEMBERS);
    const big = `a=${'x'.repeat(5000)},b=${'y'.repeat(5000)},c=z`;
    assert.deepEqual(Object.keys(values(extract({ baggage: big }))), ['a', 'c']);
    const whole = `k=${'x'.repeat(BAGGAGE_MAX_BYTES - 2)}`;
    assert.equal(extract({ baggage: whole })!.getEntry('k')?.value.length, BAGGAGE_MAX_BYTES - 2);
  });

  it('leaves the context unchanged when no member is valid or the header is not a string', () => {
    const ctx = propagation.setBaggage(ROOT_CONTEXT, propagation.createBaggage({ existing: { value: '1' } }));
    for (const baggage of ['', ' , ', 'garbage', 42, ['a=1', 3], null]) {
      assert.equal(propagator.extract(ctx, { baggage }, defaultTextMapGetter), ctx, JSON.stringify(baggage));
    }
  });

  it('replaces the baggage already in the context', () => {
    const ctx = propagation.setBaggage(ROOT_CONTEXT, propagation.createBaggage({ existing: { value: '1' } }));
    assert.deepEqual(values(propagation.getBaggage(propagator.extract(ctx, { baggage: 'k=v' }, defaultTextMapGetter))), { k: 'v' });
  });

  it('round-trips entries, values and metadata', () => {
    const ctx = ctxWith({
      'key!#$&*+-.^_`|~': { value: ' lead, ;trail=\\ é\u{1F600}', metadata: baggageEntryMetadataFromString('p;q=1') },
      plain: { value: 'v' },
    });
    const b = extract(inject(ctx))!;
    assert.equal(b.getEntry('key!#$&*+-.^_`|~')?.value, ' lead, ;trail=\\ é\u{1F600}');
    assert.equal(b.getEntry('key!#$&*+-.^_`|~')?.metadata?.toString(), 'p;q=1');
    assert.equal(b.getEntry('plain')?.value, 'v');
  });
});

describe('W3CBaggagePropagator extracted baggage', () => {
  const header = 'a=1;p=x, b = %41%20b ,bad key=1,c=';

  it('behaves as a baggage made with createBaggage from the same entries', () => {
    const b = extract({ baggage: header })!;
    const reference = propagation.createBaggage({
      a: { value: '1', metadata: baggageEntryMetadataFromString('p=x') },
      b: { value: 'A b' },
      c: { value: '' },
    });
    const show = (x: Baggage) => x.getAllEntries().map(([k, e]) => [k, e.value, e.metadata?.toString()]);
    assert.deepEqual(show(b), show(reference));
    assert.equal(b.getEntry('b')?.value, 'A b');
    assert.equal(b.getEntry('missing'), undefined);
    assert.deepEqual(show(b.setEntry('d', { value: '4' })), show(reference.setEntry('d', { value: '4' })));
    assert.deepEqual(show(b.removeEntry('a')), show(reference.removeEntry('a')));
    assert.deepEqual(show(b.removeEntries('a', 'c')), show(reference.removeEntries('a', 'c')));
    assert.deepEqual(b.clear().getAllEntries(), []);
  });

  it('is immutable: setters return new baggage and handed-out entries are copies', () => {
    const b = extract({ baggage: header })!;
    const next = b.setEntry('a', { value: 'changed' });
    assert.equal(b.getEntry('a')?.value, '1');
    assert.equal(next.getEntry('a')?.value, 'changed');
    const entry = b.getEntry('a')!;
    entry.value = 'mutated';
    b.getAllEntries()[0]![1].value = 'mutated';
    assert.equal(b.getEntry('a')?.value, '1');
  });

  it('reports malformed members during extract, before the entries are read', async () => {
    const p = new W3CBaggagePropagator();
    const records = await captureDiag(() => {
      p.extract(ROOT_CONTEXT, { baggage: 'ok=1,bad key=2' }, defaultTextMapGetter);
    });
    assert.ok(records.some((r) => r.level === 'debug' && r.message.includes('malformed baggage member')));
  });

  it('reads a long header with junk the same way', () => {
    const junk = ` ,${' '.repeat(20000)},`;
    const b = extract({ baggage: `k=v${junk}k2=v2` })!;
    assert.deepEqual(values(b), { k: 'v', k2: 'v2' });
  });

  it('re-injects what it extracted', () => {
    const ctx = propagator.extract(ROOT_CONTEXT, { baggage: header }, defaultTextMapGetter);
    assert.deepEqual(inject(ctx), { baggage: 'a=1;p=x,b=A%20b,c=' });
  });
});
