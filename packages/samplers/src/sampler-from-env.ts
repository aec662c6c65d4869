import { diag } from '@spool/api';
import { AlwaysOffSampler } from './always-off-sampler.js';
import { AlwaysOnSampler } from './always-on-sampler.js';
import { describeValue } from './describe-value.js';
import { ParentBasedSampler } from './parent-based-sampler.js';
import type { Sampler } from './sampler.js';
import { TraceIdRatioBasedSampler } from './trace-id-ratio-based-sampler.js';

const DEFAULT_SAMPLER = 'parentbased_always_on';
const DEFAULT_RATIO = 1;

/** Names of the specification that Spool does not implement (sdk-environment-variables.md). */
const UNSUPPORTED = new Set(['jaeger_remote', 'parentbased_jaeger_remote', 'xray']);

/** A decimal number: digits with an optional fraction and exponent (no hex, no `Infinity`). */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * The ratio of `OTEL_TRACES_SAMPLER_ARG`: unset or blank is the default 1.0
 * without a warning; anything but a decimal number in [0, 1] is the default
 * with one warning naming the variable, the value and the default.
 */
function ratioFromEnv(raw: string | undefined): number {
  const value = raw?.trim() ?? '';
  if (value === '') return DEFAULT_RATIO;
  const ratio = DECIMAL.test(value) ? Number(value) : Number.NaN;
  if (ratio >= 0 && ratio <= 1) return ratio;
  diag.warn(`OTEL_TRACES_SAMPLER_ARG=${describeValue(raw)} is not a ratio in [0, 1]; using the default ${DEFAULT_RATIO}`);
  return DEFAULT_RATIO;
}

/**
 * The sampler the environment asks for (OpenTelemetry SDK environment
 * variables, "General SDK Configuration"):
 *
 * | `OTEL_TRACES_SAMPLER`      | sampler                                            |
 * |----------------------------|----------------------------------------------------|
 * | `always_on`                | `AlwaysOnSampler`                                  |
 * | `always_off`               | `AlwaysOffSampler`                                 |
 * | `traceidratio`             | `TraceIdRatioBased(OTEL_TRACES_SAMPLER_ARG)`       |
 * | `parentbased_always_on`    | `ParentBased(root=AlwaysOn)` (the default)         |
 * | `parentbased_always_off`   | `ParentBased(root=AlwaysOff)`                      |
 * | `parentbased_traceidratio` | `ParentBased(root=TraceIdRatioBased(ARG))`         |
 *
 * Names are trimmed and case-insensitive. `OTEL_TRACES_SAMPLER_ARG` is the ratio
 * for the two ratio samplers (default 1.0) and is ignored by the others.
 *
 * Never throws: an unset or blank `OTEL_TRACES_SAMPLER` gives the default
 * silently; an unknown name (or `jaeger_remote`, `parentbased_jaeger_remote`,
 * `xray`, which Spool does not implement) gives `parentbased_always_on` with one
 * `diag` warning naming the variable, the value and the default; a bad ratio
 * gives 1.0 with one such warning.
 *
 * @param env the variables to read; default `process.env` (tests pass their own object)
 */
export function samplerFromEnv(env: Record<string, string | undefined> = process.env): Sampler {
  const raw = env.OTEL_TRACES_SAMPLER;
  const name = raw?.trim().toLowerCase() ?? '';
  switch (name) {
    case '':
    case 'parentbased_always_on':
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'traceidratio':
      return new TraceIdRatioBasedSampler(ratioFromEnv(env.OTEL_TRACES_SAMPLER_ARG));
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratioFromEnv(env.OTEL_TRACES_SAMPLER_ARG)) });
    default:
      diag.warn(
        `OTEL_TRACES_SAMPLER=${describeValue(raw)} is ${UNSUPPORTED.has(name) ? 'not supported by Spool' : 'not a known sampler'}; using the default ${DEFAULT_SAMPLER}`,
      );
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
  }
}
