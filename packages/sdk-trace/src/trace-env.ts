import { diag } from '@spool/api';
import type { Attributes } from '@spool/api';

/** An environment to read `OTEL_*` variables from; `process.env` by default. */
export type Env = Record<string, string | undefined>;

/**
 * Every `OTEL_*` variable this package honours, parsed once into a frozen object.
 * An unset or empty variable is `undefined` (the caller applies the spec default).
 */
export interface TraceEnv {
  readonly attributeCountLimit: number | undefined;
  readonly attributeValueLengthLimit: number | undefined;
  readonly spanAttributeCountLimit: number | undefined;
  readonly spanAttributeValueLengthLimit: number | undefined;
  readonly spanEventCountLimit: number | undefined;
  readonly spanLinkCountLimit: number | undefined;
  readonly eventAttributeCountLimit: number | undefined;
  readonly linkAttributeCountLimit: number | undefined;
  readonly bspScheduleDelay: number | undefined;
  readonly bspExportTimeout: number | undefined;
  readonly bspMaxQueueSize: number | undefined;
  readonly bspMaxExportBatchSize: number | undefined;
  readonly serviceName: string | undefined;
  /** OTEL_RESOURCE_ATTRIBUTES, percent-decoded; bad entries already skipped. */
  readonly resourceAttributes: Readonly<Attributes>;
}

const parsed = new WeakMap<Env, TraceEnv>();

/**
 * Reads this package's `OTEL_*` variables from `env`. Each environment object is
 * parsed once (on the first call) and the frozen result reused, so every bad value
 * is reported once: through `diag.warn`, naming the variable, the value and the
 * default used instead; the variable is then treated as unset. Never throws.
 */
export function readTraceEnv(env: Env = process.env): TraceEnv {
  let config = parsed.get(env);
  if (config === undefined) {
    config = parseTraceEnv(env);
    parsed.set(env, config);
  }
  return config;
}

function parseTraceEnv(env: Env): TraceEnv {
  return Object.freeze({
    attributeCountLimit: readInt(env, 'OTEL_ATTRIBUTE_COUNT_LIMIT', 0, '128'),
    attributeValueLengthLimit: readInt(env, 'OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT', 0, 'no limit'),
    spanAttributeCountLimit: readInt(env, 'OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT', 0, '128'),
    spanAttributeValueLengthLimit: readInt(env, 'OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT', 0, 'no limit'),
    spanEventCountLimit: readInt(env, 'OTEL_SPAN_EVENT_COUNT_LIMIT', 0, '128'),
    spanLinkCountLimit: readInt(env, 'OTEL_SPAN_LINK_COUNT_LIMIT', 0, '128'),
    eventAttributeCountLimit: readInt(env, 'OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT', 0, '128'),
    linkAttributeCountLimit: readInt(env, 'OTEL_LINK_ATTRIBUTE_COUNT_LIMIT', 0, '128'),
    bspScheduleDelay: readInt(env, 'OTEL_BSP_SCHEDULE_DELAY', 0, '5000'),
    bspExportTimeout: readInt(env, 'OTEL_BSP_EXPORT_TIMEOUT', 1, '30000'),
    bspMaxQueueSize: readInt(env, 'OTEL_BSP_MAX_QUEUE_SIZE', 1, '2048'),
    bspMaxExportBatchSize: readInt(env, 'OTEL_BSP_MAX_EXPORT_BATCH_SIZE', 1, '512'),
    serviceName: readString(env, 'OTEL_SERVICE_NAME'),
    resourceAttributes: Object.freeze(parseResourceAttributes(env['OTEL_RESOURCE_ATTRIBUTES'])),
  });
}

function readString(env: Env, name: string): string | undefined {
  const raw = env[name];
  if (raw === undefined) return undefined;
  const value = raw.trim();
  return value === '' ? undefined : value;
}

/** A decimal integer >= `min`; anything else warns and reads as unset. */
function readInt(env: Env, name: string, min: number, defaultText: string): number | undefined {
  const value = readString(env, name);
  if (value === undefined) return undefined;
  if (/^[0-9]+$/.test(value)) {
    const n = Number(value);
    if (n >= min && Number.isSafeInteger(n)) return n;
  }
  diag.warn(
    `Spool: ignoring ${name}=${JSON.stringify(value)}: expected an integer >= ${min}; using the default (${defaultText})`
  );
  return undefined;
}

/**
 * Parses OTEL_RESOURCE_ATTRIBUTES: `key1=value1,key2=value2`, keys and values
 * percent-decoded and trimmed. An entry without `=`, with an empty key or with a
 * malformed percent-escape is skipped with a warning; the other entries are kept
 * (the whole variable is not discarded). A later duplicate key wins.
 */
function parseResourceAttributes(raw: string | undefined): Attributes {
  const out: Attributes = {};
  if (raw === undefined || raw.trim() === '') return out;
  for (const entry of raw.split(',')) {
    if (entry.trim() === '') continue;
    const eq = entry.indexOf('=');
    if (eq === -1) {
      diag.warn(`Spool: OTEL_RESOURCE_ATTRIBUTES: skipping entry ${JSON.stringify(entry)}: expected key=value`);
      continue;
    }
    let key: string;
    let value: string;
    try {
      key = decodeURIComponent(entry.slice(0, eq).trim());
      value = decodeURIComponent(entry.slice(eq + 1).trim());
    } catch {
      diag.warn(`Spool: OTEL_RESOURCE_ATTRIBUTES: skipping entry ${JSON.stringify(entry)}: malformed percent-encoding`);
      continue;
    }
    if (key === '') {
      diag.warn(`Spool: OTEL_RESOURCE_ATTRIBUTES: skipping entry ${JSON.stringify(entry)}: empty key`);
      continue;
    }
    if (key === '__proto__') {
      Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    } else {
      out[key] = value;
    }
  }
  return out;
}
