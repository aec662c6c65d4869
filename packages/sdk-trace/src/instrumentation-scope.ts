import type { Attributes } from '@spool/api';

/**
 * The library that created a span (OpenTelemetry "InstrumentationScope"): the
 * `name`, `version` and `schemaUrl` given to `getTracer`, and optional scope
 * attributes.
 */
export interface InstrumentationScope {
  readonly name: string;
  readonly version?: string;
  readonly schemaUrl?: string;
  readonly attributes?: Attributes;
}
