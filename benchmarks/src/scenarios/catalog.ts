import { OTEL, SPOOL, opsMetric, type ScenarioDef } from '../harness/scenario-def.js';

const propagate = (format: string, header: string): ScenarioDef => ({
  name: `propagate_${format}`,
  title: `inject then extract ${header}`,
  kind: 'micro',
  impls: [SPOOL, OTEL],
  metrics: [opsMetric('inject + extract round trip', 3)],
});

/**
 * Every scenario, in report order. Each has a folder
 * src/scenarios/<name>/ with a README.md and one module per implementation.
 * The bars are those of issue 8.
 */
export const SCENARIOS: readonly ScenarioDef[] = [
  {
    name: 'span_min', title: 'start and end a sampled span; batch processor, discarding exporter', kind: 'micro',
    impls: [SPOOL, OTEL, { name: 'baseline', label: 'the floor, alternated with span_min (hand-written, see floor)' }], metrics: [opsMetric('start + end a sampled span', 4)],
  },
  {
    name: 'span_attrs', title: 'a span with 10 attributes of mixed types, 2 events and a status', kind: 'micro',
    impls: [SPOOL, OTEL], metrics: [opsMetric('span with 10 attributes, 2 events, status', 3)],
  },
  {
    name: 'span_nested', title: 'an active parent with three levels of active children (4 spans)', kind: 'micro',
    impls: [SPOOL, OTEL], metrics: [opsMetric('4 nested active spans', 3)],
  },
  {
    name: 'span_unsampled', title: 'a span the sampler drops', kind: 'micro',
    impls: [SPOOL, OTEL, { name: 'baseline', label: '@opentelemetry/api no-op tracer (no SDK)' }],
    metrics: [opsMetric('start + end an unsampled span', 8)],
  },
  {
    name: 'ctx_with', title: 'one context.with round trip', kind: 'micro',
    impls: [SPOOL, OTEL, { name: 'baseline', label: 'bare AsyncLocalStorage.run' }],
    metrics: [opsMetric('context.with(ctx, fn)', 1)],
  },
  propagate('tracecontext', 'W3C traceparent + tracestate'),
  propagate('baggage', 'W3C baggage (4 entries, one with metadata)'),
  propagate('b3', 'B3 single header'),
  propagate('b3multi', 'B3 multiple headers'),
  propagate('jaeger', 'Jaeger uber-trace-id'),
  propagate('xray', 'AWS X-Ray X-Amzn-Trace-Id'),
  {
    name: 'otlp_encode', title: 'OTLP protobuf encoding of 512 realistic spans', kind: 'micro',
    impls: [SPOOL, OTEL],
    metrics: [
      { key: 'spansPerSec', label: 'spans encoded per second (the exporter\'s encode step: TraceRequestEncoder#encode vs serializeRequest)', better: 'higher', display: 'rate', compare: true, bar: { kind: 'ratio', times: 5, text: '≥ 5×' } },
      { key: 'plainSpansPerSec', label: 'spans encoded per second into a fresh array the caller owns (encodeTraceRequest vs serializeRequest)', better: 'higher', display: 'rate', compare: true },
      { key: 'bytesPerSpan', label: 'bytes per span', better: 'lower', display: 'bytes', compare: true, bar: { kind: 'ratio', times: 1, text: 'no more bytes' } },
    ],
  },
  {
    name: 'export_e2e', title: 'spans through the batch processor and the gRPC exporter into a local receiver', kind: 'export_e2e',
    impls: [SPOOL, OTEL, { name: 'baseline', label: 'the pacing loop alone, no SDK (per span offered)' }],
    metrics: [
      { key: 'cpuSecPer100k', label: 'burst, fixed offered rate: CPU s per 100k delivered', better: 'lower', display: 'seconds', compare: true, bar: { kind: 'ratio', times: 3, text: '≥ 3× less CPU' } },
      { key: 'cpuSecPer100kCreated', label: 'burst: CPU s per 100k created', better: 'lower', display: 'seconds', compare: true },
      { key: 'deliveredPerSec', label: 'burst: spans delivered per second', better: 'higher', display: 'rate', compare: true },
      { key: 'droppedPct', label: 'burst: share dropped', better: 'lower', display: 'percent', compare: false },
      { key: 'unaccounted', label: 'burst: spans neither delivered nor reported dropped', better: 'lower', display: 'count', compare: false, bar: { kind: 'zero', text: 'every drop counted' } },
      { key: 'peakRssMiB', label: 'burst: peak RSS', better: 'lower', display: 'mib', compare: true },
      { key: 'steady.cpuSecPer100k', label: 'steady, a tenth of the rate: CPU s per 100k delivered', better: 'lower', display: 'seconds', compare: true },
      { key: 'steady.droppedPct', label: 'steady: share dropped', better: 'lower', display: 'percent', compare: false },
      { key: 'selfpaced.cpuSecPer100k', label: 'self-paced burst: CPU s per 100k delivered', better: 'lower', display: 'seconds', compare: true },
      { key: 'selfpaced.cpuSecPer100kCreated', label: 'self-paced: CPU s per 100k created', better: 'lower', display: 'seconds', compare: true },
      { key: 'selfpaced.droppedPct', label: 'self-paced: share dropped', better: 'lower', display: 'percent', compare: false },
      { key: 'selfpaced.unaccounted', label: 'self-paced: spans neither delivered nor reported dropped', better: 'lower', display: 'count', compare: false, bar: { kind: 'zero', text: 'every drop counted' } },
    ],
  },
  {
    name: 'cold_start', title: 'importing the SDK in a fresh process, and its installed size', kind: 'cold_start',
    impls: [SPOOL, OTEL, { name: 'baseline', label: 'Node built-ins only; for the first export also @grpc/grpc-js and one hand-encoded call' }],
    metrics: [
      { key: 'importMinimalMs', label: 'import + set up, minimal set', better: 'lower', display: 'ms', compare: true, bar: { kind: 'ratio', times: 3, text: '≤ ⅓ the time' } },
      { key: 'importGrpcMs', label: 'import + set up, with the gRPC exporter', better: 'lower', display: 'ms', compare: true, bar: { kind: 'ratio', times: 3, text: '≤ ⅓ the time' } },
      { key: 'firstExportMs', label: 'import + set up + first span delivered over gRPC (loads @grpc/grpc-js)', better: 'lower', display: 'ms', compare: true },
      { key: 'footprintMinimal', label: 'installed size, minimal set', better: 'lower', display: 'kib', compare: true, bar: { kind: 'ratio', times: 2, text: '≤ ½ the size' } },
      { key: 'footprintGrpc', label: 'installed size, with the gRPC exporter', better: 'lower', display: 'kib', compare: true, bar: { kind: 'ratio', times: 2, text: '≤ ½ the size' } },
    ],
  },
  {
    name: 'floor', title: 'the physical limit: two clock reads, pooled random ids, one object, a ring-buffer push', kind: 'micro',
    impls: [{ name: 'floor', label: 'hand-written loop' }],
    metrics: [opsMetric('what a span must do, by hand')],
  },
];
