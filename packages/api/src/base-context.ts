import type { Context } from './context.js';

/**
 * Past this many chained entries a context is flattened into a Map, which
 * bounds `getValue` and lets shadowed values be garbage-collected.
 */
const MAX_CHAIN = 16;

/**
 * The {@link Context} implementation: an immutable chain of (key, value) nodes,
 * so `setValue` is one small allocation instead of a Map copy; after
 * {@link MAX_CHAIN} nodes the chain is flattened into a Map. A deleted key is a
 * node whose value is `undefined`, which is what `getValue` reports for it.
 * @internal
 */
export class BaseContext implements Context {
  private readonly _parent: BaseContext | undefined;
  private readonly _key: symbol | undefined;
  private readonly _value: unknown;
  private readonly _depth: number;
  private readonly _map: Map<symbol, unknown> | undefined;

  constructor(
    parent?: BaseContext,
    key?: symbol,
    value?: unknown,
    depth = 0,
    map?: Map<symbol, unknown>
  ) {
    this._parent = parent;
    this._key = key;
    this._value = value;
    this._depth = depth;
    this._map = map;
  }

  /** The value under `key`, or `undefined`. */
  getValue(key: symbol): unknown {
    let node: BaseContext | undefined = this;
    while (node !== undefined) {
      if (node._map !== undefined) return node._map.get(key);
      if (node._key === key) return node._value;
      node = node._parent;
    }
    return undefined;
  }

  /** A new context with `value` under `key`. */
  setValue(key: symbol, value: unknown): Context {
    if (this._depth >= MAX_CHAIN) return this._flatten(key, value);
    return new BaseContext(this, key, value, this._depth + 1, undefined);
  }

  /** A new context without `key`. */
  deleteValue(key: symbol): Context {
    return this.setValue(key, undefined);
  }

  private _flatten(key: symbol, value: unknown): Context {
    const map = new Map<symbol, unknown>();
    const seen = new Set<symbol>([key]);
    if (value !== undefined) map.set(key, value);
    let node: BaseContext | undefined = this;
    while (node !== undefined) {
      if (node._map !== undefined) {
        for (const [k, v] of node._map) if (!seen.has(k)) map.set(k, v);
        break;
      }
      const k = node._key;
      if (k !== undefined && !seen.has(k)) {
        seen.add(k);
        if (node._value !== undefined) map.set(k, node._value);
      }
      node = node._parent;
    }
    return new BaseContext(undefined, undefined, undefined, 0, map);
  }
}

/** The empty context: the root of every context chain. */
export const ROOT_CONTEXT: Context = new BaseContext();
