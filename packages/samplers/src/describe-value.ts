/**
 * A short, never-throwing rendering of a configuration value for a `diag`
 * message (`"abc"`, `1.5`, `NaN`, `object`).
 * @internal
 */
export function describeValue(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}...` : value);
    case 'number':
    case 'boolean':
    case 'bigint':
    case 'undefined':
      return String(value);
    case 'symbol':
      return 'a symbol';
    case 'function':
      return 'a function';
    default:
      if (value === null) return 'null';
      if (value instanceof RegExp) return String(value);
      return Array.isArray(value) ? 'an array' : 'an object';
  }
}
