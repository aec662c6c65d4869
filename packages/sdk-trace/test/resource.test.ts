import { describe, it, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { diag } from '@spool/api';
import { Resource, resourceFromEnv } from '../src/index.js';
import { captureDiag } from './helpers.js';

afterEach(() => diag.disable());

describe('Resource', () => {
  it('keeps valid attributes and the schema URL, frozen', () => {
    const r = new Resource({ a: 'x', n: 1, arr: ['p', 'q'] }, 'https://opentelemetry.io/schemas/1.26.0');
    assert.deepEqual(r.attributes, { a: 'x', n: 1, arr: ['p', 'q'] });
    assert.equal(r.schemaUrl, 'https://opentelemetry.io/schemas/1.26.0');
    assert.ok(Object.isFrozen(r.attributes));
    assert.deepEqual(r.getRawAttributes(), [
      ['a', 'x'],
      ['n', 1],
      ['arr', ['p', 'q']],
    ]);
  });

  it('drops invalid values with a warning and skips null/undefined', () => {
    const logs = captureDiag();
    const r = new Resource({ ok: 1, bad: { x: 1 } as never, none: undefined });
    assert.deepEqual(r.attributes, { ok: 1 });
    assert.equal(logs.find('"bad"').length, 1);
  });

  it('merges with the other resource winning on shared keys', () => {
    const a = new Resource({ k: 'a', onlyA: 1 }, 'https://s/1');
    const b = new Resource({ k: 'b', onlyB: 2 });
    const merged = a.merge(b);
    assert.deepEqual(merged.attributes, { k: 'b', onlyA: 1, onlyB: 2 });
    assert.equal(merged.schemaUrl, 'https://s/1');
    assert.equal(a.merge(null), a);
    assert.equal(new Resource({}).merge(new Resource({}, 'https://s/2')).schemaUrl, 'https://s/2');
  });

  it('keeps the other schema URL with a warning when both differ', () => {
    const logs = captureDiag();
    const merged = new Resource({}, 'https://s/1').merge(new Resource({}, 'https://s/2'));
    assert.equal(merged.schemaUrl, 'https://s/2');
    assert.equal(logs.find('schema URLs differ').length, 1);
  });

  it('has an empty resource', () => {
    assert.deepEqual(Resource.empty().attributes, {});
    assert.equal(Resource.empty().schemaUrl, undefined);
  });

  it('builds the default resource with service.name and telemetry.sdk.*', () => {
    const r = Resource.default({});
    assert.equal(r.attributes['service.name'], `unknown_service:${basename(process.argv0)}`);
    assert.equal(r.attributes['telemetry.sdk.name'], 'spool');
    assert.equal(r.attributes['telemetry.sdk.language'], 'nodejs');
    assert.match(String(r.attributes['telemetry.sdk.version']), /^\d+\.\d+\.\d+/);
  });

  it('lets OTEL_RESOURCE_ATTRIBUTES and OTEL_SERVICE_NAME override the defaults', () => {
    const r = Resource.default({ OTEL_RESOURCE_ATTRIBUTES: 'service.name=a,team=core', OTEL_SERVICE_NAME: 'b' });
    assert.equal(r.attributes['service.name'], 'b');
    assert.equal(r.attributes['team'], 'core');
  });
});

describe('resourceFromEnv', () => {
  it('is empty when nothing is set', () => {
    assert.deepEqual(resourceFromEnv({}).attributes, {});
    assert.deepEqual(resourceFromEnv({ OTEL_RESOURCE_ATTRIBUTES: '  ', OTEL_SERVICE_NAME: '' }).attributes, {});
  });

  it('percent-decodes keys and values and trims them', () => {
    const r = resourceFromEnv({
      OTEL_RESOURCE_ATTRIBUTES: ' deployment.environment = prod , note=a%2Cb%3Dc%20d ,k%C3%A9y=%E2%9C%93',
    });
    assert.deepEqual(r.attributes, { 'deployment.environment': 'prod', note: 'a,b=c d', 'kéy': '✓' });
  });

  it('skips bad entries with a warning and keeps the rest', () => {
    const logs = captureDiag();
    const r = resourceFromEnv({ OTEL_RESOURCE_ATTRIBUTES: 'good=1,novalue,bad=%E0%A4%A,=empty,,also=2' });
    assert.deepEqual(r.attributes, { good: '1', also: '2' });
    assert.equal(logs.find('OTEL_RESOURCE_ATTRIBUTES').length, 3);
  });

  it('gives OTEL_SERVICE_NAME precedence over service.name in OTEL_RESOURCE_ATTRIBUTES', () => {
    const r = resourceFromEnv({ OTEL_RESOURCE_ATTRIBUTES: 'service.name=attr', OTEL_SERVICE_NAME: ' svc ' });
    assert.equal(r.attributes['service.name'], 'svc');
  });

  it('does not let a __proto__ key change the prototype', () => {
    const r = resourceFromEnv({ OTEL_RESOURCE_ATTRIBUTES: '__proto__=x' });
    assert.equal(Object.getPrototypeOf(r.attributes), Object.prototype);
    assert.equal(Object.getOwnPropertyDescriptor(r.attributes, '__proto__')?.value, 'x');
  });
});
