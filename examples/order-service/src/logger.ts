import { pino } from 'pino';
import { traceLogFields } from '@spool/sdk-node';

/**
 * The example's logger: every line carries the `trace_id`, `span_id` and
 * `trace_flags` of the span active when it is written, so a log backend can
 * jump from the line to its trace.
 */
export const logger = pino({ base: undefined, mixin: () => traceLogFields() });
