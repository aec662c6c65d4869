// An HTTP server and client instrumented by the official
// @opentelemetry/instrumentation-http, with Spool as the SDK underneath.
//
// Order matters: tracing first (it registers Spool in @opentelemetry/api), then
// the instrumentation, then node:http is loaded — the instrumentation patches
// it when it is required.
import { once } from 'node:events';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { readEnvConfig, startTracing, WaterfallSpanExporter } from '@spool/sdk-node';

// Print a waterfall unless a collector (or another exporter) is configured.
const local = !readEnvConfig().otlpEndpointSet && process.env['OTEL_TRACES_EXPORTER'] === undefined;
const tracing = startTracing({
  serviceName: 'otel-instrumentations-example',
  ...(local ? { traceExporter: new WaterfallSpanExporter() } : {}),
});

registerInstrumentations({ instrumentations: [new HttpInstrumentation()] });

const http = createRequire(import.meta.url)('node:http') as typeof import('node:http');

const server = http.createServer((req, res) => {
  // The instrumentation's SERVER span is active here, as seen through @opentelemetry/api.
  const active = trace.getSpan(context.active());
  active?.addEvent('handler ran');
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end(`hello from ${req.url ?? '/'}\n`);
});
server.listen(0, '127.0.0.1');
await once(server, 'listening');
const { port } = server.address() as AddressInfo;

function get(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      })
      .on('error', reject);
  });
}

// A span of the application's own, made through @opentelemetry/api and recorded
// by Spool: the instrumentation's CLIENT span nests under it, and the SERVER span
// under that one, through the traceparent header.
const tracer = trace.getTracer('otel-instrumentations-example');
await tracer.startActiveSpan('checkout', async (span) => {
  try {
    const status = await get(`http://127.0.0.1:${port}/hello`);
    span.setAttribute('example.status', status);
  } catch (err) {
    span.recordException(err as Error);
    span.setStatus({ code: SpanStatusCode.ERROR });
    process.exitCode = 1;
  } finally {
    span.end();
  }
});

server.close();
await once(server, 'close');
await tracing.shutdown();
