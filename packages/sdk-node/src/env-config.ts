import { DiagLogLevel } from '@spool/api';

/** An environment: the shape of `process.env`, or a plain object in tests. */
export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Every tracing `OTEL_*` variable of the OpenTelemetry specification that
 * `@spool/sdk-node` acts on, parsed once. Built by {@link readEnvConfig}; frozen.
 *
 * The OTLP exporter's own variables (`OTEL_EXPORTER_OTLP_*`) are read by
 * `@spool/exporter-otlp`, which owns them; this config only records whether an
 * endpoint was given, so that callers can choose a local exporter when none is.
 */
export interface EnvConfig {
  /** `OTEL_SDK_DISABLED`: a no-op SDK when true. Default false. */
  readonly sdkDisabled: boolean;
  /** `OTEL_LOG_LEVEL`: level of the diag logger. Default `INFO`. */
  readonly logLevel: DiagLogLevel;
  /** Whether `OTEL_LOG_LEVEL` was set to a recognised value. */
  readonly logLevelSet: boolean;
  /** `OTEL_SERVICE_NAME`, trimmed; undefined when unset or empty. */
  readonly serviceName: string | undefined;
  /** `OTEL_RESOURCE_ATTRIBUTES`, raw; parsed by the resource code. */
  readonly resourceAttributes: string | undefined;
  /** `OTEL_PROPAGATORS`: lower-cased, trimmed, de-duplicated names. Default `tracecontext,baggage`. */
  readonly propagators: readonly string[];
  /** Whether `OTEL_PROPAGATORS` was set (the spec keeps it in effect when the SDK is disabled). */
  readonly propagatorsSet: boolean;
  /** `OTEL_TRACES_SAMPLER`: a known sampler name. Default `parentbased_always_on`. */
  readonly tracesSampler: string;
  /** `OTEL_TRACES_SAMPLER_ARG`: kept only when it is valid for {@link tracesSampler}. */
  readonly tracesSamplerArg: string | undefined;
  /** `OTEL_TRACES_EXPORTER`: de-duplicated known names. Default `otlp`; `none` gives an empty list. */
  readonly tracesExporters: readonly string[];
  /** Whether `OTEL_EXPORTER_OTLP_ENDPOINT` or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` is set. */
  readonly otlpEndpointSet: boolean;
  /** `OTEL_NODE_RESOURCE_DETECTORS`: detector names. Default `all`. */
  readonly resourceDetectors: readonly string[];
  /** `OTEL_BSP_*`. */
  readonly batchSpanProcessor: BatchProcessorEnvConfig;
  /** `OTEL_ATTRIBUTE_*` and `OTEL_SPAN_*`, `OTEL_EVENT_*`, `OTEL_LINK_*` limits. */
  readonly spanLimits: SpanLimitsEnvConfig;
  /** One sentence per ignored value, in the order the variables were read. */
  readonly warnings: readonly string[];
}

/** The batch span processor's settings from `OTEL_BSP_*` (spec defaults when unset or bad). */
export interface BatchProcessorEnvConfig {
  /** `OTEL_BSP_SCHEDULE_DELAY`, ms. Default 5000. */
  readonly scheduledDelayMillis: number;
  /** `OTEL_BSP_EXPORT_TIMEOUT`, ms; 0 means indefinite (2^31-1 ms). Default 30000. */
  readonly exportTimeoutMillis: number;
  /** `OTEL_BSP_MAX_QUEUE_SIZE`, positive. Default 2048. */
  readonly maxQueueSize: number;
  /** `OTEL_BSP_MAX_EXPORT_BATCH_SIZE`, positive and at most the queue size. Default 512. */
  readonly maxExportBatchSize: number;
}

/** Attribute and span limits (spec defaults when unset or bad). `Infinity` means no limit. */
export interface SpanLimitsEnvConfig {
  /** `OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT`. Default no limit. */
  readonly attributeValueLengthLimit: number;
  /** `OTEL_ATTRIBUTE_COUNT_LIMIT`. Default 128. */
  readonly attributeCountLimit: number;
  /** `OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT`, falling back to the general limit. */
  readonly spanAttributeValueLengthLimit: number;
  /** `OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT`, falling back to the general limit. */
  readonly spanAttributeCountLimit: number;
  /** `OTEL_SPAN_EVENT_COUNT_LIMIT`. Default 128. */
  readonly eventCountLimit: number;
  /** `OTEL_SPAN_LINK_COUNT_LIMIT`. Default 128. */
  readonly linkCountLimit: number;
  /** `OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT`. Default 128. */
  readonly attributePerEventCountLimit: number;
  /** `OTEL_LINK_ATTRIBUTE_COUNT_LIMIT`. Default 128. */
  readonly attributePerLinkCountLimit: number;
}

