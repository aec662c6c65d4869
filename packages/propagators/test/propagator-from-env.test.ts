import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ROOT_CONTEXT, TraceFlags, defaultTextMapGetter, defaultTextMapSetter, trace, type Context, type TextMapPropagator } from '@spool/api';
import {
  B3Propagator,
  CompositePropagator,
  NoopPropagator,
  PropagatorRegistrationError,
  W3CTraceContextPropagator,
  propagatorFromEnv,
  registerPropagator,
} from '../src/index.js';
import { captureDiag } from './capture-diag.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN_ID = '00f067aa0ba902b7';
const CTX = trace.setSpanContext(ROOT_CONTEXT, { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: TraceFlags.SAMPLED });

function headers(p: TextMapPropagator): string[] {
  const carrier: Record<string, string> = {};
  p.inject(CTX, carrier, defaultTextMapSetter);
  return Object.keys(carrier);
}

class VendorPropagator implements TextMapPropagator {
  constructor(readonly header: string) {}
  inject(_ctx: Context, carrier: Record<string, string>): void {
    carrier[this.header] = 'vendor';
  }
  extract(ctx: Context): Context {
    return ctx;
  }
  fields(): string[] {
    return [this.header];
  }
}

describe('propagatorFromEnv', () => {
  it('defaults to tracecontext and baggage when unset or empty', () => {
    for (const env of [{}, { OTEL_PROPAGATORS: '' }, { OTEL_PROPAGATORS: ' , ' }]) {
      const p = propagatorFromEnv(env);
      assert.ok(p instanceof CompositePropagator);
      assert.deepEqual(p.fields(), ['traceparent', 'tracestate', 'baggage']);
    }
  });

  it('trims, lowercases and de-duplicates names, keeping their order', () => {
    const p = propagatorFromEnv({ OTEL_PROPAGATORS: ' B3 , tracecontext,b3, XRAY ,b3multi,jaeger,baggage' });
    assert.deepEqual(headers(p), ['b3', 'traceparent', 'x-amzn-trace-id', 'x-b3-traceid', 'x-b3-spanid', 'x-b3-sampled', 'uber-trace-id']);
  });

  it('returns a single propagator itself', () => {
    assert.ok(propagatorFromEnv({ OTEL_PROPAGATORS: 'tracecontext' }) instanceof W3CTraceContextPropagator);
    assert.ok(propagatorFromEnv({ OTEL_PROPAGATORS: 'b3multi' }) instanceof B3Propagator);
  });

  it('returns a no-op propagator for none alone', () => {
    const p = propagatorFromEnv({ OTEL_PROPAGATORS: 'none' });
    assert.ok(p instanceof NoopPropagator);
    assert.deepEqual(headers(p), []);
    assert.equal(p.extract(ROOT_CONTEXT, { traceparent: `00-${TRACE_ID}-${SPAN_ID}-01` }, defaultTextMapGetter), ROOT_CONTEXT);
    assert.deepEqual(p.fields(), []);
  });

  it('ignores none next to other names, with a warning', async () => {
    const records = await captureDiag(() => {
      assert.deepEqual(headers(propagatorFromEnv({ OTEL_PROPAGATORS: 'none,b3' })), ['b3']);
    });
    assert.ok(records.some((r) => r.level === 'warn' && r.message.includes('none')));
  });

  it('skips unknown names with one warning naming them', async () => {
    const records = await captureDiag(() => {
      assert.deepEqual(headers(propagatorFromEnv({ OTEL_PROPAGATORS: 'ottrace,tracecontext,foo' })), ['traceparent']);
    });
    const warns = records.filter((r) => r.level === 'warn');
    assert.equal(warns.length, 1);
    assert.match(warns[0]!.message, /OTEL_PROPAGATORS.*"ottrace".*"foo"/);
  });

  it('falls back to the default with a warning when no name is usable', async () => {
    const records = await captureDiag(() => {
      assert.deepEqual(propagatorFromEnv({ OTEL_PROPAGATORS: 'nope' }).fields(), ['traceparent', 'tracestate', 'baggage']);
    });
    assert.ok(records.some((r) => r.message.includes('default')));
  });

  it('reads process.env when no environment is given', () => {
    assert.doesNotThrow(() => propagatorFromEnv());
  });
});

describe('registerPropagator', () => {
  it('makes a vendor propagator selectable by name, giving its factory the environment', () => {
    let seen: unknown;
    registerPropagator('acme', (env) => {
      seen = env['ACME_HEADER'];
      return new VendorPropagator(env['ACME_HEADER'] ?? 'x-acme');
    });
    const env = { OTEL_PROPAGATORS: 'tracecontext,ACME', ACME_HEADER: 'x-acme-trace' };
    assert.deepEqual(headers(propagatorFromEnv(env)), ['traceparent', 'x-acme-trace']);
    assert.equal(seen, 'x-acme-trace');
  });

  it('replaces a vendor factory registered again under the same name', () => {
    registerPropagator('acme2', () => new VendorPropagator('x-one'));
    registerPropagator('acme2', () => new VendorPropagator('x-two'));
    assert.deepEqual(headers(propagatorFromEnv({ OTEL_PROPAGATORS: 'acme2' })), ['x-two']);
  });

  it('rejects invalid names with a typed error', () => {
    for (const name of ['', 'Acme', '1acme', 'ac me', 'acme,b3', 'a'.repeat(65), 'é', 42 as unknown as string]) {
      assert.throws(() => registerPropagator(name, () => new NoopPropagator()), (e: unknown) => {
        return e instanceof PropagatorRegistrationError && e.code === 'SPOOL_PROPAGATOR_NAME_INVALID';
      }, String(name));
    }
  });

  it('rejects built-in names and none', () => {
    for (const name of ['tracecontext', 'baggage', 'b3', 'b3multi', 'jaeger', 'xray', 'none']) {
      assert.throws(() => registerPropagator(name, () => new NoopPropagator()), { code: 'SPOOL_PROPAGATOR_NAME_RESERVED' });
    }
  });

  it('rejects a factory that is not a function', () => {
    assert.throws(() => registerPropagator('acme3', 'nope' as unknown as () => TextMapPropagator), { code: 'SPOOL_PROPAGATOR_FACTORY_INVALID' });
  });

  it('reports and skips a factory that throws or returns something that is not a propagator', async () => {
    registerPropagator('broken', () => {
      throw new Error('vendor bug');
    });
    registerPropagator('junk', () => ({ inject() {} }) as unknown as TextMapPropagator);
    const records = await captureDiag(() => {
      assert.deepEqual(headers(propagatorFromEnv({ OTEL_PROPAGATORS: 'broken,b3,junk' })), ['b3']);
    });
    const errors = records.filter((r) => r.level === 'error').map((r) => r.message);
    assert.equal(errors.length, 2);
    assert.ok(errors[0]!.includes('"broken"'));
    assert.ok(errors[1]!.includes('"junk"'));
  });
});
