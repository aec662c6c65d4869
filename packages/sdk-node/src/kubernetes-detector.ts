import type { Attributes } from '@spool/api';
import {
  ATTR_K8S_CONTAINER_NAME,
  ATTR_K8S_NAMESPACE_NAME,
  ATTR_K8S_NODE_NAME,
  ATTR_K8S_POD_NAME,
  ATTR_K8S_POD_UID,
} from '@spool/semconv';
import type { Env } from './env-config.js';
import { readSmallFile } from './read-small-file.js';
import type { ResourceDetector } from './resource-detector.js';

/** Options of {@link KubernetesDetector}. */
export interface KubernetesDetectorOptions {
  /** The service-account namespace file. Default `/var/run/secrets/kubernetes.io/serviceaccount/namespace`. */
  readonly namespacePath?: string;
}

/** Resource key, then the environment variables tried for it, in order. */
const FROM_ENV: ReadonlyArray<readonly [string, readonly string[]]> = [
  // K8S_* are the names docs/kubernetes.md tells users to fill from the downward API;
  // OTEL_RESOURCE_ATTRIBUTES_* are the ones the OpenTelemetry Operator injects.
  [ATTR_K8S_POD_NAME, ['K8S_POD_NAME', 'OTEL_RESOURCE_ATTRIBUTES_POD_NAME']],
  [ATTR_K8S_POD_UID, ['K8S_POD_UID', 'OTEL_RESOURCE_ATTRIBUTES_POD_UID']],
  [ATTR_K8S_NAMESPACE_NAME, ['K8S_NAMESPACE_NAME', 'K8S_NAMESPACE']],
  [ATTR_K8S_NODE_NAME, ['K8S_NODE_NAME', 'OTEL_RESOURCE_ATTRIBUTES_NODE_NAME']],
  [ATTR_K8S_CONTAINER_NAME, ['K8S_CONTAINER_NAME']],
];

/**
 * Detects `k8s.pod.name`, `k8s.pod.uid`, `k8s.namespace.name`, `k8s.node.name`
 * and `k8s.container.name` from downward-API environment variables, and the
 * namespace from the mounted service-account file when no variable gives it.
 * Outside Kubernetes it finds nothing and returns `{}`; empty variables count
 * as unset. `OTEL_RESOURCE_ATTRIBUTES` (the environment detector) takes
 * precedence over everything found here.
 */
export class KubernetesDetector implements ResourceDetector {
  readonly name = 'k8s';
  private readonly namespacePath: string;

  constructor(options: KubernetesDetectorOptions = {}) {
    this.namespacePath = options.namespacePath ?? '/var/run/secrets/kubernetes.io/serviceaccount/namespace';
  }

  detect(env: Env): Attributes {
    const attributes: Attributes = {};
    for (const [key, names] of FROM_ENV) {
      for (const name of names) {
        const value = env[name]?.trim();
        if (value !== undefined && value !== '') {
          attributes[key] = value;
          break;
        }
      }
    }
    if (attributes[ATTR_K8S_NAMESPACE_NAME] === undefined) {
      const namespace = readSmallFile(this.namespacePath, 256)?.trim();
      if (namespace !== undefined && namespace !== '') attributes[ATTR_K8S_NAMESPACE_NAME] = namespace;
    }
    return attributes;
  }
}