/** Sampler names of the specification's `OTEL_TRACES_SAMPLER` that Spool builds. */
const KNOWN_SAMPLERS = new Set([
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
]);
/** Spec sampler names that need a remote service Spool does not ship a client for. */
const UNSUPPORTED_SAMPLERS = new Set(['jaeger_remote', 'parentbased_jaeger_remote', 'xray']);
/** Exporter names of `OTEL_TRACES_EXPORTER` that Spool builds (`waterfall` is Spool's own). */
const KNOWN_EXPORTERS = new Set(['otlp', 'console', 'waterfall', 'none']);
/** Spec exporter names Spool does not ship. */
const UNSUPPORTED_EXPORTERS = new Set(['zipkin', 'jaeger', 'otlp/stdout']);
/** Names accepted by `OTEL_NODE_RESOURCE_DETECTORS` (the OpenTelemetry JS variable). */
const KNOWN_DETECTORS = new Set([
  'all',
  'none',
  'env',
  'host',
  'os',
  'process',
  'container',
  'serviceinstance',
  'k8s',
]);

const LOG_LEVELS: Readonly<Record<string, DiagLogLevel>> = {
  NONE: DiagLogLevel.NONE,
  ERROR: DiagLogLevel.ERROR,
  WARN: DiagLogLevel.WARN,
  INFO: DiagLogLevel.INFO,
  DEBUG: DiagLogLevel.DEBUG,
  VERBOSE: DiagLogLevel.VERBOSE,
  ALL: DiagLogLevel.ALL,
};

/** "indefinite" timeouts become the largest 32-bit millisecond count (spec: Timeout). */
const INDEFINITE_MS = 2 ** 31 - 1;
/** Largest integer the spec asks implementations to accept (spec: Integer). */
const MAX_INT = 2 ** 31 - 1;

/**
 * Parses every tracing `OTEL_*` variable Spool honours into a frozen {@link EnvConfig}.
 *
 * Never throws. Following the specification's configuration types
 * (configuration/sdk-environment-variables.md): an empty value is the same as unset;
 * a boolean is true only for case-insensitive `"true"`; a number that does not parse,
 * is negative or is out of range is ignored with a warning and the default is used;
 * an unknown enum value is ignored with a warning. Each ignored value adds one
 * sentence to `warnings` naming the variable, the value and the default used; the
 * caller decides where to print them (`startTracing` sends them to `diag.warn`).
 *
 * @param env - the environment to read; `process.env` by default.
 */
