import { context, diag, propagation, trace, TraceFlags } from '@spool/api';
import type {
  Attributes,
  ContextManager,
  TextMapPropagator,
  TracerOptions,
  TracerProvider as ApiTracerProvider,
} from '@spool/api';
import { fixedSamplingResults, samplerFromEnv } from '@spool/samplers';
import type { Sampler } from '@spool/samplers';
import type { IdGenerator } from './id-generator.js';
import { InvalidOptionError } from './invalid-option-error.js';
import { MultiSpanProcessor } from './multi-span-processor.js';
import { NoopSpanProcessor } from './noop-span-processor.js';
import { RandomIdGenerator } from './random-id-generator.js';
import { Resource } from './resource.js';
import { resolveSpanLimits } from './span-limits.js';
import type { GeneralLimits, SpanLimits } from './span-limits.js';
import type { SpanProcessor } from './span-processor.js';
import type { Env } from './trace-env.js';
import { readTraceEnv } from './trace-env.js';
import { Tracer } from './tracer.js';
import type { TracerSharedState } from './tracer.js';

/** Options of {@link TracerProvider}. Every field is optional. */
export interface TracerProviderConfig {
  /** Merged over `Resource.default()` (so service.name and telemetry.sdk.* are always present). */
  resource?: Resource;
  /**
   * Head sampler; default: what `OTEL_TRACES_SAMPLER` / `OTEL_TRACES_SAMPLER_ARG`
   * name (see `samplerFromEnv`), else `ParentBased(root: AlwaysOn)`.
   */
  sampler?: Sampler;
  /** Per-span limits; see {@link SpanLimits} for the `OTEL_*` fallbacks. */
  spanLimits?: SpanLimits;
  /** Limits for every attribute collection. */
  generalLimits?: GeneralLimits;
  /** Custom id generator; default Spool's pooled random ids. */
  idGenerator?: IdGenerator;
  /** Processors, called in this order. */
  spanProcessors?: SpanProcessor[];
}

/** Options of {@link TracerProvider.register}. */
export interface TracerProviderRegisterOptions {
  /** Enabled and set as the global context manager. sdk-trace ships none; see `@spool/context-async`. */
  contextManager?: ContextManager;
  /** Set as the global propagator. sdk-trace ships none; see `@spool/propagators`. */
  propagator?: TextMapPropagator;
}

/** `getTracer` options: the OpenTelemetry `TracerOptions` plus scope attributes. */
export interface GetTracerOptions extends TracerOptions {
  /** Instrumentation scope attributes. */
  attributes?: Attributes;
}

/**
 * The SDK's tracer provider: owns the resource, sampler, limits, id generator and
 * span processors, and hands out {@link Tracer}s.
 *
 * Setup errors in code options (a sampler without `shouldSample`, a negative
 * limit, a processor without `onEnd`) throw `InvalidOptionError`; `OTEL_*`
 * variables never throw (a bad one warns and its default is used). `env` is the
 * environment to read (default `process.env`).
 */
export class TracerProvider implements ApiTracerProvider {
  /** The resource every span of this provider carries. */
  readonly resource: Resource;
  private readonly _shared: TracerSharedState;
  private readonly _tracers = new Map<string, Tracer[]>();
  private _shutdown: Promise<void> | undefined;

  constructor(config: TracerProviderConfig = {}, env: Env = process.env) {
    const envConfig = readTraceEnv(env);
    const limits = resolveSpanLimits(config.spanLimits, config.generalLimits, envConfig);
    const base = Resource.default(env);
    this.resource = config.resource === undefined ? base : base.merge(checkResource(config.resource));
    // The SDK reads OTEL_TRACES_SAMPLER itself (spec: "General SDK Configuration"),
    // so a provider built without @spool/sdk-node still honours the Operator's setting.
    const sampler = config.sampler ?? samplerFromEnv(env);
    if (sampler === null || typeof sampler !== 'object' || typeof sampler.shouldSample !== 'function') {
      throw new InvalidOptionError('sampler', sampler, 'an object with shouldSample()');
    }
    let idGenerator: IdGenerator | undefined = config.idGenerator;
    let rootRandomFlag = TraceFlags.RANDOM as number;
    if (idGenerator !== undefined) {
      if (
        idGenerator === null ||
        typeof idGenerator.generateTraceId !== 'function' ||
        typeof idGenerator.generateSpanId !== 'function'
      ) {
        throw new InvalidOptionError('idGenerator', idGenerator, 'an object with generateTraceId() and generateSpanId()');
      }
      if (idGenerator instanceof RandomIdGenerator) {
        idGenerator = undefined; // the built-in generator: use the pooled fast path
      } else {
        rootRandomFlag = idGenerator.isTraceIdRandom?.() === true ? (TraceFlags.RANDOM as number) : 0;
      }
    }
    const processors = config.spanProcessors ?? [];
    if (!Array.isArray(processors)) throw new InvalidOptionError('spanProcessors', processors, 'an array');
    processors.forEach((p, i) => {
      if (p === null || typeof p !== 'object' || typeof p.onStart !== 'function' || typeof p.onEnd !== 'function') {
        throw new InvalidOptionError(`spanProcessors[${i}]`, p, 'a SpanProcessor');
      }
    });
    // With one processor the span calls it directly: no loop, no extra frame.
    const processor =
      processors.length === 0
        ? new NoopSpanProcessor()
        : processors.length === 1
          ? processors[0]!
          : new MultiSpanProcessor(processors);
    this._shared = {
      active: true,
      resource: this.resource,
      sampler,
      limits,
      processor,
      idGenerator,
      rootRandomFlag,
      fixed: fixedSamplingResults(sampler),
    };
  }

