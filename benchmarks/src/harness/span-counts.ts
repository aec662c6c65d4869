import { expect } from './child-report.js';

/** Span accounting a span benchmark reports (ChildReport.counts). */
export interface SpanCounts {
  readonly spansCreated: number;
  readonly spansExported: number;
  readonly spansDropped: number;
  /** 1 when spansDropped comes from the SDK's own counter, 0 when it is created - exported. */
  readonly dropsReportedBySdk: number;
  readonly [key: string]: number;
}

/**
 * The check shared by span scenarios: the exporter behind the batch
 * processor received spans (when sampled) or none (when not), and every
 * created span is either exported or counted as dropped.
 */
export function verifySpanCounts(counts: SpanCounts, sampled: boolean): Record<string, number> {
  if (sampled) expect(counts.spansExported > 0, `the exporter received spans (got ${counts.spansExported} of ${counts.spansCreated})`);
  else expect(counts.spansExported === 0, `an unsampled span never reaches the exporter (got ${counts.spansExported})`);
  if (sampled) {
    expect(counts.spansExported + counts.spansDropped === counts.spansCreated,
      `created ${counts.spansCreated} = exported ${counts.spansExported} + dropped ${counts.spansDropped}`);
  }
  return { ...counts };
}
