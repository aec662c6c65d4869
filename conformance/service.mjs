// The "service under test" of the W3C Trace Context test suite
// (github.com/w3c/trace-context, folder test/), built on Spool.
//
// The harness POSTs a JSON array of {url, arguments} to /test. For each entry the
// service makes a POST to `url` with `arguments` as the JSON body, from a client
// span that is a child of the request's server span, so the callback carries a
// traceparent with the same trace id, a new parent id, and the incoming
// tracestate. Usage: node conformance/service.mjs [port]   (PORT env; default 0 = any)
// It prints `listening on http://127.0.0.1:<port>/test` once ready.
import http from 'node:http';
import { ROOT_CONTEXT, SpanKind, defaultTextMapGetter, defaultTextMapSetter, trace } from '@spool/api';
import { W3CTraceContextPropagator } from '@spool/propagators';
import { TracerProvider } from '@spool/sdk-trace';

const propagator = new W3CTraceContextPropagator();
// Default sampler (parent-based, root always on); spans are not exported, only propagated.
const provider = new TracerProvider();
const tracer = provider.getTracer('spool-w3c-conformance-service');

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function post(url, body, headers) {
  return new Promise((resolve) => {
    const payload = Buffer.from(JSON.stringify(body));
    const req = http.request(url, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', 'content-length': payload.length },
    }, (res) => {
      res.resume();
      res.on('end', resolve);
    });
    req.on('error', (err) => {
      console.error(`callback to ${url} failed: ${err.message}`);
      resolve();
    });
    req.end(payload);
  });
}

const server = http.createServer(async (req, res) => {
  if (req.method !== 'POST' || req.url !== '/test') {
    res.writeHead(404).end();
    return;
  }
  let actions;
  try {
    actions = JSON.parse(await readBody(req));
  } catch {
    res.writeHead(400).end('body must be JSON');
    return;
  }
  const parent = propagator.extract(ROOT_CONTEXT, req.headers, defaultTextMapGetter);
  const serverSpan = tracer.startSpan('POST /test', { kind: SpanKind.SERVER }, parent);
  const serverCtx = trace.setSpan(parent, serverSpan);
  for (const action of Array.isArray(actions) ? actions : []) {
    const clientSpan = tracer.startSpan('POST callback', { kind: SpanKind.CLIENT }, serverCtx);
    const headers = {};
    propagator.inject(trace.setSpan(serverCtx, clientSpan), headers, defaultTextMapSetter);
    await post(action.url, action.arguments, headers);
    clientSpan.end();
  }
  serverSpan.end();
  res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
});

const port = Number(process.argv[2] ?? process.env.PORT ?? 0);
server.listen(port, '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${server.address().port}/test`);
});

function stop() {
  server.close();
  server.closeAllConnections?.();
  provider.shutdown().finally(() => process.exit(0));
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
