import type { Attributes } from '@spool/api';
import { resourceFromEnv } from '@spool/sdk-trace';
import type { Env } from './env-config.js';
import type { ResourceDetector } from './resource-detector.js';

/**
 * Detects what the user set in the environment: `OTEL_RESOURCE_ATTRIBUTES`
 * (`key=value` pairs, percent-encoded values) and `OTEL_SERVICE_NAME`, which
 * wins over a `service.name` in the former. Parsing and its warnings for
 * malformed pairs belong to `resourceFromEnv` of `@spool/sdk-trace`.
 */
export class EnvDetector implements ResourceDetector {
  readonly name = 'env';

  detect(env: Env): Attributes {
    // Only the two resource variables are handed over, so sdk-trace does not parse
    // (and warn about) the rest of the environment a second time.
    const only = { OTEL_SERVICE_NAME: env['OTEL_SERVICE_NAME'], OTEL_RESOURCE_ATTRIBUTES: env['OTEL_RESOURCE_ATTRIBUTES'] };
    return { ...resourceFromEnv(only).attributes };
  }
}
