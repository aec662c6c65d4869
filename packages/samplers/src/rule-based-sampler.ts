import { diag } from '@spool/api';
import type { Attributes, AttributeValue, Context, Link, SpanKind } from '@spool/api';
import { AlwaysOnSampler } from './always-on-sampler.js';
import { describeValue } from './describe-value.js';
import { DEFAULT_HEALTH_CHECK_PATHS, HealthCheckMatcher } from './health-check-matcher.js';
import { ParentBasedSampler } from './parent-based-sampler.js';
import type { Sampler, SamplingResult } from './sampler.js';
import { DROPPED } from './sampling-result-constants.js';

/** What one start attribute must be for a {@link SamplingRule} to match. */
export type AttributeMatcher = string | number | boolean | RegExp;

/**
 * One rule of a {@link RuleBasedSampler}. Every condition given must hold
 * (logical AND); a rule with no condition matches every span.
 */
export interface SamplingRule {
  /** The span name: equal to a string, or matched by a RegExp. */
  name?: string | RegExp;
  /** The span kind (`SpanKind.SERVER`, ...). */
  kind?: SpanKind;
  /**
   * Start attributes by key: a string, number or boolean must be equal (`===`);
   * a RegExp is tested against the value as a string. For an array value the
   * condition holds when one element matches. A missing attribute never matches.
   */
  attributes?: Readonly<Record<string, AttributeMatcher>>;
  /** Decides for the spans this rule matches. */
  sampler: Sampler;
}

/** Configuration of {@link RuleBasedSampler}. */
export interface RuleBasedSamplerConfig {
  /** Checked in order; the first rule that matches decides. */
  rules?: readonly SamplingRule[];
  /** Decides when no rule matches. Default `ParentBased(root=AlwaysOn)`, the SDK default. */
  fallback?: Sampler;
  /**
   * Drop health-check and metrics-scrape spans before any rule: `true` for
   * {@link RuleBasedSampler.HEALTH_CHECK_PATHS} (`/health`, `/healthz`,
   * `/readyz`, `/livez`, `/metrics`), or your own list of paths. Matched on
   * the `url.path`, `http.route` and `http.target` start attributes and on the
   * span name (`/healthz`, `GET /healthz`). Default false.
   */
  dropHealthChecks?: boolean | readonly string[];
}

/** A rule checked and normalised at construction (fixed shape). */
class CompiledRule {
  constructor(
    readonly name: string | undefined,
    readonly nameRe: RegExp | undefined,
    readonly kind: number,
    readonly keys: readonly string[],
    readonly expected: readonly AttributeMatcher[],
    readonly sampler: Sampler,
    readonly description: string,
  ) {}
}

function isSampler(value: unknown): value is Sampler {
  return typeof value === 'object' && value !== null && typeof (value as Sampler).shouldSample === 'function';
}

/** A RegExp without the `g`/`y` flags, whose `test` would otherwise depend on `lastIndex`. */
function statelessRegExp(re: RegExp): RegExp {
  return re.global || re.sticky ? new RegExp(re.source, re.flags.replace(/[gy]/g, '')) : re;
}

function scalarMatches(value: unknown, expected: AttributeMatcher): boolean {
  if (expected instanceof RegExp) {
    switch (typeof value) {
      case 'string':
        return expected.test(value);
      case 'number':
      case 'boolean':
        return expected.test(String(value));
      default:
        return false;
    }
  }
  return value === expected;
}

function attributeMatches(value: AttributeValue | undefined, expected: AttributeMatcher): boolean {
  if (value === undefined || value === null) return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (scalarMatches(value[i], expected)) return true;
    return false;
  }
  return scalarMatches(value, expected);
}

