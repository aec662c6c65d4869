import type { ReadableSpan } from '@spool/sdk-trace';

/** The resource of a span, as `ReadableSpan` declares it. */
export type SpanResource = ReadableSpan['resource'];
/** The instrumentation scope of a span, as `ReadableSpan` declares it. */
export type SpanScope = ReadableSpan['instrumentationScope'];

/** Spans of one instrumentation scope, in the order they were given. @internal */
export interface ScopeGroup {
  readonly scope: SpanScope;
  readonly spans: readonly ReadableSpan[];
}

/** Scope groups of one resource, in order of first appearance. @internal */
export interface ResourceGroup {
  readonly resource: SpanResource;
  readonly scopes: ScopeGroup[];
}

/** A group while spans are added to it. */
interface GrowingResourceGroup extends ResourceGroup {
  readonly scopes: GrowingScopeGroup[];
  /** Scope groups by the scope object itself (the common case: one object per tracer). */
  readonly byScope: Map<SpanScope, GrowingScopeGroup>;
  /** Scope groups by content, for equal scopes held in different objects. */
  readonly byKey: Map<string, GrowingScopeGroup>;
}

interface GrowingScopeGroup extends ScopeGroup {
  readonly spans: ReadableSpan[];
}

/**
 * Groups spans the way an `ExportTraceServiceRequest` nests them: by resource
 * (object identity: one provider has one resource object), then by
 * instrumentation scope (name, version, schema URL and attributes, so two equal
 * scope objects share one `ScopeSpans`). Order of first appearance is kept, and
 * spans keep their order inside a group. Spans without a resource or scope are
 * grouped under `undefined`, which the encoders write as an empty message.
 * The returned lists may be `spans` itself; they must not be modified.
 * @internal
 */
export function groupSpans(spans: readonly ReadableSpan[]): ResourceGroup[] {
  if (spans.length === 0) return [];
  // The usual batch: one provider, one tracer. Then the input is the only
  // group, as it is, and nothing is copied.
  const first = spans[0]!;
  const firstResource = first.resource;
  const firstScope = first.instrumentationScope;
  let same = true;
  for (let i = 1; i < spans.length && same; i++) {
    const span = spans[i]!;
    same = span.resource === firstResource && span.instrumentationScope === firstScope;
  }
  if (same) return [{ resource: firstResource, scopes: [{ scope: firstScope, spans }] }];

  const out: GrowingResourceGroup[] = [];
  const byResource = new Map<SpanResource, GrowingResourceGroup>();
  // A batch usually holds one resource and a few scopes, in runs: remember the
  // last pair so most spans cost two comparisons and a push.
  let lastResource: SpanResource | undefined;
  let lastScope: SpanScope | undefined;
  let lastList: ReadableSpan[] | undefined;
  for (let i = 0; i < spans.length; i++) {
    const span = spans[i]!;
    const resource = span.resource;
    const scope = span.instrumentationScope;
    if (lastList !== undefined && resource === lastResource && scope === lastScope) {
      lastList.push(span);
      continue;
    }
    let group = byResource.get(resource);
    if (group === undefined) {
      group = { resource, scopes: [], byScope: new Map(), byKey: new Map() };
      byResource.set(resource, group);
      out.push(group);
    }
    let scopeGroup = group.byScope.get(scope);
    if (scopeGroup === undefined) {
      const key = scopeKey(scope);
      scopeGroup = group.byKey.get(key);
      if (scopeGroup === undefined) {
        scopeGroup = { scope, spans: [] };
        group.byKey.set(key, scopeGroup);
        group.scopes.push(scopeGroup);
      }
      group.byScope.set(scope, scopeGroup);
    }
    scopeGroup.spans.push(span);
    lastResource = resource;
    lastScope = scope;
    lastList = scopeGroup.spans;
  }
  return out;
}

function scopeKey(scope: SpanScope | undefined): string {
  if (scope === undefined || scope === null) return '';
  let attrs = '';
  if (scope.attributes !== undefined) {
    try {
      attrs = JSON.stringify(scope.attributes);
    } catch {
      attrs = '';
    }
  }
  return `${scope.name}\u0000${scope.version ?? ''}\u0000${scope.schemaUrl ?? ''}\u0000${attrs}`;
}