  /**
   * The tracer for a scope: the same object for the same `(name, version,
   * schemaUrl)`. An empty or non-string name is accepted (spec: a working tracer
   * is returned) with a warning. After shutdown the tracer makes only
   * non-recording spans.
   */
  getTracer(name: string, version?: string, options?: GetTracerOptions): Tracer {
    if (typeof name !== 'string' || name === '') {
      diag.warn(`Spool: getTracer called with an invalid name ${JSON.stringify(String(name))}; using it as is`);
      name = typeof name === 'string' ? name : String(name ?? '');
    }
    const schemaUrl = options === undefined || options === null ? undefined : options.schemaUrl;
    // Keyed by name, then a short scan on version/schemaUrl: no string key built per call.
    let list = this._tracers.get(name);
    if (list !== undefined) {
      for (let i = 0; i < list.length; i++) {
        const scope = list[i]!.instrumentationScope;
        if (scope.version === version && scope.schemaUrl === schemaUrl) return list[i]!;
      }
    } else {
      list = [];
      this._tracers.set(name, list);
    }
    const scope: { name: string; version?: string; schemaUrl?: string; attributes?: Attributes } = { name };
    if (version !== undefined) scope.version = version;
    if (schemaUrl !== undefined) scope.schemaUrl = schemaUrl;
    if (options !== undefined && options !== null && options.attributes !== undefined) {
      scope.attributes = Object.freeze({ ...options.attributes });
    }
    const tracer = new Tracer(Object.freeze(scope), this._shared);
    list.push(tracer);
    return tracer;
  }

  /**
   * Makes this provider the global one of `@spool/api` (and so of every
   * `trace.getTracer` call), and optionally sets the global context manager
   * (enabled first) and propagator. Returns nothing; a refused registration (one
   * already set) is reported by the API through `diag`.
   */
  register(options: TracerProviderRegisterOptions = {}): void {
    trace.setGlobalTracerProvider(this);
    if (options.contextManager !== undefined) {
      options.contextManager.enable();
      context.setGlobalContextManager(options.contextManager);
    }
    if (options.propagator !== undefined) propagation.setGlobalPropagator(options.propagator);
  }

  /** Flushes every processor. Resolves (never rejects) when they are done. */
  forceFlush(): Promise<void> {
    if (this._shutdown !== undefined) return Promise.resolve();
    return guard(() => this._shared.processor.forceFlush(), 'forceFlush');
  }

  /**
   * Stops recording (spans started afterwards are non-recording), then shuts the
   * processors down. Safe to call more than once: later calls return the first
   * call's promise. Never rejects.
   */
  shutdown(): Promise<void> {
    if (this._shutdown === undefined) {
      this._shared.active = false;
      this._shutdown = guard(() => this._shared.processor.shutdown(), 'shutdown');
    }
    return this._shutdown;
  }
}

function checkResource(resource: unknown): Resource {
  if (resource instanceof Resource) return resource;
  if (resource !== null && typeof resource === 'object' && typeof (resource as Resource).attributes === 'object') {
    const r = resource as { attributes: Attributes; schemaUrl?: string };
    return new Resource(r.attributes, r.schemaUrl);
  }
  throw new InvalidOptionError('resource', resource, 'a Resource');
}

async function guard(fn: () => Promise<void>, what: string): Promise<void> {
  try {
    await fn();
  } catch (err) {
    diag.error(`Spool: span processor ${what} failed`, err);
  }
}
