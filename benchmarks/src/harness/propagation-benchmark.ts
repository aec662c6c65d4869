import { expect } from './child-report.js';
import type { MicroBenchmark } from './micro-child.js';

type Carrier = Record<string, string>;

/** The TextMapPropagator shape of both APIs, over that API's context type. */
export interface PropagatorLike<C> {
  inject(context: C, carrier: Carrier, setter: unknown): void;
  extract(context: C, carrier: Carrier, getter: unknown): C;
  fields(): string[];
}

/** Options of {@link propagationBenchmark}. */
export interface PropagationOptions<C> {
  readonly impl: string;
  readonly propagator: PropagatorLike<C>;
  /** The context to inject (holds a span context or baggage). */
  readonly context: C;
  /** The context extract starts from (ROOT_CONTEXT). */
  readonly root: C;
  readonly getter: unknown;
  readonly setter: unknown;
  /**
   * What the format carries, as a comparable string (ids, flags, state or
   * baggage entries); '' when the context carries nothing.
   */
  readonly describe: (context: C) => string;
}

/**
 * One inject into a fresh carrier followed by one extract from it. The check
 * injects once, confirms headers were written, and that extract gave back a
 * context that describes the same as the injected one.
 */
export function propagationBenchmark<C>(options: PropagationOptions<C>): MicroBenchmark {
  const { propagator, context, root, getter, setter } = options;
  let sink: C = root;
  let carrierSize = 0;
  return {
    impl: options.impl,
    op() {
      const carrier: Carrier = {};
      propagator.inject(context, carrier, setter);
      sink = propagator.extract(root, carrier, getter);
    },
    check() {
      const carrier: Carrier = {};
      propagator.inject(context, carrier, setter);
      const headers = Object.keys(carrier);
      expect(headers.length > 0, 'inject wrote at least one header');
      const sent = options.describe(context);
      const got = options.describe(propagator.extract(root, carrier, getter));
      expect(sent !== '', 'the injected context carries something');
      expect(got === sent, `extract returned what inject wrote: sent ${sent}, got ${got}`);
      expect(options.describe(sink) === sent, 'the warm-up extracts returned the same');
      carrierSize = headers.reduce((n, k) => n + k.length + carrier[k]!.length, 0);
      return { headers: headers.sort().join(','), carried: sent, carrierBytes: carrierSize };
    },
  };
}
