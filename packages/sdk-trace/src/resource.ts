import { diag, DiagLogLevel } from '@spool/api';
import type { AttributeValue, Attributes } from '@spool/api';
import { basename } from 'node:path';
import { sanitizeAttributeValue, setOwn, warnInvalidValue } from './sanitize-attributes.js';
import type { Env } from './trace-env.js';
import { readTraceEnv } from './trace-env.js';
import { VERSION } from './version.js';

/**
 * The entity producing telemetry (OpenTelemetry "Resource"): immutable attributes
 * and an optional schema URL. Shape-compatible with `@opentelemetry/resources` 2.x
 * `Resource`, so OpenTelemetry JS exporters read it.
 *
 * Attribute values that are not valid attribute values are dropped with a warning;
 * null/undefined values are skipped.
 */
export class Resource {
  /** The attributes (frozen). */
  readonly attributes: Attributes;
  /** The schema URL, if any. */
  readonly schemaUrl?: string;

  /** Creates a resource from `attributes` (validated and copied) and an optional `schemaUrl`. */
  constructor(attributes: Attributes = {}, schemaUrl?: string) {
    const copy: Attributes = {};
    if (attributes !== null && typeof attributes === 'object') {
      for (const key in attributes) {
        const raw = attributes[key];
        if (raw === null || raw === undefined) continue;
        const value = sanitizeAttributeValue(raw, Infinity);
        if (value === undefined || key === '') {
          if (diag.isEnabled(DiagLogLevel.WARN)) warnInvalidValue('Resource', key, raw);
          continue;
        }
        setOwn(copy, key, value);
      }
    }
    this.attributes = Object.freeze(copy);
    if (typeof schemaUrl === 'string' && schemaUrl !== '') this.schemaUrl = schemaUrl;
  }

  /** A resource with no attributes. */
  static empty(): Resource {
    return EMPTY;
  }

  /**
   * The SDK default resource: `service.name` = `unknown_service:<process name>`,
   * `telemetry.sdk.name` = `spool`, `telemetry.sdk.language` = `nodejs`,
   * `telemetry.sdk.version`, merged with {@link resourceFromEnv} (so
   * `OTEL_RESOURCE_ATTRIBUTES` and `OTEL_SERVICE_NAME` win over the defaults).
   */
  static default(env: Env = process.env): Resource {
    return new Resource({
      'service.name': `unknown_service:${processName()}`,
      'telemetry.sdk.language': 'nodejs',
      'telemetry.sdk.name': 'spool',
      'telemetry.sdk.version': VERSION,
    }).merge(resourceFromEnv(env));
  }

  /**
   * A new resource with the attributes of both; `other` wins on a key present in
   * both. Schema URL: whichever is set; when both are set and differ the result
   * keeps `other`'s and a warning is logged (the spec leaves this case to the
   * implementation). `null`/`undefined` returns this resource.
   */
  merge(other: { readonly attributes: Attributes; readonly schemaUrl?: string } | null | undefined): Resource {
    if (other === null || other === undefined) return this;
    const attributes: Attributes = {};
    for (const key in this.attributes) setOwn(attributes, key, this.attributes[key] as AttributeValue);
    for (const key in other.attributes) {
      const value = other.attributes[key];
      if (value !== undefined && value !== null) setOwn(attributes, key, value);
    }
    let schemaUrl = this.schemaUrl;
    const otherUrl = other.schemaUrl;
    if (otherUrl !== undefined && otherUrl !== '') {
      if (schemaUrl !== undefined && schemaUrl !== otherUrl) {
        diag.warn(`Spool: Resource.merge: schema URLs differ (${schemaUrl} and ${otherUrl}); keeping ${otherUrl}`);
      }
      schemaUrl = otherUrl;
    }
    return new Resource(attributes, schemaUrl);
  }

  /** The attributes as `[key, value]` pairs (the `@opentelemetry/resources` 2.x accessor). */
  getRawAttributes(): [string, AttributeValue | undefined][] {
    return Object.entries(this.attributes);
  }
}

const EMPTY = new Resource({});

function processName(): string {
  const name = process.argv0 || process.execPath || 'node';
  return basename(name);
}

/**
 * A resource from `OTEL_RESOURCE_ATTRIBUTES` (`k=v,k2=v2`, percent-decoded; a bad
 * entry is skipped with a warning, the others kept) and `OTEL_SERVICE_NAME`, which
 * wins over a `service.name` in `OTEL_RESOURCE_ATTRIBUTES`. Empty when neither is set.
 */
export function resourceFromEnv(env: Env = process.env): Resource {
  const config = readTraceEnv(env);
  const attributes: Attributes = { ...config.resourceAttributes };
  if (config.serviceName !== undefined) attributes['service.name'] = config.serviceName;
  return new Resource(attributes);
}
