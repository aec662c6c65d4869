import { runColdStart } from '../../harness/cold-start-child.js';

// Imports exactly IMPORT_SETS.spool of harness/cold-start-runner.ts and sets
// up the same pipeline as otel.ts.
runColdStart('spool', async (set, port) => {
  const [api, sdk, als] = await Promise.all([
    import('@spool/api'),
    import('@spool/sdk-trace'),
    import('@spool/context-async'),
  ]);
  api.context.setGlobalContextManager(new als.AsyncLocalStorageContextManager().enable());
  let exporter: import('@spool/sdk-trace').SpanExporter;
  if (set === 'minimal') {
    exporter = new sdk.InMemorySpanExporter();
  } else {
    const otlp = await import('@spool/exporter-otlp');
    exporter = new otlp.OTLPTraceExporter({ url: `http://127.0.0.1:${port}`, protocol: 'grpc' });
  }
  const provider = new sdk.TracerProvider({ spanProcessors: [new sdk.BatchSpanProcessor(exporter)] });
  const span = provider.getTracer('bench').startSpan('first');
  const spanRecorded = span.isRecording();
  span.end();
  if (set === 'first-export') await provider.forceFlush();
  return { spanRecorded };
});
