import { propagation, type Baggage, type BaggageEntry } from '@spool/api';
import { baggageEntries } from './scan-baggage.js';

/**
 * The baggage `W3CBaggagePropagator.extract` puts in the context: the
 * `baggage` header, already validated by `scanBaggage`, with the offsets of the
 * members it accepted; the entries are built on first use. Building them
 * (slicing keys and values, percent-decoding, a metadata object and two more
 * objects per entry, the API's arrays) is half the cost of extract, and a
 * service that only passes baggage on, or never looks at it, never pays it.
 *
 * The first call of any method builds the entries from the offsets, so they are
 * exactly those extract accepted, into a baggage of `@spool/api` that every
 * later call uses. Setters return that API's baggage. Immutable: the header,
 * the offsets and the built baggage are private and set once.
 *
 * @internal instances escape as `Baggage`.
 */
export class HeaderBaggage implements Baggage {
  readonly #header: string;
  readonly #offsets: readonly number[];
  #parsed: Baggage | undefined;

  /** `offsets`: what `scanBaggage` returned for `header` (at least one member); owned from now on. */
  constructor(header: string, offsets: readonly number[]) {
    this.#header = header;
    this.#offsets = offsets;
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
      parsed = this.#parsed = propagation.createBaggage(baggageEntries(this.#header, this.#offsets));
    }
    return parsed;
  }
}
