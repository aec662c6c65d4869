import { trace } from '@opentelemetry/api';
import { expect } from '../../harness/child-report.js';
import { runMicro } from '../../harness/micro-child.js';

// No SDK registered: @opentelemetry/api hands out its no-op tracer, whose
// spans are the least any API can do. An SDK's unsampled span should be close.
const tracer = trace.getTracer('bench', '1.0.0');

runMicro({
  impl: 'baseline',
  op() {
    tracer.startSpan('op').end();
  },
  check() {
    const span = tracer.startSpan('probe');
    expect(!span.isRecording(), 'the no-op span does not record');
    span.end();
    return { recording: false, traceId: span.spanContext().traceId };
  },
});
