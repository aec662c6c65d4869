import type { SpanAttributes } from './attributes.js';
import type { Exception } from './exception.js';
import { INVALID_SPAN_CONTEXT } from './invalid-span-context.js';
import type { Link } from './link.js';
import type { Span } from './span.js';
import type { SpanContext } from './span-context.js';
import type { SpanStatus } from './span-status.js';
import type { TimeInput } from './time.js';

/**
 * A span that records nothing and only carries a span context: what the API
 * returns before an SDK is registered, for unsampled or suppressed spans, and
 * to put a remote parent into a context. Every method is a no-op.
 */
export class NonRecordingSpan implements Span {
  private readonly _spanContext: SpanContext;

  /**
   * @param spanContext the context to carry; the invalid (all-zero) context
   *   when absent or not an object.
   */
  constructor(spanContext: SpanContext = INVALID_SPAN_CONTEXT) {
    this._spanContext = typeof spanContext === 'object' && spanContext !== null ? spanContext : INVALID_SPAN_CONTEXT;
  }

  /** The carried span context. */
  spanContext(): SpanContext {
    return this._spanContext;
  }

  /** Ignored. */
  setAttribute(_key: string, _value: unknown): this {
    return this;
  }

  /** Ignored. */
  setAttributes(_attributes: SpanAttributes): this {
    return this;
  }

  /** Ignored. */
  addEvent(_name: string, _attributesOrStartTime?: unknown, _startTime?: TimeInput): this {
    return this;
  }

  /** Ignored. */
  addLink(_link: Link): this {
    return this;
  }

  /** Ignored. */
  addLinks(_links: Link[]): this {
    return this;
  }

  /** Ignored. */
  setStatus(_status: SpanStatus): this {
    return this;
  }

  /** Ignored. */
  updateName(_name: string): this {
    return this;
  }

  /** Ignored. */
  end(_endTime?: TimeInput): void {}

  /** Always false. */
  isRecording(): boolean {
    return false;
  }

  /** Ignored. */
  recordException(_exception: Exception, _time?: TimeInput): void {}
}
