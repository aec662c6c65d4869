import { context, diag, DiagConsoleLogger, propagation, trace } from '@spool/api';
import type {
  Attributes,
  ContextManager,
  DiagLogger,
  TextMapPropagator,
  Tracer,
  TracerOptions,
  TracerProvider as ApiTracerProvider,
} from '@spool/api';
import { AsyncLocalStorageContextManager } from '@spool/context-async';
import { OTLPTraceExporter } from '@spool/exporter-otlp';
import { propagatorFromEnv } from '@spool/propagators';
import { samplerFromEnv } from '@spool/samplers';
import type { Sampler } from '@spool/samplers';
import {
  BatchSpanProcessor,
  ConsoleSpanExporter,
  Resource,
  SimpleSpanProcessor,
  TracerProvider,
} from '@spool/sdk-trace';
import type { GeneralLimits, IdGenerator, SpanExporter, SpanLimits, SpanProcessor } from '@spool/sdk-trace';
import { ContainerDetector } from './container-detector.js';
import { detectResources } from './detect-resources.js';
import { EnvDetector } from './env-detector.js';
import { logLevelFromEnv, readEnvConfig } from './env-config.js';
import type { Env, EnvConfig } from './env-config.js';
import { HostDetector } from './host-detector.js';
import { KubernetesDetector } from './kubernetes-detector.js';
import { registerWithOpenTelemetryApi } from './open-telemetry-api-bridge.js';
import type { OpenTelemetryApiBridgeResult } from './open-telemetry-api-bridge.js';
import { OsDetector } from './os-detector.js';
import { ProcessDetector } from './process-detector.js';
import type { ResourceDetector } from './resource-detector.js';
import { ServiceInstanceDetector } from './service-instance-detector.js';
import { installShutdownHandlers } from './shutdown-handlers.js';
import type { ShutdownHandlers } from './shutdown-handlers.js';
import { WaterfallSpanExporter } from './waterfall-span-exporter.js';

/**
 * Options of {@link startTracing} and {@link NodeSDK}. Every one is optional;
 * what is not given comes from the `OTEL_*` environment (see
 * docs/configuration.md), then from the specification's defaults.
 */
export interface NodeSDKOptions {
  /** `service.name`; wins over `OTEL_SERVICE_NAME` and `OTEL_RESOURCE_ATTRIBUTES`. */
  readonly serviceName?: string;
  /** Attributes (or a Resource) merged over everything detected and over the environment's. */
  readonly resource?: Attributes | Resource;
  /** Detectors, highest priority first. Default: by `OTEL_NODE_RESOURCE_DETECTORS` (all built-ins). */
  readonly resourceDetectors?: readonly ResourceDetector[];
  /** Time budget of resource detection. Default 50 ms. */
  readonly resourceDetectionBudgetMillis?: number;
  /** Sampler. Default: `OTEL_TRACES_SAMPLER` / `OTEL_TRACES_SAMPLER_ARG`. */
  readonly sampler?: Sampler;
  /**
   * One exporter, instead of those named by `OTEL_TRACES_EXPORTER`. A
   * {@link WaterfallSpanExporter} or `ConsoleSpanExporter` is fed span by span
   * (SimpleSpanProcessor), any other through a BatchSpanProcessor.
   */
  readonly traceExporter?: SpanExporter;
  /** Span processors, replacing the ones built for the exporters. */
  readonly spanProcessors?: readonly SpanProcessor[];
  /** Propagator, or null for none. Default: `OTEL_PROPAGATORS`. */
  readonly propagator?: TextMapPropagator | null;
  /** Context manager. Default: an enabled `AsyncLocalStorageContextManager`. */
  readonly contextManager?: ContextManager;
  /** Span limits; over `OTEL_SPAN_*`. */
  readonly spanLimits?: SpanLimits;
  /** Attribute limits; over `OTEL_ATTRIBUTE_*`. */
  readonly generalLimits?: GeneralLimits;
  /** Trace and span id generator. Default: random. */
  readonly idGenerator?: IdGenerator;
  /**
   * Register the provider, context manager and propagator as the globals of
   * `@spool/api` (and of `@opentelemetry/api`, see {@link openTelemetryApi}).
   * Default true. With false the handle's `tracerProvider` is used directly.
   */
  readonly registerGlobal?: boolean;
  /** Also register in `@opentelemetry/api` when the application can resolve it. Default true. */
  readonly openTelemetryApi?: boolean;
  /**
   * Flush on SIGTERM/SIGINT and on `beforeExit` (see `installShutdownHandlers`):
   * true (default, only when `registerGlobal`), false, or the signals to handle.
   */
  readonly shutdownOnSignals?: boolean | readonly NodeJS.Signals[];
  /** Deadline for the flush a signal starts. Default 5000 ms. */
  readonly shutdownTimeoutMillis?: number;
  /**
   * Where Spool's diagnostics go, at `OTEL_LOG_LEVEL` (default info): a logger,
   * or false to leave `diag` as it is. Default: `DiagConsoleLogger`, installed
   * only when `registerGlobal`.
   */
  readonly diagLogger?: DiagLogger | false;
  /** The environment to read instead of `process.env` (tests). */
  readonly env?: Env;
}

