/**
 * Makes a context key. It is `Symbol.for(description)`, so the same description
 * gives the same key in every copy of `@spool/api` and in `@opentelemetry/api`:
 * that is what lets contexts interoperate. Use a description unique to your
 * package (e.g. `'my-lib: request id'`).
 */
export function createContextKey(description: string): symbol {
  return Symbol.for(String(description));
}
