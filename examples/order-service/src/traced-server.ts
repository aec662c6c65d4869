import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { context, defaultTextMapGetter, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@spool/api';
import type { Span, TextMapPropagator, Tracer } from '@spool/api';
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_URL_PATH,
  ATTR_URL_SCHEME,
} from '@spool/semconv';
import { readJson, sendJson } from './http-json.js';
import type { JsonResponse } from './http-json.js';

/** Handles one route: gets the parsed JSON body and the server span, returns the response. */
export type RouteHandler = (body: Record<string, unknown>, span: Span) => Promise<JsonResponse>;

/**
 * An HTTP server whose every request is a SERVER span, done by hand with the
 * API: the parent context is extracted from the request headers with
 * `propagator` (each service speaks its own header format), the span is made
 * active for the handler, and the status code and errors are recorded.
 */
export function tracedServer(tracer: Tracer, propagator: TextMapPropagator, routes: Record<string, RouteHandler>): Server {
  const server = createServer((req, res) => {
    const method = req.method ?? 'GET';
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const handler = routes[`${method} ${path}`];
    const address = server.address();
    const parent = propagator.extract(ROOT_CONTEXT, req.headers, defaultTextMapGetter);
    const span = tracer.startSpan(
      handler !== undefined ? `${method} ${path}` : method,
      {
        kind: SpanKind.SERVER,
        attributes: {
          [ATTR_HTTP_REQUEST_METHOD]: method,
          [ATTR_URL_PATH]: path,
          [ATTR_URL_SCHEME]: 'http',
          ...(handler !== undefined ? { [ATTR_HTTP_ROUTE]: path } : {}),
          ...(address !== null && typeof address === 'object'
            ? { [ATTR_SERVER_ADDRESS]: address.address, [ATTR_SERVER_PORT]: address.port }
            : {}),
        },
      },
      parent,
    );
    context.with(trace.setSpan(parent, span), async () => {
      let result: JsonResponse;
      try {
        result = handler !== undefined ? await handler(await readJson(req), span) : { status: 404, body: { error: 'no such route' } };
      } catch (err) {
        const error = err instanceof Error ? err : new Error(String(err));
        span.recordException(error);
        span.setAttribute(ATTR_ERROR_TYPE, error.name);
        result = { status: 500, body: { error: error.message } };
      }
      span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, result.status);
      // Server spans: only 5xx is an error (semantic conventions, HTTP spans, "Status").
      if (result.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      sendJson(res, result.status, result.body);
      span.end();
    });
  });
  return server;
}