/** What {@link startTracing} returns: the running SDK. */
export interface TracingHandle {
  /** False when `OTEL_SDK_DISABLED=true`: nothing records and `shutdown` does nothing. */
  readonly enabled: boolean;
  /** The provider (the global no-op one when disabled). */
  readonly tracerProvider: ApiTracerProvider;
  /** The propagator in use (a no-op when none). */
  readonly propagator: TextMapPropagator | undefined;
  /** The resource spans carry (undefined when disabled). */
  readonly resource: Resource | undefined;
  /** The parsed environment. */
  readonly config: EnvConfig;
  /** What `@opentelemetry/api` accepted (all false when it is absent or not asked for). */
  readonly openTelemetryApi: OpenTelemetryApiBridgeResult;
  /** A tracer of this handle's provider. */
  getTracer(name: string, version?: string, options?: TracerOptions): Tracer;
  /** Exports everything queued; resolves when done (never rejects). */
  forceFlush(): Promise<void>;
  /** Flushes and stops; idempotent; resolves when done (never rejects). */
  shutdown(): Promise<void>;
}

const NO_BRIDGE: OpenTelemetryApiBridgeResult = Object.freeze({
  resolvedFrom: undefined,
  tracerProvider: false,
  contextManager: false,
  propagator: false,
});

/**
 * The Spool SDK for Node.js as an object: `new NodeSDK(options).start()`.
 * {@link startTracing} is the same in one call.
 *
 * `start()` builds, from the options and then the `OTEL_*` environment: the
 * resource (detectors, `OTEL_RESOURCE_ATTRIBUTES`, `OTEL_SERVICE_NAME`, the
 * options), the sampler, the exporters (`OTEL_TRACES_EXPORTER`: `otlp` →
 * `OTLPTraceExporter` through a BatchSpanProcessor; `console` →
 * `ConsoleSpanExporter` and `waterfall` → {@link WaterfallSpanExporter}, each
 * through a SimpleSpanProcessor; `none`), the propagator, the context manager
 * and the tracer provider; registers them globally in `@spool/api` and, when
 * resolvable, `@opentelemetry/api`; and installs the shutdown handlers.
 *
 * With `OTEL_SDK_DISABLED=true` nothing is built or registered (except the
 * propagator and context manager when `OTEL_PROPAGATORS` is set, which the
 * specification keeps in effect) and `shutdown()` does nothing.
 *
 * Never throws on the environment: bad values are warned about through `diag`
 * and defaults are used. A component that fails to build (an exporter, a
 * detector) is left out with a `diag.error`. Only invalid options passed in
 * code may throw, from the constructors they are handed to.
 */
export class NodeSDK implements TracingHandle {
  private readonly options: NodeSDKOptions;
  private started = false;
  private provider: TracerProvider | undefined = undefined;
  private handlers: ShutdownHandlers | undefined = undefined;
  private shutdownPromise: Promise<void> | undefined = undefined;
  private _enabled = false;
  private _propagator: TextMapPropagator | undefined = undefined;
  private _resource: Resource | undefined = undefined;
  private _config: EnvConfig | undefined = undefined;
  private _bridge: OpenTelemetryApiBridgeResult = NO_BRIDGE;

  constructor(options: NodeSDKOptions = {}) {
    this.options = options;
  }

  get enabled(): boolean {
    return this._enabled;
  }

  get tracerProvider(): ApiTracerProvider {
    return this.provider ?? trace.getTracerProvider();
  }

  get propagator(): TextMapPropagator | undefined {
    return this._propagator;
  }

  get resource(): Resource | undefined {
    return this._resource;
  }

  get config(): EnvConfig {
    return (this._config ??= readEnvConfig(this.options.env ?? process.env));
  }

  get openTelemetryApi(): OpenTelemetryApiBridgeResult {
    return this._bridge;
  }

  getTracer(name: string, version?: string, options?: TracerOptions): Tracer {
    return this.tracerProvider.getTracer(name, version, options);
  }

