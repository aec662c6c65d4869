// Fuzz test of @spool/propagators: thousands of random and adversarial carriers
// and contexts, seeded so a failure reproduces (FUZZ_SEED=<n> to replay, FUZZ_CASES
// to run more). Asserts that no propagator throws, that inject writes only
// string values, and that nothing injected contains CR or LF.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as api from '@spool/api';
import {
  AwsXRayPropagator,
  B3InjectEncoding,
  B3Propagator,
  CompositePropagator,
  JaegerPropagator,
  W3CBaggagePropagator,
  W3CTraceContextPropagator,
} from '@spool/propagators';

const SEED = Number(process.env['FUZZ_SEED'] ?? 0x5eed5);
const CASES = Number(process.env['FUZZ_CASES'] ?? 4000);

/** mulberry32: a tiny, fast, seedable 32-bit PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN_ID = '00f067aa0ba902b7';
const VALID_HEADERS: Record<string, string> = {
  traceparent: `00-${TRACE_ID}-${SPAN_ID}-01`,
  tracestate: 'rojo=00f067aa0ba902b7,congo=t61rcWkgMzE',
  baggage: 'userId=alice,serverNode=DF%2028;p=1,isProduction=false',
  b3: `${TRACE_ID}-${SPAN_ID}-1-05e3ac9a4f6e3b90`,
  'x-b3-traceid': TRACE_ID,
  'x-b3-spanid': SPAN_ID,
  'x-b3-sampled': '1',
  'x-b3-flags': '1',
  'uber-trace-id': `${TRACE_ID}:${SPAN_ID}:0:01`,
  'uberctx-user': 'Am%C3%A9lie',
  'x-amzn-trace-id': `Root=1-4bf92f35-77b34da6a3ce929d0e0e4736;Parent=${SPAN_ID};Sampled=1`,
};
const NAMES = [...Object.keys(VALID_HEADERS), '__proto__', 'constructor', 'toString', 'Traceparent', 'UBERCTX-X', 'uberctx-__proto__', 'uberctx-', 'X-Amzn-Trace-Id'];
const ALPHABET = '0123456789abcdefABCDEF-:;=,%@ \t\r\n\0/*_.?d~"\\éÿ\u2028\ud800\udc00😀';

class Fuzzer {
  readonly rnd: () => number;
  constructor(seed: number) {
    this.rnd = prng(seed);
  }
  int(n: number): number {
    return Math.floor(this.rnd() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
  chars(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += this.rnd() < 0.8 ? ALPHABET[this.int(ALPHABET.length)]! : String.fromCharCode(this.int(0x10000));
    return s;
  }
  /** A valid header with a few random edits: replaced, inserted or deleted characters, truncation, repetition. */
  mutate(s: string): string {
    let out = s;
    const edits = 1 + this.int(4);
    for (let e = 0; e < edits; e++) {
      const at = this.int(out.length + 1);
      switch (this.int(6)) {
        case 0: out = out.slice(0, at) + this.chars(1) + out.slice(at + 1); break;
        case 1: out = out.slice(0, at) + this.chars(1 + this.int(3)) + out.slice(at); break;
        case 2: out = out.slice(0, at) + out.slice(at + 1 + this.int(3)); break;
        case 3: out = out.slice(0, at); break;
        case 4: out = out + this.pick([',', ';', '-', ':']) + out; break;
        default: out = out.slice(0, at) + this.pick(['\r\n', '\n', '\r', '\0']) + out.slice(at); break;
      }
    }
    return out;
  }
  value(name: string): unknown {
    const valid = Object.hasOwn(VALID_HEADERS, name) ? VALID_HEADERS[name]! : VALID_HEADERS[this.pick(Object.keys(VALID_HEADERS))]!;
    switch (this.int(14)) {
      case 0: return valid;
      case 1: case 2: case 3: case 4: return this.mutate(valid);
      case 5: return this.chars(this.int(80));
      case 6: return this.rnd() < 0.1 ? valid.repeat(2000 + this.int(2000)) : this.chars(300 + this.int(3000));
      case 7: return [this.mutate(valid), valid];
      case 8: return Array.from({ length: this.int(200) }, () => this.pick([valid, this.chars(5), 7, null]));
      case 9: return this.pick([42, -0, NaN, true, null, undefined, Symbol('s'), 10n, () => valid]);
      case 10: return { toString: () => valid, valueOf: () => { throw new Error('valueOf'); } };
      case 11: return [];
      case 12: return `${' \t'.repeat(this.int(50))}${valid}${' \t'.repeat(this.int(50))}`;
      default: return Object.assign(Object.create(null), { 0: valid });
    }
  }
  carrier(): Record<string, unknown> {
    const kind = this.int(10);
    let c: Record<string, unknown>;
    if (kind === 0) c = Object.create(null) as Record<string, unknown>;
    else if (kind === 1) c = JSON.parse('{"__proto__": {"traceparent": "polluted"}, "constructor": {"prototype": {"x": 1}}}') as Record<string, unknown>;
    else c = {};
    const n = this.int(8);
    for (let i = 0; i < n; i++) {
      const name = this.pick(NAMES);
      if (this.rnd() < 0.03) {
        Object.defineProperty(c, name, { enumerable: true, configurable: true, get() { throw new Error('hostile getter'); } });
      } else {
        Object.defineProperty(c, name, { enumerable: true, configurable: true, writable: true, value: this.value(name) });
      }
    }
    return c;
  }
  id(len: number): string {
    switch (this.int(6)) {
      case 0: return this.chars(len);
      case 1: return '0'.repeat(len);
      case 2: return TRACE_ID.slice(0, len - 1) + '\n';
      default: return (TRACE_ID + TRACE_ID).slice(0, len);
    }
  }
  context(): api.Context {
    let ctx = api.ROOT_CONTEXT;
    if (this.rnd() < 0.8) {
      const serialized = this.rnd() < 0.5 ? this.mutate(VALID_HEADERS['tracestate']!) : VALID_HEADERS['tracestate']!;
      const traceState: api.TraceState = {
        get: () => undefined,
        set() { return this; },
        unset() { return this; },
        serialize: () => serialized,
      };
      ctx = api.trace.setSpanContext(ctx, {
        traceId: this.rnd() < 0.5 ? TRACE_ID : this.id(32),
        spanId: this.rnd() < 0.5 ? SPAN_ID : this.id(16),
        traceFlags: this.pick([0, 1, 2, 3, 0xff, -1, NaN, 2 ** 40]),
        traceState: this.rnd() < 0.5 ? traceState : undefined,
      });
    }
    if (this.rnd() < 0.7) {
      const entries: Record<string, api.BaggageEntry> = {};
      const n = this.int(6);
      for (let i = 0; i < n; i++) {
        const key = this.rnd() < 0.5 ? this.pick(['k', 'user-id', '__proto__', 'a b', 'k\r\n', 'é']) : this.chars(1 + this.int(10));
        entries[key] = {
          value: this.rnd() < 0.1 ? 'x'.repeat(this.int(20000)) : this.chars(this.int(30)),
          ...(this.rnd() < 0.3 ? { metadata: api.baggageEntryMetadataFromString(this.rnd() < 0.5 ? 'p;q=1' : this.chars(10)) } : {}),
        };
      }
      ctx = api.propagation.setBaggage(ctx, api.propagation.createBaggage(entries));
    }
    if (this.rnd() < 0.2) ctx = ctx.setValue(Symbol.for('OpenTelemetry Context Key B3 Debug Flag'), this.pick(['d', '1', true, {}]));
    return ctx;
  }
}

