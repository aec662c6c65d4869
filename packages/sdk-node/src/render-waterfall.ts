import { SpanStatusCode } from '@spool/api';
import type { HrTime } from '@spool/api';
import type { ReadableSpan } from '@spool/sdk-trace';

/** Options of {@link renderWaterfall}. */
export interface RenderWaterfallOptions {
  /** Width of the timeline bar in characters (8..200). Default 40. */
  readonly barWidth?: number;
  /** Wrap services, bars and errors in ANSI colours. Default false. */
  readonly colors?: boolean;
  /** One row per span event under its span. Default true. */
  readonly showEvents?: boolean;
  /** A note printed in the header, such as why the trace is incomplete. */
  readonly note?: string;
}

const MAX_DEPTH = 16;
const MAX_NAME = 48;
const MAX_SERVICE = 32;
const RESET = '\x1b[0m';
const DIM = '\x1b[2m';
const BOLD = '\x1b[1m';
const RED = '\x1b[31m';
/** Foreground colours cycled through per service (cyan, green, yellow, magenta, blue). */
const PALETTE = ['\x1b[36m', '\x1b[32m', '\x1b[33m', '\x1b[35m', '\x1b[34m'];

interface Row {
  readonly span: ReadableSpan;
  readonly depth: number;
}

/**
 * Renders the spans of one trace as a text waterfall: a header line with the
 * trace id, the root's name, the trace's duration and span count, then one row
 * per span — the service (`service.name` of its resource), the span name
 * indented under its parent, a bar placed and sized by the span's start and
 * duration on the trace's timeline, the duration, and `✗` with the status
 * message for spans with status ERROR. Span events follow their span as
 * `· name` rows with a `◆` at their time on the timeline and their offset
 * from the span's start.
 *
 * Children are ordered by start time. A span whose parent is not among
 * `spans` is drawn at the top level. Nesting deeper than 16 levels is drawn at
 * level 16, and names longer than 48 characters are cut with `…`. Returns ''
 * for an empty list. Never throws on odd spans (negative durations or a
 * missing resource are drawn as zero and `unknown_service`).
 */
export function renderWaterfall(spans: readonly ReadableSpan[], options: RenderWaterfallOptions = {}): string {
  if (spans.length === 0) return '';
  const barWidth = clampInt(options.barWidth ?? 40, 8, 200);
  const colors = options.colors === true;
  const showEvents = options.showEvents !== false;

  const rows = orderAsTree(spans);
  let start = Infinity;
  let end = -Infinity;
  for (const span of spans) {
    const s = toMillis(span.startTime);
    const e = Math.max(s, toMillis(span.endTime));
    if (s < start) start = s;
    if (e > end) end = e;
  }
  const total = end - start;

  const services: string[] = [];
  let serviceWidth = 7;
  let nameWidth = 4;
  for (const { span, depth } of rows) {
    const service = serviceOf(span);
    if (!services.includes(service)) services.push(service);
    serviceWidth = Math.max(serviceWidth, Math.min(service.length, MAX_SERVICE));
    nameWidth = Math.max(nameWidth, Math.min(depth * 2 + span.name.length, MAX_NAME));
    if (showEvents) {
      for (const event of span.events) nameWidth = Math.max(nameWidth, Math.min(depth * 2 + 4 + event.name.length, MAX_NAME));
    }
  }

  const root = rows[0]!.span;
  const paint = (code: string, text: string): string => (colors ? code + text + RESET : text);
  const errors = spans.filter((s) => s.status.code === SpanStatusCode.ERROR).length;
  let header =
    `trace ${root.spanContext().traceId}  ${root.name}  ${formatDuration(total)}  ` +
    `${spans.length} span${spans.length === 1 ? '' : 's'}, ${services.length} service${services.length === 1 ? '' : 's'}`;
  if (errors > 0) header += paint(RED, `, ${errors} error${errors === 1 ? '' : 's'}`);
  if (options.note !== undefined) header += `  (${options.note})`;

  const lines: string[] = [paint(BOLD, header)];
  for (const { span, depth } of rows) {
    const service = serviceOf(span);
    const colour = PALETTE[services.indexOf(service) % PALETTE.length]!;
    const s = toMillis(span.startTime) - start;
    const d = Math.max(0, toMillis(span.endTime) - toMillis(span.startTime));
    const failed = span.status.code === SpanStatusCode.ERROR;
    const name = fit(' '.repeat(depth * 2) + span.name, nameWidth);
    let line =
      paint(colour, fit(service, serviceWidth)) +
      ' ' +
      name +
      ' |' +
      paint(failed ? RED : colour, bar(s, d, total, barWidth)) +
      '| ' +
      formatDuration(d).padStart(9);
    if (failed) {
      const message = span.status.message;
      line += ' ' + paint(RED, message !== undefined && message !== '' ? `✗ ${message}` : '✗ error');
    }
    lines.push(line);
    if (showEvents) {
      for (const event of span.events) {
        const at = Math.max(0, toMillis(event.time) - toMillis(span.startTime));
        const label = fit(' '.repeat(depth * 2 + 2) + '· ' + event.name, nameWidth);
        lines.push(paint(DIM, `${' '.repeat(serviceWidth)} ${label}  ${marker(s + at, total, barWidth)}  +${formatDuration(at)}`));
      }
    }
  }
  return lines.map((l) => l.trimEnd()).join('\n') + '\n';
}

