import { performance } from 'node:perf_hooks';
import { diag } from '@spool/api';
import type { Attributes } from '@spool/api';
import type { Env } from './env-config.js';
import type { ResourceDetector } from './resource-detector.js';

/** Options of {@link detectResources}. */
export interface DetectResourcesOptions {
  /** Environment handed to each detector. Default `process.env`. */
  readonly env?: Env;
  /**
   * Time budget for the whole detection, in ms. Once it is spent, the detectors
   * not yet run are skipped (and named once through `diag.warn`). Default 50.
   */
  readonly timeBudgetMillis?: number;
}

/**
 * Runs `detectors` in order and merges what they find; the first detector to
 * report a key wins, so list them from highest to lowest priority.
 *
 * Never throws and never waits: a detector that throws is skipped with a
 * `diag.warn`; values that are not valid attribute values (not a string,
 * number, boolean or homogeneous array of them) are dropped; when the time
 * budget is spent the remaining detectors are skipped.
 */
export function detectResources(
  detectors: readonly ResourceDetector[],
  options: DetectResourcesOptions = {},
): Attributes {
  const env = options.env ?? process.env;
  const budget = options.timeBudgetMillis ?? 50;
  const started = performance.now();
  const merged: Attributes = {};
  for (let i = 0; i < detectors.length; i++) {
    const detector = detectors[i]!;
    if (i > 0 && performance.now() - started > budget) {
      const skipped = detectors.slice(i).map((d) => d.name).join(', ');
      diag.warn(`@spool/sdk-node: resource detection took over ${budget} ms; skipped detectors: ${skipped}`);
      break;
    }
    let found: Attributes;
    try {
      found = detector.detect(env);
    } catch (err) {
      diag.warn(`@spool/sdk-node: resource detector "${detector.name}" failed and was skipped: ${String(err)}`);
      continue;
    }
    if (found === null || typeof found !== 'object') continue;
    for (const key of Object.keys(found)) {
      if (key === '' || key in merged) continue;
      const value = found[key];
      if (isAttributeValue(value)) merged[key] = value;
    }
  }
  return merged;
}

function isAttributeValue(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    default:
      return Array.isArray(value) && value.every((v) => v === null || v === undefined || ['string', 'number', 'boolean'].includes(typeof v));
  }
}
