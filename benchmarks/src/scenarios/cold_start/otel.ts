import { runColdStart } from '../../harness/cold-start-child.js';

// Imports exactly IMPORT_SETS.otel of harness/cold-start-runner.ts, as an
// application's entry file would, and sets up what the span scenarios use.
runColdStart('otel', async (set, port) => {
  const [api, sdk, als] = await Promise.all([
    import('@opentelemetry/api'),
    import('@opentelemetry/sdk-trace-base'),
    import('@opentelemetry/context-async-hooks'),
  ]);
  api.context.setGlobalContextManager(new als.AsyncLocalStorageContextManager().enable());
  let exporter: import('@opentelemetry/sdk-trace-base').SpanExporter;
  if (set === 'minimal') {
    exporter = new sdk.InMemorySpanExporter();
  } else {
    const grpc = await import('@opentelemetry/exporter-trace-otlp-grpc');
    exporter = new grpc.OTLPTraceExporter({ url: `http://127.0.0.1:${port}` });
  }
  const provider = new sdk.BasicTracerProvider({ spanProcessors: [new sdk.BatchSpanProcessor(exporter)] });
  const span = provider.getTracer('bench').startSpan('first');
  const spanRecorded = span.isRecording();
  span.end();
  if (set === 'first-export') await provider.forceFlush();
  return { spanRecorded };
});