export function readEnvConfig(env: Env = process.env): EnvConfig {
  const warnings: string[] = [];
  const r = new EnvReader(env, warnings);

  const sdkDisabled = r.boolean('OTEL_SDK_DISABLED');
  const level = r.logLevel();
  const serviceName = r.string('OTEL_SERVICE_NAME');
  const resourceAttributes = r.string('OTEL_RESOURCE_ATTRIBUTES');

  const propagatorsRaw = r.list('OTEL_PROPAGATORS');
  // Unknown propagator names are kept: vendors add their own with registerPropagator(),
  // and propagatorFromEnv() is where an unregistered name is reported.
  const propagators = propagatorsRaw ?? ['tracecontext', 'baggage'];

  const { sampler, samplerArg } = r.sampler();
  const tracesExporters = r.exporters();
  const otlpEndpointSet =
    r.string('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT') !== undefined ||
    r.string('OTEL_EXPORTER_OTLP_ENDPOINT') !== undefined;
  const resourceDetectors = r.detectors();

  const maxQueueSize = r.integer('OTEL_BSP_MAX_QUEUE_SIZE', 2048, 1);
  let maxExportBatchSize = r.integer('OTEL_BSP_MAX_EXPORT_BATCH_SIZE', 512, 1);
  if (maxExportBatchSize > maxQueueSize) {
    warnings.push(
      `OTEL_BSP_MAX_EXPORT_BATCH_SIZE=${maxExportBatchSize} is larger than the queue size ${maxQueueSize}; using ${maxQueueSize}`,
    );
    maxExportBatchSize = maxQueueSize;
  }
  const batchSpanProcessor: BatchProcessorEnvConfig = Object.freeze({
    scheduledDelayMillis: r.integer('OTEL_BSP_SCHEDULE_DELAY', 5000, 0),
    exportTimeoutMillis: r.timeout('OTEL_BSP_EXPORT_TIMEOUT', 30000),
    maxQueueSize,
    maxExportBatchSize,
  });

  const attributeValueLengthLimit = r.integer('OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT', Infinity, 0);
  const attributeCountLimit = r.integer('OTEL_ATTRIBUTE_COUNT_LIMIT', 128, 0);
  const spanLimits: SpanLimitsEnvConfig = Object.freeze({
    attributeValueLengthLimit,
    attributeCountLimit,
    // Span-specific limits take precedence over the general ones (spec: common/README.md#attribute-limits).
    spanAttributeValueLengthLimit: r.integer('OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT', attributeValueLengthLimit, 0),
    spanAttributeCountLimit: r.integer('OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT', attributeCountLimit, 0),
    eventCountLimit: r.integer('OTEL_SPAN_EVENT_COUNT_LIMIT', 128, 0),
    linkCountLimit: r.integer('OTEL_SPAN_LINK_COUNT_LIMIT', 128, 0),
    attributePerEventCountLimit: r.integer('OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT', 128, 0),
    attributePerLinkCountLimit: r.integer('OTEL_LINK_ATTRIBUTE_COUNT_LIMIT', 128, 0),
  });

  return Object.freeze({
    sdkDisabled,
    logLevel: level.value,
    logLevelSet: level.set,
    serviceName,
    resourceAttributes,
    propagators: Object.freeze(propagators),
    propagatorsSet: propagatorsRaw !== undefined,
    tracesSampler: sampler,
    tracesSamplerArg: samplerArg,
    tracesExporters: Object.freeze(tracesExporters),
    otlpEndpointSet,
    resourceDetectors: Object.freeze(resourceDetectors),
    batchSpanProcessor,
    spanLimits,
    warnings: Object.freeze(warnings),
  });
}

/**
 * Reads only `OTEL_LOG_LEVEL` (so the diag logger can be installed before the
 * other variables are parsed and warned about). Unset, empty or unknown: `INFO`.
 */
export function logLevelFromEnv(env: Env = process.env): DiagLogLevel {
  const raw = env['OTEL_LOG_LEVEL'];
  if (raw === undefined) return DiagLogLevel.INFO;
  return LOG_LEVELS[raw.trim().toUpperCase()] ?? DiagLogLevel.INFO;
}

/** One reader per parse: keeps the env and the warning list together. */
class EnvReader {
  constructor(
    private readonly env: Env,
    private readonly warnings: string[],
  ) {}

  /** Trimmed value, or undefined when unset or empty (spec: Parsing empty value). */
  string(name: string): string | undefined {
    const raw = this.env[name];
    if (typeof raw !== 'string') return undefined;
    const value = raw.trim();
    return value === '' ? undefined : value;
  }

