// One process per test file: this file owns @opentelemetry/api's globals.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { diag, DiagLogLevel } from '@spool/api';
import { TracerProvider } from '@spool/sdk-trace';
import { registerWithOpenTelemetryApi } from '../src/index.js';
import { CaptureLogger } from './diag-capture.js';

const otel = createRequire(import.meta.url)('@opentelemetry/api') as typeof import('@opentelemetry/api');

describe('registerWithOpenTelemetryApi', () => {
  it('does nothing when @opentelemetry/api cannot be resolved from any base', () => {
    const result = registerWithOpenTelemetryApi({ tracerProvider: new TracerProvider({}, {}) }, [
      '/nonexistent/app.js',
      'not a path',
      undefined,
      '',
    ]);
    assert.deepEqual(result, { resolvedFrom: undefined, tracerProvider: false, contextManager: false, propagator: false });
    assert.equal(otel.trace.getTracer('t').startSpan('s').isRecording(), false);
  });

  it('reports, without throwing, a registration @opentelemetry/api refuses because another SDK came first', () => {
    const logger = new CaptureLogger();
    diag.setLogger(logger, DiagLogLevel.WARN);
    const first = new TracerProvider({}, {});
    assert.equal(otel.trace.setGlobalTracerProvider(first), true);
    const result = registerWithOpenTelemetryApi({ tracerProvider: new TracerProvider({}, {}) }, [import.meta.url]);
    assert.match(String(result.resolvedFrom), /@opentelemetry[\\/]api/);
    assert.equal(result.tracerProvider, false);
    assert.ok(logger.warnings().some((w) => /refused Spool's tracer provider/.test(w)), JSON.stringify(logger.warnings()));
  });
});