function compileRule(rule: unknown, index: number): CompiledRule | undefined {
  const drop = (why: string): undefined => {
    diag.warn(`RuleBasedSampler: rule ${index} dropped: ${why} (a rule with a condition ignored could match spans it was not meant for)`);
    return undefined;
  };
  if (typeof rule !== 'object' || rule === null) return drop(`it is ${describeValue(rule)}, not an object`);
  const r = rule as Partial<SamplingRule>;
  if (!isSampler(r.sampler)) return drop(`its sampler is ${describeValue(r.sampler)}`);
  const parts: string[] = [];
  let name: string | undefined;
  let nameRe: RegExp | undefined;
  if (typeof r.name === 'string') {
    name = r.name;
    parts.push(`name=${JSON.stringify(name)}`);
  } else if (r.name instanceof RegExp) {
    nameRe = statelessRegExp(r.name);
    parts.push(`name=${String(nameRe)}`);
  } else if (r.name !== undefined) {
    return drop(`its name is ${describeValue(r.name)}, not a string or RegExp`);
  }
  let kind = -1;
  if (r.kind !== undefined) {
    if (typeof r.kind !== 'number' || !Number.isInteger(r.kind) || r.kind < 0 || r.kind > 4) {
      return drop(`its kind is ${describeValue(r.kind)}, not a SpanKind`);
    }
    kind = r.kind;
    parts.push(`kind=${kind}`);
  }
  const keys: string[] = [];
  const expected: AttributeMatcher[] = [];
  if (r.attributes !== undefined) {
    if (typeof r.attributes !== 'object' || r.attributes === null) {
      return drop(`its attributes are ${describeValue(r.attributes)}, not an object`);
    }
    for (const key of Object.keys(r.attributes)) {
      let v: unknown = r.attributes[key];
      if (v instanceof RegExp) v = statelessRegExp(v);
      else if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
        return drop(`its attribute ${JSON.stringify(key)} is ${describeValue(v)}, not a string, number, boolean or RegExp`);
      }
      keys.push(key);
      expected.push(v as AttributeMatcher);
      parts.push(`${key}=${v instanceof RegExp ? String(v) : JSON.stringify(v)}`);
    }
  }
  return new CompiledRule(name, nameRe, kind, keys, expected, r.sampler, `{${parts.join(', ')}} -> ${r.sampler.toString()}`);
}

function compileHealthPaths(option: unknown): readonly string[] {
  if (option === undefined || option === false) return [];
  if (option === true) return DEFAULT_HEALTH_CHECK_PATHS;
  if (!Array.isArray(option)) {
    diag.warn(`RuleBasedSampler: dropHealthChecks is ${describeValue(option)}, not a boolean or a list of paths; health checks are not dropped`);
    return [];
  }
  const paths: string[] = [];
  for (const p of option as unknown[]) {
    if (typeof p === 'string' && p.length > 1 && p.charCodeAt(0) === 47) paths.push(p);
    else diag.warn(`RuleBasedSampler: health-check path ${describeValue(p)} dropped: not a path such as "/healthz"`);
  }
  return Object.freeze(paths);
}

/**
 * Decides by span name, kind and start attributes: the first matching rule's
 * sampler decides, the `fallback` when none matches. Optionally drops
 * health-check and metrics-scrape spans first (`dropHealthChecks`), so probes
 * that hit a pod every few seconds do not fill the trace backend.
 *
 * It is meant as the `root` of a {@link ParentBasedSampler}, so that rules
 * decide where a trace starts and the rest of the trace follows:
 *
 * ```ts
 * new ParentBasedSampler({
 *   root: new RuleBasedSampler({
 *     dropHealthChecks: true,
 *     rules: [{ name: /^POST \/checkout/, sampler: new AlwaysOnSampler() }],
 *     fallback: new TraceIdRatioBasedSampler(0.1),
 *   }),
 * });
 * ```
 *
 * Only what is known at span start can be used (name, kind, the attributes
 * passed to `startSpan`): status, duration and attributes set later are not.
 *
 * Bad input never throws: an invalid rule (not an object, no sampler, a `name`,
 * `kind` or attribute matcher of the wrong type) is dropped as a whole with a
 * `diag` warning naming its index (ignoring only the bad condition could make
 * a drop rule match everything); an invalid `fallback` becomes the default; a
 * `dropHealthChecks` path that does not start with `/` is dropped. RegExps with
 * the `g` or `y` flag are copied without it, so matching is stateless.
 *
 * Cost per call: the health-check test (three attribute lookups and the
 * name, most paths rejected after two char codes) and, per rule until one
 * matches, integer and string comparisons or `RegExp.test`. No allocation of
 * its own.
 *
 * Description: `RuleBased{healthChecks=[...], rules=[{...} -> <sampler>, ...], fallback=<sampler>}`.
 */
