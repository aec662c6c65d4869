import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { KubernetesDetector } from '../src/index.js';
import { fixture } from './fixture-path.js';

describe('KubernetesDetector', () => {
  it('reads the downward-API variables', () => {
    const d = new KubernetesDetector({ namespacePath: fixture('no-such-file') });
    assert.deepEqual(
      d.detect({
        K8S_POD_NAME: 'checkout-7d9f-abcde',
        K8S_POD_UID: '6fa8b2a1-30d1-4c8f-9a43-5a3d7c1e2b90',
        K8S_NAMESPACE_NAME: 'shop',
        K8S_NODE_NAME: 'node-a',
        K8S_CONTAINER_NAME: 'app',
      }),
      {
        'k8s.pod.name': 'checkout-7d9f-abcde',
        'k8s.pod.uid': '6fa8b2a1-30d1-4c8f-9a43-5a3d7c1e2b90',
        'k8s.namespace.name': 'shop',
        'k8s.node.name': 'node-a',
        'k8s.container.name': 'app',
      },
    );
  });

  it('reads the variables the OpenTelemetry Operator injects', () => {
    const d = new KubernetesDetector({ namespacePath: fixture('no-such-file') });
    assert.deepEqual(
      d.detect({
        OTEL_RESOURCE_ATTRIBUTES_POD_NAME: 'p',
        OTEL_RESOURCE_ATTRIBUTES_POD_UID: 'u',
        OTEL_RESOURCE_ATTRIBUTES_NODE_NAME: 'n',
      }),
      { 'k8s.pod.name': 'p', 'k8s.pod.uid': 'u', 'k8s.node.name': 'n' },
    );
  });

  it('takes the namespace from the service-account file when no variable gives it', () => {
    const d = new KubernetesDetector({ namespacePath: fixture('k8s-namespace.txt') });
    assert.deepEqual(d.detect({ K8S_POD_NAME: 'p' }), { 'k8s.pod.name': 'p', 'k8s.namespace.name': 'payments' });
    assert.deepEqual(d.detect({ K8S_NAMESPACE_NAME: 'from-env' }), { 'k8s.namespace.name': 'from-env' });
  });

  it('finds nothing outside Kubernetes, and treats blank values and files as absent', () => {
    assert.deepEqual(new KubernetesDetector({ namespacePath: fixture('no-such-file') }).detect({}), {});
    assert.deepEqual(new KubernetesDetector({ namespacePath: fixture('blank.txt') }).detect({ K8S_POD_NAME: '  ' }), {});
  });
});
