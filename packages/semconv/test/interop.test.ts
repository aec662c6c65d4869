import { test } from 'node:test';
import { strict as assert } from 'node:assert';
import * as stable from '../src/index.js';
import * as incubating from '../src/incubating-index.js';
import * as otelStable from '@opentelemetry/semantic-conventions';
import * as otelIncubating from '@opentelemetry/semantic-conventions/incubating';

// @opentelemetry/semantic-conventions is a root devDependency; its version may be a
// release ahead of or behind the pinned model, so only the guarantees that hold
// across releases are checked: a stable key never changes value.

function comparable(v: unknown): unknown {
  return typeof v === 'function' ? `template:${String((v as (k: string) => string)('KEY'))}` : v;
}

test('stable names shared with @opentelemetry/semantic-conventions have the same values', () => {
  const ours = stable as unknown as Record<string, unknown>;
  const theirs = otelStable as unknown as Record<string, unknown>;
  let shared = 0;
  for (const [name, value] of Object.entries(ours)) {
    if (!(name in theirs) || name === 'SCHEMA_URL') continue;
    shared++;
    assert.equal(comparable(value), comparable(theirs[name]), name);
  }
  assert.ok(shared > 150, `expected most stable names to be shared, got ${shared}`);
});

test('names shared with the incubating entry of @opentelemetry/semantic-conventions mostly agree', () => {
  // Incubating keys can change between releases, so a few differences are allowed;
  // a broken naming rule would make most of them differ.
  const ours = incubating as unknown as Record<string, unknown>;
  const theirs = otelIncubating as unknown as Record<string, unknown>;
  let shared = 0;
  const differ: string[] = [];
  for (const [name, value] of Object.entries(ours)) {
    if (!(name in theirs) || name === 'SCHEMA_URL') continue;
    shared++;
    if (comparable(value) !== comparable(theirs[name])) differ.push(name);
  }
  assert.ok(shared > 1500, `expected most names to be shared, got ${shared}`);
  assert.ok(differ.length <= shared / 100, `too many differences: ${differ.join(', ')}`);
});

test('constants can be used where @opentelemetry/semantic-conventions constants are expected', () => {
  const attributes: Record<string, string | number> = {
    [stable.ATTR_HTTP_REQUEST_METHOD]: stable.HTTP_REQUEST_METHOD_VALUE_GET,
    [stable.ATTR_HTTP_RESPONSE_STATUS_CODE]: 200,
  };
  assert.equal(attributes[otelStable.ATTR_HTTP_REQUEST_METHOD], otelStable.HTTP_REQUEST_METHOD_VALUE_GET);
  assert.equal(attributes[otelStable.ATTR_HTTP_RESPONSE_STATUS_CODE], 200);
});