  /** Comma-separated list: trimmed, lower-cased, empty items and duplicates dropped. */
  list(name: string): string[] | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    const out: string[] = [];
    for (const item of value.split(',')) {
      const v = item.trim().toLowerCase();
      if (v !== '' && !out.includes(v)) out.push(v);
    }
    return out.length === 0 ? undefined : out;
  }

  boolean(name: string): boolean {
    const value = this.string(name);
    if (value === undefined) return false;
    const lower = value.toLowerCase();
    if (lower === 'true') return true;
    if (lower !== 'false') this.warn(name, value, 'false', 'it is not "true" or "false"');
    return false;
  }

  /** A decimal integer in [min, 2^31-1]; anything else warns and gives `dflt`. */
  integer(name: string, dflt: number, min: number): number {
    const value = this.string(name);
    if (value === undefined) return dflt;
    if (!/^[+-]?\d+$/.test(value)) {
      this.warn(name, value, describe(dflt), 'it is not an integer');
      return dflt;
    }
    const n = Number(value);
    if (n < min || n > MAX_INT) {
      this.warn(name, value, describe(dflt), `it is outside [${min}, ${MAX_INT}]`);
      return dflt;
    }
    return n;
  }

  /** A non-negative millisecond timeout; 0 means indefinite (spec: Timeout). */
  timeout(name: string, dflt: number): number {
    const n = this.integer(name, dflt, 0);
    return n === 0 ? INDEFINITE_MS : n;
  }

  logLevel(): { value: DiagLogLevel; set: boolean } {
    const value = this.string('OTEL_LOG_LEVEL');
    if (value === undefined) return { value: DiagLogLevel.INFO, set: false };
    const level = LOG_LEVELS[value.toUpperCase()];
    if (level === undefined) {
      this.warn('OTEL_LOG_LEVEL', value, 'info', `it is not one of ${Object.keys(LOG_LEVELS).join(', ').toLowerCase()}`);
      return { value: DiagLogLevel.INFO, set: false };
    }
    return { value: level, set: true };
  }

  sampler(): { sampler: string; samplerArg: string | undefined } {
    const dflt = 'parentbased_always_on';
    const name = this.string('OTEL_TRACES_SAMPLER')?.toLowerCase();
    const arg = this.string('OTEL_TRACES_SAMPLER_ARG');
    if (name === undefined) {
      // The argument is used only when OTEL_TRACES_SAMPLER is set (spec: General SDK Configuration).
      return { sampler: dflt, samplerArg: undefined };
    }
    if (!KNOWN_SAMPLERS.has(name)) {
      const why = UNSUPPORTED_SAMPLERS.has(name) ? 'Spool does not ship that sampler' : 'it is not a known sampler';
      this.warn('OTEL_TRACES_SAMPLER', name, dflt, why);
      return { sampler: dflt, samplerArg: undefined };
    }
    if (arg === undefined) return { sampler: name, samplerArg: undefined };
    if (name === 'traceidratio' || name === 'parentbased_traceidratio') {
      const ratio = Number(arg);
      if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(arg) || !(ratio >= 0 && ratio <= 1)) {
        // Invalid input MUST be logged and ignored, as if the argument were unset (spec).
        this.warn('OTEL_TRACES_SAMPLER_ARG', arg, '1.0', 'a ratio must be a number in [0, 1]');
        return { sampler: name, samplerArg: undefined };
      }
      return { sampler: name, samplerArg: arg };
    }
    // The other samplers take no argument; it is ignored silently, as the spec allows.
    return { sampler: name, samplerArg: undefined };
  }

  exporters(): string[] {
    const names = this.list('OTEL_TRACES_EXPORTER');
    if (names === undefined) return ['otlp'];
    const out: string[] = [];
    let known = 0;
    for (const raw of names) {
      // "logging" is the deprecated alias of "console" (spec: Exporter Selection).
      const name = raw === 'logging' ? 'console' : raw;
      if (!KNOWN_EXPORTERS.has(name)) {
        const why = UNSUPPORTED_EXPORTERS.has(name) ? 'Spool does not ship that exporter' : 'it is not a known exporter';
        this.warn('OTEL_TRACES_EXPORTER', raw, 'the other entries (otlp when none is left)', why);
        continue;
      }
      known++;
      if (name !== 'none' && !out.includes(name)) out.push(name);
    }
    // A setting with no recognised entry is ignored as a whole (spec: Enum), so the default applies;
    // "none" on its own means no automatically configured exporter.
    return known === 0 ? ['otlp'] : out;
  }

  detectors(): string[] {
    const names = this.list('OTEL_NODE_RESOURCE_DETECTORS');
    if (names === undefined) return ['all'];
    const out: string[] = [];
    for (const name of names) {
      if (KNOWN_DETECTORS.has(name)) out.push(name);
      else this.warn('OTEL_NODE_RESOURCE_DETECTORS', name, 'the other entries (all when none is left)', 'it is not a known detector');
    }
    return out.length === 0 ? ['all'] : out;
  }

  private warn(name: string, value: string, dflt: string, why: string): void {
    this.warnings.push(`${name}=${JSON.stringify(value)} ignored because ${why}; using ${dflt}`);
  }
}

function describe(n: number): string {
  return n === Infinity ? 'no limit' : String(n);
}