/** Depth-first order: roots (and spans whose parent is absent) by start time, each followed by its children. */
function orderAsTree(spans: readonly ReadableSpan[]): Row[] {
  const byId = new Map<string, ReadableSpan>();
  for (const span of spans) byId.set(span.spanContext().spanId, span);
  const children = new Map<string, ReadableSpan[]>();
  const roots: ReadableSpan[] = [];
  for (const span of spans) {
    const parentId = span.parentSpanContext?.spanId;
    if (parentId === undefined || !byId.has(parentId) || parentId === span.spanContext().spanId) {
      roots.push(span);
      continue;
    }
    let list = children.get(parentId);
    if (list === undefined) children.set(parentId, (list = []));
    list.push(span);
  }
  // A true root (no parent at all) comes before spans whose parent is elsewhere.
  const byStart = (a: ReadableSpan, b: ReadableSpan): number => toMillis(a.startTime) - toMillis(b.startTime);
  roots.sort((a, b) => Number(a.parentSpanContext !== undefined) - Number(b.parentSpanContext !== undefined) || byStart(a, b));
  const rows: Row[] = [];
  const seen = new Set<string>();
  const visit = (span: ReadableSpan, depth: number): void => {
    const id = span.spanContext().spanId;
    if (seen.has(id)) return; // a cycle of parent ids: draw each span once
    seen.add(id);
    rows.push({ span, depth: Math.min(depth, MAX_DEPTH) });
    const kids = children.get(id);
    if (kids === undefined) return;
    kids.sort(byStart);
    for (const kid of kids) visit(kid, depth + 1);
  };
  for (const root of roots) visit(root, 0);
  // Spans only reachable through a cycle were not visited: draw them at the top level.
  for (const span of spans) if (!seen.has(span.spanContext().spanId)) visit(span, 0);
  return rows;
}

function bar(startMs: number, durationMs: number, totalMs: number, width: number): string {
  if (totalMs <= 0) return '█'.repeat(width);
  let from = Math.floor((startMs / totalMs) * width);
  if (from >= width) from = width - 1;
  let to = Math.round(((startMs + durationMs) / totalMs) * width);
  if (to <= from) to = from + 1; // every span is at least one cell wide
  if (to > width) to = width;
  return ' '.repeat(from) + '█'.repeat(to - from) + ' '.repeat(width - to);
}

/** The bar area of an event row: a `◆` where the event happened on the timeline. */
function marker(atMs: number, totalMs: number, width: number): string {
  let col = totalMs <= 0 ? 0 : Math.floor((atMs / totalMs) * width);
  if (col >= width) col = width - 1;
  if (col < 0) col = 0;
  return ' '.repeat(col) + '◆' + ' '.repeat(width - col - 1);
}

function serviceOf(span: ReadableSpan): string {
  const name = span.resource?.attributes?.['service.name'];
  return typeof name === 'string' && name !== '' ? name : 'unknown_service';
}

function fit(text: string, width: number): string {
  return text.length > width ? text.slice(0, width - 1) + '…' : text.padEnd(width);
}

function toMillis(time: HrTime | undefined): number {
  if (time === undefined) return 0;
  return time[0] * 1e3 + time[1] / 1e6;
}

/** `950 µs`, `12.3 ms`, `1.24 s`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '0 µs';
  if (ms < 1) return `${Math.round(ms * 1000)} µs`;
  if (ms < 1000) return `${ms < 100 ? ms.toFixed(1) : Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

function clampInt(n: number, min: number, max: number): number {
  if (!Number.isFinite(n)) return min;
  return Math.min(max, Math.max(min, Math.floor(n)));
}
