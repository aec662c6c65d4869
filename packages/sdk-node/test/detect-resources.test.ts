import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { arch, hostname } from 'node:os';
import {
  detectResources,
  EnvDetector,
  HostDetector,
  OsDetector,
  ProcessDetector,
  ServiceInstanceDetector,
} from '../src/index.js';
import type { ResourceDetector } from '../src/index.js';
import { fixture } from './fixture-path.js';

const fixed = (name: string, attributes: Record<string, unknown>): ResourceDetector => ({
  name,
  detect: () => attributes as never,
});

describe('detectResources', () => {
  it('merges detectors with the first one to report a key winning', () => {
    const merged = detectResources([fixed('a', { x: 'a', y: 1 }), fixed('b', { x: 'b', z: true })]);
    assert.deepEqual(merged, { x: 'a', y: 1, z: true });
  });

  it('skips a detector that throws and keeps the others', () => {
    const bad: ResourceDetector = {
      name: 'bad',
      detect: () => {
        throw new Error('boom');
      },
    };
    assert.deepEqual(detectResources([bad, fixed('ok', { ok: 'yes' })]), { ok: 'yes' });
  });

  it('drops values that are not attribute values', () => {
    const merged = detectResources([
      fixed('mixed', { s: 's', n: Number.NaN, o: { nested: 1 }, f: () => 1, u: undefined, a: ['x', 'y'], '': 'empty key' }),
    ]);
    assert.deepEqual(merged, { s: 's', a: ['x', 'y'] });
  });

  it('skips the detectors left once the time budget is spent', () => {
    const slow: ResourceDetector = {
      name: 'slow',
      detect: () => {
        const until = performance.now() + 5;
        while (performance.now() < until) {
          // spin: stands in for a detector that takes longer than the budget
        }
        return { slow: true };
      },
    };
    const merged = detectResources([slow, fixed('late', { late: true })], { timeBudgetMillis: 1 });
    assert.deepEqual(merged, { slow: true });
  });

  it('passes the given environment to the detectors', () => {
    const merged = detectResources([new EnvDetector()], {
      env: { OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=prod,service.name=from-attrs', OTEL_SERVICE_NAME: 'svc' },
    });
    assert.deepEqual(merged, { 'deployment.environment.name': 'prod', 'service.name': 'svc' });
  });
});

describe('built-in detectors', () => {
  it('HostDetector reports the host name, a semantic-convention architecture and the machine id', () => {
    const found = new HostDetector({ machineIdPaths: [fixture('no-such-file'), fixture('machine-id.txt')] }).detect({});
    assert.equal(found['host.name'], hostname());
    assert.equal(found['host.arch'], arch() === 'x64' ? 'amd64' : found['host.arch']);
    assert.equal(found['host.id'], '7d2f1c9b0a8e4c6d9f1e2a3b4c5d6e7f');
    assert.equal(new HostDetector({ machineIdPaths: [fixture('blank.txt')] }).detect({})['host.id'], undefined);
  });

  it('OsDetector reports os.type and os.version', () => {
    const found = new OsDetector().detect({});
    assert.equal(found['os.type'], process.platform === 'win32' ? 'windows' : process.platform);
    assert.equal(typeof found['os.version'], 'string');
  });

  it('ProcessDetector reports the pid, the executable and the Node.js runtime', () => {
    const found = new ProcessDetector().detect({});
    assert.equal(found['process.pid'], process.pid);
    assert.equal(found['process.executable.path'], process.execPath);
    assert.equal(found['process.runtime.name'], 'nodejs');
    assert.equal(found['process.runtime.version'], process.versions.node);
    assert.ok(Array.isArray(found['process.command_args']));
  });

  it('ServiceInstanceDetector gives one stable UUID per detector', () => {
    const d = new ServiceInstanceDetector();
    const id = d.detect({})['service.instance.id'];
    assert.match(String(id), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(d.detect({})['service.instance.id'], id);
    assert.notEqual(new ServiceInstanceDetector().detect({})['service.instance.id'], id);
  });

  it('lets OTEL_RESOURCE_ATTRIBUTES override a detected service.instance.id when listed first', () => {
    const merged = detectResources([new EnvDetector(), new ServiceInstanceDetector()], {
      env: { OTEL_RESOURCE_ATTRIBUTES: 'service.instance.id=shop.checkout-1.app' },
    });
    assert.equal(merged['service.instance.id'], 'shop.checkout-1.app');
  });
});
