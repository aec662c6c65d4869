import type { Attributes } from '@spool/api';
import type { Env } from './env-config.js';

/**
 * Finds resource attributes about where the process runs.
 *
 * Detectors are synchronous and local: they read the environment, `node:os`,
 * `process` and small files, never the network, so start-up is never waiting on
 * a remote metadata service. A detector returns only the attributes it found;
 * one that throws is skipped by {@link detectResources}.
 */
export interface ResourceDetector {
  /** Short name, as used in `OTEL_NODE_RESOURCE_DETECTORS` (`host`, `k8s`, ...). */
  readonly name: string;
  /** Returns what it found; an empty object when nothing applies. */
  detect(env: Env): Attributes;
}