const propagators: [string, api.TextMapPropagator][] = [
  ['tracecontext', new W3CTraceContextPropagator()],
  ['baggage', new W3CBaggagePropagator()],
  ['b3', new B3Propagator()],
  ['b3multi', new B3Propagator({ injectEncoding: B3InjectEncoding.MULTI_HEADER })],
  ['jaeger', new JaegerPropagator()],
  ['xray', new AwsXRayPropagator()],
];
propagators.push(['composite', new CompositePropagator({ propagators: propagators.map(([, p]) => p) })]);

/** A getter that hands back whatever the carrier holds, not only strings. */
const rawGetter: api.TextMapGetter = {
  get: (c: Record<string, unknown>, k: string) => c[k] as string,
  keys: (c: Record<string, unknown>) => Object.keys(c),
};

/** A setter that records every write and checks it. */
function checkingSetter(where: () => string): api.TextMapSetter<Record<string, string>> {
  return {
    set(carrier, key, value) {
      assert.equal(typeof key, 'string', `non-string key injected ${where()}`);
      assert.equal(typeof value, 'string', `non-string value injected for ${key} ${where()}`);
      assert.ok(!/[\r\n]/.test(key), `CR/LF in an injected header name ${JSON.stringify(key)} ${where()}`);
      assert.ok(!/[\r\n]/.test(value), `CR/LF in injected ${key}: ${JSON.stringify(value.slice(0, 200))} ${where()}`);
      carrier[key] = value;
    },
  };
}