export class RuleBasedSampler implements Sampler {
  /** The paths `dropHealthChecks: true` drops: `/health`, `/healthz`, `/readyz`, `/livez`, `/metrics`. */
  static readonly HEALTH_CHECK_PATHS: readonly string[] = DEFAULT_HEALTH_CHECK_PATHS;

  private readonly _rules: readonly CompiledRule[];
  private readonly _fallback: Sampler;
  private readonly _healthPaths: readonly string[];
  private readonly _healthCheck: HealthCheckMatcher | undefined;

  /** @param config see {@link RuleBasedSamplerConfig} */
  constructor(config: RuleBasedSamplerConfig = {}) {
    const c: Partial<RuleBasedSamplerConfig> = typeof config === 'object' && config !== null ? config : {};
    if (c !== config) diag.warn(`RuleBasedSampler: config is ${describeValue(config)}, not an object; using no rules`);
    const rules: CompiledRule[] = [];
    if (Array.isArray(c.rules)) {
      for (let i = 0; i < c.rules.length; i++) {
        const compiled = compileRule(c.rules[i], i);
        if (compiled !== undefined) rules.push(compiled);
      }
    } else if (c.rules !== undefined) {
      diag.warn(`RuleBasedSampler: rules is ${describeValue(c.rules)}, not an array; using no rules`);
    }
    this._rules = Object.freeze(rules);
    if (isSampler(c.fallback)) {
      this._fallback = c.fallback;
    } else {
      this._fallback = new ParentBasedSampler({ root: new AlwaysOnSampler() });
      if (c.fallback !== undefined) {
        diag.warn(`RuleBasedSampler: fallback is ${describeValue(c.fallback)}, not a sampler; using ${this._fallback.toString()}`);
      }
    }
    this._healthPaths = compileHealthPaths(c.dropHealthChecks);
    this._healthCheck = this._healthPaths.length > 0 ? new HealthCheckMatcher(this._healthPaths) : undefined;
  }

  /** Drops health checks (when enabled), then asks the first matching rule's sampler, else the fallback. */
  shouldSample(
    context: Context,
    traceId: string,
    spanName: string,
    spanKind: SpanKind,
    attributes: Attributes,
    links: Link[],
  ): SamplingResult {
    if (this._healthCheck !== undefined && this._healthCheck.matches(spanName, attributes)) return DROPPED;
    const rules = this._rules;
    outer: for (let i = 0; i < rules.length; i++) {
      const rule = rules[i] as CompiledRule;
      if (rule.kind !== -1 && rule.kind !== spanKind) continue;
      if (rule.name !== undefined && rule.name !== spanName) continue;
      if (rule.nameRe !== undefined && (typeof spanName !== 'string' || !rule.nameRe.test(spanName))) continue;
      const keys = rule.keys;
      if (keys.length > 0) {
        if (attributes === undefined || attributes === null) continue;
        for (let k = 0; k < keys.length; k++) {
          if (!attributeMatches(attributes[keys[k] as string], rule.expected[k] as AttributeMatcher)) continue outer;
        }
      }
      return rule.sampler.shouldSample(context, traceId, spanName, spanKind, attributes, links);
    }
    return this._fallback.shouldSample(context, traceId, spanName, spanKind, attributes, links);
  }

  /** `RuleBased{healthChecks=[...], rules=[...], fallback=...}`. */
  toString(): string {
    const rules = this._rules.map((r) => r.description).join(', ');
    return `RuleBased{healthChecks=[${this._healthPaths.join(', ')}], rules=[${rules}], fallback=${this._fallback.toString()}}`;
  }
}
