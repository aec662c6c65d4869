import { expect } from './child-report.js';
import { walkSpans } from './otlp-span-walker.js';

/**
 * The otlp_encode check: the encoder's output decodes (by the independent
 * walker of otlp-span-walker.ts) to exactly the input spans, matched by
 * trace id, span id and name.
 */
export function checkEncoding(
  encoded: Uint8Array,
  spans: ReadonlyArray<{ name: string; spanContext(): { traceId: string; spanId: string } }>,
): Record<string, number> {
  expect(spans.length > 0, 'there are spans to encode');
  const decoded = walkSpans(encoded);
  expect(decoded.length === spans.length, `the output holds ${spans.length} spans (decoded ${decoded.length})`);
  const want = new Set(spans.map((s) => `${s.spanContext().traceId}/${s.spanContext().spanId}/${s.name}`));
  const got = new Set(decoded.map((s) => `${s.traceId}/${s.spanId}/${s.name}`));
  expect(got.size === want.size && [...want].every((k) => got.has(k)), 'the decoded ids and names equal the input spans\'');
  return { spans: spans.length, requestBytes: encoded.length };
}