  /** Builds and registers everything; a second call does nothing. Returns this. */
  start(): this {
    if (this.started) {
      diag.warn('@spool/sdk-node: NodeSDK.start() called twice; the second call is ignored');
      return this;
    }
    this.started = true;
    const o = this.options;
    const env = o.env ?? process.env;
    const registerGlobal = o.registerGlobal !== false;

    // The logger first, so that the warnings about the other variables are seen.
    let diagLogger: DiagLogger | undefined;
    if (o.diagLogger !== false && (registerGlobal || o.diagLogger !== undefined)) {
      diagLogger = o.diagLogger ?? new DiagConsoleLogger();
      diag.setLogger(diagLogger, { logLevel: logLevelFromEnv(env), suppressOverrideMessage: true });
    }
    const config = readEnvConfig(env);
    this._config = config;
    for (const warning of config.warnings) diag.warn(`@spool/sdk-node: ${warning}`);

    if (config.sdkDisabled) {
      diag.debug('@spool/sdk-node: OTEL_SDK_DISABLED=true; tracing is off');
      // "This setting has no effect on propagators configured through the
      // OTEL_PROPAGATORS variable" (spec: configuration/sdk-environment-variables.md).
      if (registerGlobal && config.propagatorsSet) {
        const contextManager = o.contextManager ?? new AsyncLocalStorageContextManager();
        const propagator = this.buildPropagator(config);
        this._propagator = propagator;
        context.setGlobalContextManager(enable(contextManager));
        if (propagator !== undefined) propagation.setGlobalPropagator(propagator);
        if (o.openTelemetryApi !== false) {
          this._bridge = registerWithOpenTelemetryApi({
            contextManager,
            ...(propagator !== undefined ? { propagator } : {}),
          });
        }
      }
      return this;
    }

    const resource = this.buildResource(env, config);
    const sampler = o.sampler ?? this.buildSampler(config);
    const spanProcessors = o.spanProcessors !== undefined ? [...o.spanProcessors] : this.buildProcessors(config);
    // The provider resolves limits itself (span option, general option, span
    // variable, general variable, default: spec "Span Limits"). It gets only the
    // limit variables readEnvConfig found valid, so bad ones are not warned twice.
    const provider = new TracerProvider(
      {
        resource,
        sampler,
        spanProcessors,
        ...(o.spanLimits !== undefined ? { spanLimits: o.spanLimits } : {}),
        ...(o.generalLimits !== undefined ? { generalLimits: o.generalLimits } : {}),
        ...(o.idGenerator !== undefined ? { idGenerator: o.idGenerator } : {}),
      },
      validLimitVariables(env),
    );
    this.provider = provider;
    this._resource = resource;
    this._enabled = true;
    this._propagator = this.buildPropagator(config);

    if (registerGlobal) {
      const contextManager = enable(o.contextManager ?? new AsyncLocalStorageContextManager());
      const registered = [
        context.setGlobalContextManager(contextManager),
        this._propagator === undefined || propagation.setGlobalPropagator(this._propagator),
        trace.setGlobalTracerProvider(provider),
      ];
      if (registered.includes(false)) {
        diag.warn('@spool/sdk-node: another tracer provider, context manager or propagator was registered first; it was kept');
      }
      if (o.openTelemetryApi !== false) {
        this._bridge = registerWithOpenTelemetryApi({
          tracerProvider: provider,
          contextManager,
          ...(this._propagator !== undefined ? { propagator: this._propagator } : {}),
          // Instrumentations' own diagnostics only when asked for with OTEL_LOG_LEVEL.
          ...(diagLogger !== undefined && config.logLevelSet ? { diagLogger: { logger: diagLogger, logLevel: config.logLevel } } : {}),
        });
      }
    }

    const signals = o.shutdownOnSignals ?? registerGlobal;
    if (signals !== false) {
      this.handlers = installShutdownHandlers(this, {
        ...(Array.isArray(signals) ? { signals } : {}),
        ...(o.shutdownTimeoutMillis !== undefined ? { timeoutMillis: o.shutdownTimeoutMillis } : {}),
      });
    }
    diag.debug(`@spool/sdk-node: tracing started for ${String(resource.attributes['service.name'])}`);
    return this;
  }

  forceFlush(): Promise<void> {
    const provider = this.provider;
    if (provider === undefined) return Promise.resolve();
    return provider.forceFlush().catch((err: unknown) => {
      diag.error(`@spool/sdk-node: forceFlush failed: ${String(err)}`);
    });
  }

  shutdown(): Promise<void> {
    if (this.shutdownPromise !== undefined) return this.shutdownPromise;
    this.handlers?.uninstall();
    const provider = this.provider;
    const done =
      provider === undefined
        ? Promise.resolve()
        : provider.shutdown().catch((err: unknown) => {
            diag.error(`@spool/sdk-node: shutdown failed: ${String(err)}`);
          });
    this.shutdownPromise = done;
    return done;
  }

