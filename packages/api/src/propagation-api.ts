import { deleteBaggage, getActiveBaggage, getBaggage, setBaggage } from './baggage-context.js';
import type { Context } from './context.js';
import { createBaggage } from './create-baggage.js';
import { defaultTextMapGetter } from './default-text-map-getter.js';
import { defaultTextMapSetter } from './default-text-map-setter.js';
import { diag } from './diag-api.js';
import { getSlot, registerGlobal, reportOnce, unregisterGlobal } from './global-registry.js';
import { NOOP_TEXT_MAP_PROPAGATOR } from './noop-text-map-propagator.js';
import type { RegisterOptions } from './register-options.js';
import type { TextMapGetter, TextMapPropagator, TextMapSetter } from './text-map-propagator.js';

/**
 * The `propagation` singleton: injects and extracts context through the global
 * propagator (a no-op until one is registered), plus the baggage helpers.
 * Same surface as `@opentelemetry/api`'s `PropagationAPI`.
 */
export class PropagationAPI {
  private static _instance: PropagationAPI | undefined;

  /** The singleton. */
  static getInstance(): PropagationAPI {
    return (PropagationAPI._instance ??= new PropagationAPI());
  }

  private constructor() {}

  /**
   * Registers the global propagator. Returns false, with a diag error, when one
   * is already registered (unless `options.allowOverride`), when `propagator`
   * lacks `inject`/`extract`, or when this copy cannot use the global slot.
   */
  setGlobalPropagator(propagator: TextMapPropagator, options?: RegisterOptions): boolean {
    if (
      typeof propagator !== 'object' ||
      propagator === null ||
      typeof propagator.inject !== 'function' ||
      typeof propagator.extract !== 'function'
    ) {
      diag.error('propagation.setGlobalPropagator: the argument is not a TextMapPropagator; ignored');
      return false;
    }
    return registerGlobal('propagation', propagator, options?.allowOverride === true);
  }

  /**
   * Writes `context` into `carrier` with the global propagator. A propagator
   * that throws is reported once through diag; the carrier may then be partly
   * written, and nothing is thrown.
   */
  inject<Carrier>(context: Context, carrier: Carrier, setter: TextMapSetter<Carrier> = defaultTextMapSetter): void {
    try {
      (getSlot().propagation ?? NOOP_TEXT_MAP_PROPAGATOR).inject(context, carrier, setter);
    } catch (err) {
      reportOnce('propagation.inject', 'error', `propagation.inject: the propagator threw (${String(err)}); dropped`);
    }
  }

  /**
   * A new context with what the global propagator reads from `carrier`. A
   * propagator that throws is reported once through diag, and `context` is
   * returned unchanged.
   */
  extract<Carrier>(context: Context, carrier: Carrier, getter: TextMapGetter<Carrier> = defaultTextMapGetter): Context {
    try {
      return (getSlot().propagation ?? NOOP_TEXT_MAP_PROPAGATOR).extract(context, carrier, getter);
    } catch (err) {
      reportOnce('propagation.extract', 'error', `propagation.extract: the propagator threw (${String(err)}); ignored`);
      return context;
    }
  }

  /** The carrier keys the global propagator writes (`[]` if it throws). */
  fields(): string[] {
    try {
      return (getSlot().propagation ?? NOOP_TEXT_MAP_PROPAGATOR).fields();
    } catch {
      return [];
    }
  }

  /** Unregisters the global propagator. */
  disable(): void {
    unregisterGlobal('propagation');
  }

  /** See {@link createBaggage}. */
  createBaggage = createBaggage;
  /** The baggage in a context. */
  getBaggage = getBaggage;
  /** The baggage of the active context. */
  getActiveBaggage = getActiveBaggage;
  /** A context with baggage. */
  setBaggage = setBaggage;
  /** A context without baggage. */
  deleteBaggage = deleteBaggage;
}

/** The propagation API singleton. */
export const propagation: PropagationAPI = PropagationAPI.getInstance();
