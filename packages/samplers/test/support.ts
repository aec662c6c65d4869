// Small real fakes shared by the tests of @spool/samplers: a diag logger that
// records warnings, span contexts in a context, and marker samplers.
import { createTraceState, diag, DiagLogLevel, ROOT_CONTEXT, SpanKind, trace, TraceFlags } from '@spool/api';
import type { Attributes, Context, Link } from '@spool/api';
import { SamplingDecision } from '../src/index.js';
import type { Sampler, SamplingResult } from '../src/index.js';

/** Every diag warning since the last `take()`. */
export const warnings: string[] = [];

diag.setLogger(
  {
    error: (m: string) => warnings.push(`error: ${m}`),
    warn: (m: string) => warnings.push(m),
    info: () => {},
    debug: () => {},
    verbose: () => {},
  },
  { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true },
);

/** Returns the warnings recorded so far and clears the list. */
export function takeWarnings(): string[] {
  return warnings.splice(0, warnings.length);
}

/** A trace id whose randomness (last 14 hex digits) is `low14`. */
export function traceId(low14: string, high18 = '0af7651916cd43dd84'): string {
  if (low14.length !== 14 || high18.length !== 18) throw new Error('bad test trace id');
  return high18 + low14;
}

export const SPAN_ID = 'b7ad6b7169203331';

export interface ParentOptions {
  traceId: string;
  sampled?: boolean;
  random?: boolean;
  remote?: boolean;
  traceState?: string;
  spanId?: string;
}

/** A context whose span context is the given parent. */
export function parentContext(p: ParentOptions): Context {
  const flags = (p.sampled === false ? 0 : TraceFlags.SAMPLED) | (p.random === false ? 0 : TraceFlags.RANDOM);
  return trace.setSpanContext(ROOT_CONTEXT, {
    traceId: p.traceId,
    spanId: p.spanId ?? SPAN_ID,
    traceFlags: flags,
    isRemote: p.remote ?? false,
    ...(p.traceState !== undefined ? { traceState: createTraceState(p.traceState) } : {}),
  });
}

/** Calls `shouldSample` the way the SDK does. */
export function decide(
  sampler: Sampler,
  context: Context,
  id: string,
  name = 'span',
  kind: SpanKind = SpanKind.INTERNAL,
  attributes: Attributes = {},
  links: Link[] = [],
): SamplingResult {
  return sampler.shouldSample(context, id, name, kind, attributes, links);
}

/** The `ot` entry of a result's tracestate (undefined when no tracestate or no entry). */
export function ot(result: SamplingResult): string | undefined {
  return result.traceState?.get('ot');
}

/** A sampler that records its calls and answers with its own frozen result. */
export class MarkerSampler implements Sampler {
  readonly calls: Array<{ context: Context; traceId: string; name: string; kind: SpanKind; attributes: Attributes; links: Link[] }> = [];
  readonly result: SamplingResult;

  constructor(
    readonly label: string,
    decision: SamplingDecision = SamplingDecision.RECORD_AND_SAMPLED,
  ) {
    this.result = Object.freeze({ decision, attributes: Object.freeze({ 'marker.label': label }) });
  }

  shouldSample(context: Context, traceId: string, name: string, kind: SpanKind, attributes: Attributes, links: Link[]): SamplingResult {
    this.calls.push({ context, traceId, name, kind, attributes, links });
    return this.result;
  }

  toString(): string {
    return `Marker{${this.label}}`;
  }
}