  private buildResource(env: Env, config: EnvConfig): Resource {
    const o = this.options;
    const detectors = o.resourceDetectors ?? detectorsByName(config.resourceDetectors);
    const detected = detectResources(detectors, {
      env,
      ...(o.resourceDetectionBudgetMillis !== undefined ? { timeBudgetMillis: o.resourceDetectionBudgetMillis } : {}),
    });
    // Lowest to highest precedence: SDK defaults, detected (the env detector first
    // among them), the resource option, the serviceName option.
    let resource = Resource.default({}).merge(new Resource(detected));
    if (o.resource !== undefined) {
      resource = resource.merge(o.resource instanceof Resource ? o.resource : new Resource(o.resource));
    }
    if (o.serviceName !== undefined) resource = resource.merge(new Resource({ 'service.name': o.serviceName }));
    return resource;
  }

  private buildSampler(config: EnvConfig): Sampler {
    // Values were validated (and warned about) by readEnvConfig; hand over only those.
    return samplerFromEnv({
      OTEL_TRACES_SAMPLER: config.tracesSampler,
      OTEL_TRACES_SAMPLER_ARG: config.tracesSamplerArg,
    });
  }

  private buildPropagator(config: EnvConfig): TextMapPropagator | undefined {
    if (this.options.propagator === null) return undefined;
    if (this.options.propagator !== undefined) return this.options.propagator;
    return propagatorFromEnv({ OTEL_PROPAGATORS: config.propagators.join(',') });
  }

  private buildProcessors(config: EnvConfig): SpanProcessor[] {
    const exporter = this.options.traceExporter;
    if (exporter !== undefined) return [this.processorFor(exporter, config)];
    const processors: SpanProcessor[] = [];
    for (const name of config.tracesExporters) {
      try {
        if (name === 'otlp') processors.push(this.processorFor(new OTLPTraceExporter({}, this.options.env ?? process.env), config));
        else if (name === 'console') processors.push(new SimpleSpanProcessor(new ConsoleSpanExporter()));
        else if (name === 'waterfall') processors.push(new SimpleSpanProcessor(new WaterfallSpanExporter()));
      } catch (err) {
        diag.error(`@spool/sdk-node: the ${name} exporter could not be built and is left out: ${String(err)}`);
      }
    }
    return processors;
  }

  private processorFor(exporter: SpanExporter, config: EnvConfig): SpanProcessor {
    if (exporter instanceof WaterfallSpanExporter || exporter instanceof ConsoleSpanExporter) {
      return new SimpleSpanProcessor(exporter);
    }
    const bsp = config.batchSpanProcessor;
    return new BatchSpanProcessor(
      exporter,
      {
        maxQueueSize: bsp.maxQueueSize,
        maxExportBatchSize: bsp.maxExportBatchSize,
        scheduledDelayMillis: bsp.scheduledDelayMillis,
        exportTimeoutMillis: bsp.exportTimeoutMillis,
      },
      {},
    );
  }
}

/**
 * Starts Spool tracing in one call: `new NodeSDK(options).start()`. See
 * {@link NodeSDK} for what is built and registered, and docs/configuration.md
 * for every option and `OTEL_*` variable. Never throws on a bad environment.
 *
 * ```ts
 * import { startTracing } from '@spool/sdk-node';
 * const tracing = startTracing({ serviceName: 'checkout' });
 * // ...
 * await tracing.shutdown();
 * ```
 */
export function startTracing(options: NodeSDKOptions = {}): TracingHandle {
  return new NodeSDK(options).start();
}

/** The built-in detectors, in priority order, filtered by `OTEL_NODE_RESOURCE_DETECTORS` names. */
function detectorsByName(names: readonly string[]): ResourceDetector[] {
  const all: ResourceDetector[] = [
    new EnvDetector(),
    new KubernetesDetector(),
    new ContainerDetector(),
    new HostDetector(),
    new OsDetector(),
    new ProcessDetector(),
    new ServiceInstanceDetector(),
  ];
  if (names.includes('none')) return [];
  if (names.includes('all')) return all;
  return all.filter((d) => names.includes(d.name));
}

const LIMIT_VARIABLES = [
  'OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT',
  'OTEL_ATTRIBUTE_COUNT_LIMIT',
  'OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT',
  'OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT',
  'OTEL_SPAN_EVENT_COUNT_LIMIT',
  'OTEL_SPAN_LINK_COUNT_LIMIT',
  'OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT',
  'OTEL_LINK_ATTRIBUTE_COUNT_LIMIT',
] as const;

/** The limit variables of `env` that hold a valid value (readEnvConfig warned about the others). */
function validLimitVariables(env: Env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of LIMIT_VARIABLES) {
    const value = env[name]?.trim();
    if (value !== undefined && /^\d{1,10}$/.test(value) && Number(value) <= 2 ** 31 - 1) out[name] = value;
  }
  return out;
}

function enable(manager: ContextManager): ContextManager {
  try {
    manager.enable();
  } catch (err) {
    diag.error(`@spool/sdk-node: enabling the context manager failed: ${String(err)}`);
  }
  return manager;
}
