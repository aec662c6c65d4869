/**
 * A set of attributes: string keys mapped to primitive values or homogeneous
 * arrays of primitives. Same shape as `@opentelemetry/api`'s `Attributes`.
 * An `undefined` value means "no value"; SDKs drop it.
 */
export interface Attributes {
  [attributeKey: string]: AttributeValue | undefined;
}

/**
 * One attribute value: a string, number or boolean, or an array of one of those
 * (arrays may hold `null`/`undefined` holes, which SDKs keep as null).
 */
export type AttributeValue =
  | string
  | number
  | boolean
  | Array<null | undefined | string>
  | Array<null | undefined | number>
  | Array<null | undefined | boolean>;

/** Attributes of a span, event or link (an alias of {@link Attributes}). */
export type SpanAttributes = Attributes;

/** One span attribute value (an alias of {@link AttributeValue}). */
export type SpanAttributeValue = AttributeValue;