describe('propagators fuzz', () => {
  it(`survive ${CASES} random and adversarial carriers and contexts (seed ${SEED})`, () => {
    // Malformed input is reported through diag; keep the test output quiet.
    api.diag.disable();
    const f = new Fuzzer(SEED);
    let extracted = 0;
    let injected = 0;
    for (let i = 0; i < CASES; i++) {
      const where = () => `(case ${i}, FUZZ_SEED=${SEED})`;
      const carrier = f.carrier();
      for (const [name, p] of propagators) {
        for (const getter of [api.defaultTextMapGetter, rawGetter]) {
          let ctx: api.Context = api.ROOT_CONTEXT;
          assert.doesNotThrow(() => {
            ctx = p.extract(api.ROOT_CONTEXT, carrier, getter);
          }, `${name} extract threw ${where()}`);
          assert.ok(ctx && typeof ctx.getValue === 'function', `${name} extract returned no context ${where()}`);
          if (ctx !== api.ROOT_CONTEXT) extracted++;
          // Re-inject what was extracted: nothing malformed may come back out.
          const out: Record<string, string> = {};
          assert.doesNotThrow(() => p.inject(ctx, out, checkingSetter(where)), `${name} re-inject threw ${where()}`);
          if (Object.keys(out).length > 0) injected++;
        }
        // Inject an adversarial context.
        const out: Record<string, string> = {};
        assert.doesNotThrow(() => p.inject(f.context(), out, checkingSetter(where)), `${name} inject threw ${where()}`);
        assert.doesNotThrow(() => p.fields(), `${name} fields threw ${where()}`);
      }
    }
    // The fuzzer must also reach the success paths, or it proves little.
    assert.ok(extracted > CASES, `only ${extracted} successful extracts`);
    assert.ok(injected > CASES, `only ${injected} re-injects wrote headers`);
  });

  it('never throws on carriers, getters and setters that are not objects or that throw', () => {
    api.diag.disable();
    const throwingGetter = { get() { throw new Error('get'); }, keys() { throw new Error('keys'); } } as api.TextMapGetter;
    const throwingSetter = { set() { throw new Error('set'); } } as api.TextMapSetter;
    const ctx = api.propagation.setBaggage(
      api.trace.setSpanContext(api.ROOT_CONTEXT, { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: 1 }),
      api.propagation.createBaggage({ k: { value: 'v' } }),
    );
    for (const [name, p] of propagators) {
      for (const carrier of [undefined, null, 42, 'string', [], new Map([['traceparent', VALID_HEADERS['traceparent']]])]) {
        assert.doesNotThrow(() => p.extract(api.ROOT_CONTEXT, carrier, api.defaultTextMapGetter), name);
        assert.doesNotThrow(() => p.inject(ctx, carrier, api.defaultTextMapSetter), name);
      }
      assert.equal(p.extract(api.ROOT_CONTEXT, VALID_HEADERS, throwingGetter), api.ROOT_CONTEXT, name);
      assert.doesNotThrow(() => p.inject(ctx, {}, throwingSetter), name);
      for (const bad of [undefined, null, {}, { getValue: () => { throw new Error('ctx'); } }]) {
        assert.doesNotThrow(() => p.inject(bad as unknown as api.Context, {}, api.defaultTextMapSetter), name);
      }
    }
  });
});
