import { context, defaultTextMapSetter, SpanKind, SpanStatusCode, trace } from '@spool/api';
import type { TextMapPropagator, Tracer } from '@spool/api';
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_URL_FULL,
} from '@spool/semconv';
import { ATTR_URL_TEMPLATE } from '@spool/semconv/incubating';
import { postJson } from './http-json.js';
import type { JsonResponse } from './http-json.js';

/**
 * POSTs JSON to another service inside a CLIENT span, done by hand: the span
 * is a child of the active span, and its context is written into the request
 * headers with `propagator` — the header format the callee understands.
 */
export async function tracedPost(
  tracer: Tracer,
  propagator: TextMapPropagator,
  url: string,
  body: unknown,
): Promise<JsonResponse> {
  const target = new URL(url);
  const span = tracer.startSpan(`POST ${target.pathname}`, {
    kind: SpanKind.CLIENT,
    attributes: {
      [ATTR_HTTP_REQUEST_METHOD]: 'POST',
      [ATTR_URL_FULL]: target.href,
      [ATTR_URL_TEMPLATE]: target.pathname,
      [ATTR_SERVER_ADDRESS]: target.hostname,
      [ATTR_SERVER_PORT]: Number(target.port),
    },
  });
  const headers: Record<string, string> = {};
  propagator.inject(trace.setSpan(context.active(), span), headers, defaultTextMapSetter);
  try {
    const response = await postJson(url, body, headers);
    span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, response.status);
    // Client spans: 4xx and 5xx are errors (semantic conventions, HTTP spans, "Status").
    if (response.status >= 400) {
      span.setAttribute(ATTR_ERROR_TYPE, String(response.status));
      span.setStatus({ code: SpanStatusCode.ERROR, message: `HTTP ${response.status}` });
    }
    return response;
  } catch (err) {
    const error = err instanceof Error ? err : new Error(String(err));
    span.recordException(error);
    span.setAttribute(ATTR_ERROR_TYPE, error.name);
    span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
    throw error;
  } finally {
    span.end();
  }
}
