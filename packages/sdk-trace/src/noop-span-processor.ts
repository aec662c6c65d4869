import type { SpanProcessor } from './span-processor.js';

/** The processor used when none is configured: does nothing. */
export class NoopSpanProcessor implements SpanProcessor {
  onStart(): void {}
  onEnd(): void {}
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
