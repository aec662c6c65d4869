import { diag } from '@spool/api';
import type { Context, Span } from '@spool/api';
import type { ReadableSpan } from './readable-span.js';
import type { SpanProcessor } from './span-processor.js';

/**
 * Runs several processors in registration order. A processor that throws is
 * reported through `diag` and the others still run; `forceFlush` and `shutdown`
 * wait for all and never reject.
 */
export class MultiSpanProcessor implements SpanProcessor {
  private readonly _processors: readonly SpanProcessor[];

  constructor(processors: readonly SpanProcessor[]) {
    this._processors = processors.slice();
  }

  onStart(span: Span & ReadableSpan, parentContext: Context): void {
    const ps = this._processors;
    for (let i = 0; i < ps.length; i++) {
      try {
        ps[i]!.onStart(span, parentContext);
      } catch (err) {
        diag.error('Spool: a span processor threw in onStart', err);
      }
    }
  }

  onEnd(span: ReadableSpan): void {
    const ps = this._processors;
    for (let i = 0; i < ps.length; i++) {
      try {
        ps[i]!.onEnd(span);
      } catch (err) {
        diag.error('Spool: a span processor threw in onEnd', err);
      }
    }
  }

  forceFlush(): Promise<void> {
    return settleAll(this._processors.map((p) => callSafely(p, 'forceFlush')));
  }

  shutdown(): Promise<void> {
    return settleAll(this._processors.map((p) => callSafely(p, 'shutdown')));
  }
}

function callSafely(p: SpanProcessor, method: 'forceFlush' | 'shutdown'): Promise<void> {
  try {
    return Promise.resolve(p[method]()).catch((err: unknown) => {
      diag.error(`Spool: span processor ${method} failed`, err);
    });
  } catch (err) {
    diag.error(`Spool: span processor ${method} threw`, err);
    return Promise.resolve();
  }
}

async function settleAll(promises: Promise<void>[]): Promise<void> {
  await Promise.all(promises);
}
