import { propagation, type Baggage, type BaggageEntry } from '@spool/api';
import { parseBaggage } from './parse-baggage.js';

/**
 * The baggage `W3CBaggagePropagator.extract` puts in the context: the
 * `baggage` header, already validated (the members it accepts are known), whose
 * entries are built on first use. Building them (slicing keys and values,
 * percent-decoding, one metadata object and two more objects per entry) is
 * most of the cost of extract, and a service that only passes baggage on, or
 * never looks at it, then never pays it.
 *
 * The first call of any method parses the header once more, with the same
 * `parseBaggage` that validated it, so the entries are exactly those extract
 * accepted, into a baggage of `@spool/api` that every later call uses. Setters
 * return that API's baggage. Immutable: the header and the parsed baggage are
 * private and set once.
 *
 * @internal instances escape as `Baggage`.
 */
export class HeaderBaggage implements Baggage {
  readonly #header: string;
  #parsed: Baggage | undefined;

  /** `header` must be a value `parseBaggage` accepts at least one member of. */
  constructor(header: string) {
    this.#header = header;
    this.#parsed = undefined;
  }

  /** A copy of the entry named `key`, or `undefined`. */
  getEntry(key: string): BaggageEntry | undefined {
    return this.#entries().getEntry(key);
  }

  /** Copies of all entries as `[key, entry]` pairs, in header order. */
  getAllEntries(): [string, BaggageEntry][] {
    return this.#entries().getAllEntries();
  }

  /** A new baggage with `key` set to `entry`. */
  setEntry(key: string, entry: BaggageEntry): Baggage {
    return this.#entries().setEntry(key, entry);
  }

  /** A new baggage without `key`. */
  removeEntry(key: string): Baggage {
    return this.#entries().removeEntry(key);
  }

  /** A new baggage without any of `keys`. */
  removeEntries(...keys: string[]): Baggage {
    return this.#entries().removeEntries(...keys);
  }

  /** An empty baggage. */
  clear(): Baggage {
    return this.#entries().clear();
  }

  #entries(): Baggage {
    let parsed = this.#parsed;
    if (parsed === undefined) {
      const pairs: [string, BaggageEntry][] = [];
      parseBaggage(this.#header, undefined, pairs);
      parsed = this.#parsed = propagation.createBaggage(pairs);
    }
    return parsed;
  }
}
