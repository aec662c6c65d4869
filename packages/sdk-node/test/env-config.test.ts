import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DiagLogLevel } from '@spool/api';
import { readEnvConfig } from '../src/index.js';

describe('readEnvConfig', () => {
  it('gives the specification defaults for an empty environment', () => {
    const c = readEnvConfig({});
    assert.equal(c.sdkDisabled, false);
    assert.equal(c.logLevel, DiagLogLevel.INFO);
    assert.equal(c.logLevelSet, false);
    assert.equal(c.serviceName, undefined);
    assert.deepEqual(c.propagators, ['tracecontext', 'baggage']);
    assert.equal(c.propagatorsSet, false);
    assert.equal(c.tracesSampler, 'parentbased_always_on');
    assert.equal(c.tracesSamplerArg, undefined);
    assert.deepEqual(c.tracesExporters, ['otlp']);
    assert.equal(c.otlpEndpointSet, false);
    assert.deepEqual(c.resourceDetectors, ['all']);
    assert.deepEqual(c.batchSpanProcessor, {
      scheduledDelayMillis: 5000,
      exportTimeoutMillis: 30000,
      maxQueueSize: 2048,
      maxExportBatchSize: 512,
    });
    assert.deepEqual(c.spanLimits, {
      attributeValueLengthLimit: Infinity,
      attributeCountLimit: 128,
      spanAttributeValueLengthLimit: Infinity,
      spanAttributeCountLimit: 128,
      eventCountLimit: 128,
      linkCountLimit: 128,
      attributePerEventCountLimit: 128,
      attributePerLinkCountLimit: 128,
    });
    assert.deepEqual(c.warnings, []);
  });

  it('returns a deeply frozen object', () => {
    const c = readEnvConfig({});
    assert.ok(Object.isFrozen(c));
    assert.ok(Object.isFrozen(c.batchSpanProcessor));
    assert.ok(Object.isFrozen(c.spanLimits));
    assert.ok(Object.isFrozen(c.propagators));
  });

  it('reads every variable the OpenTelemetry Operator injects', () => {
    const c = readEnvConfig({
      OTEL_SERVICE_NAME: ' checkout ',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4317',
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '0.25',
      OTEL_PROPAGATORS: 'tracecontext,baggage,b3',
      OTEL_RESOURCE_ATTRIBUTES: 'k8s.pod.name=checkout-1,k8s.namespace.name=shop',
    });
    assert.equal(c.serviceName, 'checkout');
    assert.equal(c.otlpEndpointSet, true);
    assert.equal(c.tracesSampler, 'parentbased_traceidratio');
    assert.equal(c.tracesSamplerArg, '0.25');
    assert.deepEqual(c.propagators, ['tracecontext', 'baggage', 'b3']);
    assert.equal(c.propagatorsSet, true);
    assert.equal(c.resourceAttributes, 'k8s.pod.name=checkout-1,k8s.namespace.name=shop');
    assert.deepEqual(c.warnings, []);
  });

  it('treats an empty value as unset', () => {
    const c = readEnvConfig({ OTEL_SDK_DISABLED: '', OTEL_BSP_MAX_QUEUE_SIZE: '  ', OTEL_PROPAGATORS: '', OTEL_SERVICE_NAME: '' });
    assert.equal(c.sdkDisabled, false);
    assert.equal(c.batchSpanProcessor.maxQueueSize, 2048);
    assert.deepEqual(c.propagators, ['tracecontext', 'baggage']);
    assert.equal(c.serviceName, undefined);
    assert.deepEqual(c.warnings, []);
  });

  it('accepts "true" in any case for OTEL_SDK_DISABLED and warns for other values', () => {
    assert.equal(readEnvConfig({ OTEL_SDK_DISABLED: 'TRUE' }).sdkDisabled, true);
    assert.equal(readEnvConfig({ OTEL_SDK_DISABLED: 'false' }).warnings.length, 0);
    const c = readEnvConfig({ OTEL_SDK_DISABLED: '1' });
    assert.equal(c.sdkDisabled, false);
    assert.match(c.warnings[0]!, /OTEL_SDK_DISABLED="1".*using false/);
  });

  it('parses OTEL_LOG_LEVEL case-insensitively and falls back to info on an unknown level', () => {
    assert.equal(readEnvConfig({ OTEL_LOG_LEVEL: 'debug' }).logLevel, DiagLogLevel.DEBUG);
    assert.equal(readEnvConfig({ OTEL_LOG_LEVEL: 'NONE' }).logLevel, DiagLogLevel.NONE);
    const c = readEnvConfig({ OTEL_LOG_LEVEL: 'loud' });
    assert.equal(c.logLevel, DiagLogLevel.INFO);
    assert.equal(c.logLevelSet, false);
    assert.match(c.warnings[0]!, /OTEL_LOG_LEVEL="loud"/);
  });

  it('de-duplicates and lower-cases propagator names and keeps unknown ones for registered propagators', () => {
    const c = readEnvConfig({ OTEL_PROPAGATORS: ' TraceContext , b3multi,tracecontext,,vendor ' });
    assert.deepEqual(c.propagators, ['tracecontext', 'b3multi', 'vendor']);
    assert.deepEqual(c.warnings, []);
  });

  it('ignores an unknown or unsupported sampler with a warning and uses parentbased_always_on', () => {
    for (const name of ['sometimes', 'jaeger_remote', 'xray']) {
      const c = readEnvConfig({ OTEL_TRACES_SAMPLER: name, OTEL_TRACES_SAMPLER_ARG: '0.5' });
      assert.equal(c.tracesSampler, 'parentbased_always_on');
      assert.equal(c.tracesSamplerArg, undefined);
      assert.equal(c.warnings.length, 1, name);
      assert.match(c.warnings[0]!, /OTEL_TRACES_SAMPLER=/);
    }
  });

  it('drops a sampler argument that is not a ratio in [0, 1] and keeps the sampler', () => {
    for (const arg of ['1.5', '-0.1', 'half', '0x1', 'NaN', 'Infinity']) {
      const c = readEnvConfig({ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: arg });
      assert.equal(c.tracesSampler, 'traceidratio');
      assert.equal(c.tracesSamplerArg, undefined, arg);
      assert.match(c.warnings[0]!, /OTEL_TRACES_SAMPLER_ARG/);
    }
    assert.equal(readEnvConfig({ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '1e-2' }).tracesSamplerArg, '1e-2');
  });

  it('ignores OTEL_TRACES_SAMPLER_ARG when OTEL_TRACES_SAMPLER is unset', () => {
    const c = readEnvConfig({ OTEL_TRACES_SAMPLER_ARG: '0.1' });
    assert.equal(c.tracesSamplerArg, undefined);
    assert.deepEqual(c.warnings, []);
  });

  it('selects exporters by name, maps the deprecated "logging" to console, and "none" to no exporter', () => {
    assert.deepEqual(readEnvConfig({ OTEL_TRACES_EXPORTER: 'console,otlp,console' }).tracesExporters, ['console', 'otlp']);
    assert.deepEqual(readEnvConfig({ OTEL_TRACES_EXPORTER: 'logging' }).tracesExporters, ['console']);
    assert.deepEqual(readEnvConfig({ OTEL_TRACES_EXPORTER: 'none' }).tracesExporters, []);
    assert.deepEqual(readEnvConfig({ OTEL_TRACES_EXPORTER: 'waterfall' }).tracesExporters, ['waterfall']);
  });

  it('warns about unknown exporters, keeps the known ones, and uses otlp when none is known', () => {
    const mixed = readEnvConfig({ OTEL_TRACES_EXPORTER: 'zipkin,console' });
    assert.deepEqual(mixed.tracesExporters, ['console']);
    assert.match(mixed.warnings[0]!, /OTEL_TRACES_EXPORTER="zipkin".*does not ship/);
    const unknown = readEnvConfig({ OTEL_TRACES_EXPORTER: 'carrier-pigeon' });
    assert.deepEqual(unknown.tracesExporters, ['otlp']);
    assert.equal(unknown.warnings.length, 1);
  });

  it('notices a signal-specific OTLP endpoint too', () => {
    assert.equal(readEnvConfig({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://c:4318/v1/traces' }).otlpEndpointSet, true);
  });

  it('ignores bad numbers with a warning naming the variable, the value and the default', () => {
    const c = readEnvConfig({
      OTEL_BSP_SCHEDULE_DELAY: '-5',
      OTEL_BSP_EXPORT_TIMEOUT: 'soon',
      OTEL_BSP_MAX_QUEUE_SIZE: '0',
      OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '1.5',
      OTEL_ATTRIBUTE_COUNT_LIMIT: '99999999999',
      OTEL_SPAN_EVENT_COUNT_LIMIT: '1e3',
    });
    assert.deepEqual(c.batchSpanProcessor, {
      scheduledDelayMillis: 5000,
      exportTimeoutMillis: 30000,
      maxQueueSize: 2048,
      maxExportBatchSize: 512,
    });
    assert.equal(c.spanLimits.attributeCountLimit, 128);
    assert.equal(c.spanLimits.eventCountLimit, 128);
    assert.equal(c.warnings.length, 6);
    assert.match(c.warnings[0]!, /^OTEL_BSP_MAX_QUEUE_SIZE="0" ignored because .*; using 2048$/);
    assert.ok(c.warnings.some((w) => /OTEL_BSP_SCHEDULE_DELAY="-5".*using 5000/.test(w)));
    assert.ok(c.warnings.some((w) => /OTEL_BSP_EXPORT_TIMEOUT="soon".*using 30000/.test(w)));
  });

  it('clamps the export batch size to the queue size', () => {
    const c = readEnvConfig({ OTEL_BSP_MAX_QUEUE_SIZE: '100', OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '500' });
    assert.equal(c.batchSpanProcessor.maxExportBatchSize, 100);
    assert.match(c.warnings[0]!, /OTEL_BSP_MAX_EXPORT_BATCH_SIZE=500 is larger than the queue size 100/);
  });

  it('reads a zero export timeout as indefinite', () => {
    assert.equal(readEnvConfig({ OTEL_BSP_EXPORT_TIMEOUT: '0' }).batchSpanProcessor.exportTimeoutMillis, 2 ** 31 - 1);
  });

  it('lets the general attribute limits stand in for unset span limits', () => {
    const c = readEnvConfig({ OTEL_ATTRIBUTE_COUNT_LIMIT: '10', OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT: '64', OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT: '20' });
    assert.equal(c.spanLimits.spanAttributeCountLimit, 20);
    assert.equal(c.spanLimits.spanAttributeValueLengthLimit, 64);
    assert.equal(c.spanLimits.attributeCountLimit, 10);
  });

  it('filters OTEL_NODE_RESOURCE_DETECTORS to known names', () => {
    const c = readEnvConfig({ OTEL_NODE_RESOURCE_DETECTORS: 'env,k8s,gcp' });
    assert.deepEqual(c.resourceDetectors, ['env', 'k8s']);
    assert.match(c.warnings[0]!, /"gcp"/);
    assert.deepEqual(readEnvConfig({ OTEL_NODE_RESOURCE_DETECTORS: 'none' }).resourceDetectors, ['none']);
  });

  it('never throws, whatever the values', () => {
    const nasty = ['\u0000', '💥', 'a'.repeat(100_000), ',,,', '=', '-0', '+1', ' true ', '__proto__'];
    const names = [
      'OTEL_SDK_DISABLED', 'OTEL_LOG_LEVEL', 'OTEL_PROPAGATORS', 'OTEL_TRACES_SAMPLER', 'OTEL_TRACES_SAMPLER_ARG',
      'OTEL_TRACES_EXPORTER', 'OTEL_BSP_SCHEDULE_DELAY', 'OTEL_BSP_MAX_QUEUE_SIZE', 'OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT',
      'OTEL_NODE_RESOURCE_DETECTORS', 'OTEL_SERVICE_NAME',
    ];
    for (const value of nasty) {
      const env: Record<string, string> = {};
      for (const name of names) env[name] = value;
      assert.doesNotThrow(() => readEnvConfig(env), JSON.stringify(value).slice(0, 20));
    }
  });
});
