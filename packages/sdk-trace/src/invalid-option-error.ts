/**
 * Thrown at setup (a constructor) when an option passed in code is invalid, e.g. a
 * negative limit or a batch size of 0. Never thrown once tracing runs, and never
 * for environment variables (those warn and fall back to the default).
 * `code` is always `'SPOOL_INVALID_OPTION'`; `option` names the offending option.
 */
export class InvalidOptionError extends TypeError {
  /** Stable machine-readable code. */
  readonly code = 'SPOOL_INVALID_OPTION';
  /** The option path, e.g. `spanLimits.attributeCountLimit`. */
  readonly option: string;

  constructor(option: string, value: unknown, expected: string) {
    super(`Invalid option ${option}: ${formatValue(value)} (expected ${expected})`);
    this.name = 'InvalidOptionError';
    this.option = option;
  }
}

function formatValue(value: unknown): string {
  try {
    return typeof value === 'string' ? JSON.stringify(value) : String(value);
  } catch {
    return typeof value;
  }
}

/**
 * Checks an optional code option: undefined passes through; otherwise it must be
 * an integer >= min (Infinity allowed when `allowInfinity`). Throws
 * {@link InvalidOptionError} otherwise.
 */
export function checkIntOption(option: string, value: unknown, min: number, allowInfinity = false): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number' && value >= min && (Number.isInteger(value) || (allowInfinity && value === Infinity))) {
    return value;
  }
  throw new InvalidOptionError(option, value, `an integer >= ${min}${allowInfinity ? ' or Infinity' : ''}`);
}
