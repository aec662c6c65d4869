import { runColdStart } from '../../harness/cold-start-child.js';

// What any SDK must load, and nothing else: the Node built-ins a tracer uses
// (AsyncLocalStorage, random bytes for ids, a clock). For the first export,
// also @grpc/grpc-js and one unary Export call carrying one hand-encoded
// span. No SDK can get there faster.
runColdStart('baseline', async (set, port) => {
  const [hooks, crypto, perf] = await Promise.all([import('node:async_hooks'), import('node:crypto'), import('node:perf_hooks')]);
  const storage = new hooks.AsyncLocalStorage<Uint8Array>();
  const ids = crypto.randomBytes(24);
  const spanRecorded = storage.run(ids, () => storage.getStore() === ids && perf.performance.now() > 0);
  if (set === 'first-export') {
    const grpc = await import('@grpc/grpc-js');
    // ExportTraceServiceRequest { resource_spans { scope_spans { spans { trace_id, span_id, name: "first" } } } }
    const span = Buffer.concat([Buffer.from([0x0a, 16]), ids.subarray(0, 16), Buffer.from([0x12, 8]), ids.subarray(16, 24), Buffer.from([0x2a, 5]), Buffer.from('first')]);
    const scope = Buffer.concat([Buffer.from([0x12, span.length]), span]);
    const resource = Buffer.concat([Buffer.from([0x12, scope.length]), scope]);
    const request = Buffer.concat([Buffer.from([0x0a, resource.length]), resource]);
    const client = new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    const same = (b: Buffer): Buffer => b;
    await new Promise<void>((resolve, reject) => {
      client.makeUnaryRequest('/opentelemetry.proto.collector.trace.v1.TraceService/Export', same, same, request, (err) => (err ? reject(err) : resolve()));
    });
    client.close();
  }
  return { spanRecorded };
});
