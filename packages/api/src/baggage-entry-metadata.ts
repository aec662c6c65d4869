import type { BaggageEntryMetadata } from './baggage.js';
import { diag } from './diag-api.js';

/** Brand of baggage entry metadata made by `@spool/api`. */
const BAGGAGE_ENTRY_METADATA: unique symbol = Symbol('BaggageEntryMetadata');

/**
 * Makes baggage entry metadata from its serialized form (the W3C Baggage
 * property string, e.g. `'prop1;prop2=v'`). A non-string is replaced by `''`
 * with a diag error.
 */
export function baggageEntryMetadataFromString(str: string): BaggageEntryMetadata {
  let value = str;
  if (typeof value !== 'string') {
    diag.error(`baggageEntryMetadataFromString: expected a string, got ${typeof value}; using ''`);
    value = '';
  }
  return {
    __TYPE__: BAGGAGE_ENTRY_METADATA,
    toString(): string {
      return value;
    },
  };
}
