import { test } from 'node:test';
import { strict as assert } from 'node:assert';
import * as stable from '../src/index.js';
import { constantsOf, declaredNames, readPin } from './generated-source.js';

const exported = stable as unknown as Record<string, unknown>;

// The names that services on Kubernetes send most, with the values of the
// semantic-conventions registry: HTTP server/client, database, errors and
// exceptions, the resource (service, deployment, Kubernetes).
const STABLE_NAMES: ReadonlyArray<readonly [string, string]> = [
  // HTTP server and client
  ['ATTR_HTTP_REQUEST_METHOD', 'http.request.method'],
  ['ATTR_HTTP_REQUEST_METHOD_ORIGINAL', 'http.request.method_original'],
  ['ATTR_HTTP_RESPONSE_STATUS_CODE', 'http.response.status_code'],
  ['ATTR_HTTP_ROUTE', 'http.route'],
  ['ATTR_HTTP_REQUEST_RESEND_COUNT', 'http.request.resend_count'],
  ['ATTR_URL_FULL', 'url.full'],
  ['ATTR_URL_PATH', 'url.path'],
  ['ATTR_URL_QUERY', 'url.query'],
  ['ATTR_URL_SCHEME', 'url.scheme'],
  ['ATTR_SERVER_ADDRESS', 'server.address'],
  ['ATTR_SERVER_PORT', 'server.port'],
  ['ATTR_CLIENT_ADDRESS', 'client.address'],
  ['ATTR_CLIENT_PORT', 'client.port'],
  ['ATTR_USER_AGENT_ORIGINAL', 'user_agent.original'],
  ['ATTR_NETWORK_PEER_ADDRESS', 'network.peer.address'],
  ['ATTR_NETWORK_PEER_PORT', 'network.peer.port'],
  ['ATTR_NETWORK_PROTOCOL_NAME', 'network.protocol.name'],
  ['ATTR_NETWORK_PROTOCOL_VERSION', 'network.protocol.version'],
  ['ATTR_NETWORK_TRANSPORT', 'network.transport'],
  ['ATTR_ERROR_TYPE', 'error.type'],
  // Database
  ['ATTR_DB_SYSTEM_NAME', 'db.system.name'],
  ['ATTR_DB_QUERY_TEXT', 'db.query.text'],
  ['ATTR_DB_QUERY_SUMMARY', 'db.query.summary'],
  ['ATTR_DB_NAMESPACE', 'db.namespace'],
  ['ATTR_DB_COLLECTION_NAME', 'db.collection.name'],
  ['ATTR_DB_OPERATION_NAME', 'db.operation.name'],
  ['ATTR_DB_RESPONSE_STATUS_CODE', 'db.response.status_code'],
  // Exceptions
  ['ATTR_EXCEPTION_TYPE', 'exception.type'],
  ['ATTR_EXCEPTION_MESSAGE', 'exception.message'],
  ['ATTR_EXCEPTION_STACKTRACE', 'exception.stacktrace'],
  // Service and deployment
  ['ATTR_SERVICE_NAME', 'service.name'],
  ['ATTR_SERVICE_VERSION', 'service.version'],
  ['ATTR_SERVICE_NAMESPACE', 'service.namespace'],
  ['ATTR_SERVICE_INSTANCE_ID', 'service.instance.id'],
  ['ATTR_DEPLOYMENT_ENVIRONMENT_NAME', 'deployment.environment.name'],
  ['ATTR_TELEMETRY_SDK_NAME', 'telemetry.sdk.name'],
  ['ATTR_TELEMETRY_SDK_LANGUAGE', 'telemetry.sdk.language'],
  ['ATTR_TELEMETRY_SDK_VERSION', 'telemetry.sdk.version'],
  ['ATTR_OTEL_SCOPE_NAME', 'otel.scope.name'],
  ['ATTR_OTEL_STATUS_CODE', 'otel.status_code'],
  // Kubernetes and containers
  ['ATTR_K8S_POD_NAME', 'k8s.pod.name'],
  ['ATTR_K8S_POD_UID', 'k8s.pod.uid'],
  ['ATTR_K8S_NAMESPACE_NAME', 'k8s.namespace.name'],
  ['ATTR_K8S_DEPLOYMENT_NAME', 'k8s.deployment.name'],
  ['ATTR_K8S_NODE_NAME', 'k8s.node.name'],
  ['ATTR_K8S_CLUSTER_NAME', 'k8s.cluster.name'],
  ['ATTR_K8S_CONTAINER_NAME', 'k8s.container.name'],
  ['ATTR_K8S_REPLICASET_NAME', 'k8s.replicaset.name'],
  ['ATTR_K8S_STATEFULSET_NAME', 'k8s.statefulset.name'],
  ['ATTR_K8S_JOB_NAME', 'k8s.job.name'],
  ['ATTR_CONTAINER_ID', 'container.id'],
];

const STABLE_VALUES: ReadonlyArray<readonly [string, string | number]> = [
  ['HTTP_REQUEST_METHOD_VALUE_GET', 'GET'],
  ['HTTP_REQUEST_METHOD_VALUE_POST', 'POST'],
  ['HTTP_REQUEST_METHOD_VALUE_OTHER', '_OTHER'],
  ['DB_SYSTEM_NAME_VALUE_POSTGRESQL', 'postgresql'],
  ['DB_SYSTEM_NAME_VALUE_MYSQL', 'mysql'],
  ['ERROR_TYPE_VALUE_OTHER', '_OTHER'],
  ['NETWORK_TRANSPORT_VALUE_TCP', 'tcp'],
  ['OTEL_STATUS_CODE_VALUE_ERROR', 'ERROR'],
  ['TELEMETRY_SDK_LANGUAGE_VALUE_NODEJS', 'nodejs'],
];

test('the stable entry exports the most-used attribute names with the registry values', () => {
  for (const [name, value] of STABLE_NAMES) {
    assert.equal(exported[name], value, name);
  }
});

test('the stable entry exports the enum values of stable attributes', () => {
  for (const [name, value] of STABLE_VALUES) {
    assert.equal(exported[name], value, name);
  }
});

test('template attributes build the full key from the given suffix, unchanged', () => {
  assert.equal(stable.ATTR_HTTP_REQUEST_HEADER('content-type'), 'http.request.header.content-type');
  assert.equal(stable.ATTR_HTTP_RESPONSE_HEADER('x-request-id'), 'http.response.header.x-request-id');
  assert.equal(stable.ATTR_K8S_POD_LABEL('app'), 'k8s.pod.label.app');
  // Bad input is not corrected: the caller owns normalisation (lower-casing header names).
  assert.equal(stable.ATTR_HTTP_REQUEST_HEADER('Content-Type'), 'http.request.header.Content-Type');
  assert.equal(stable.ATTR_HTTP_REQUEST_HEADER(''), 'http.request.header.');
});

test('SCHEMA_URL names the pinned release', () => {
  const pin = readPin();
  assert.equal(stable.SCHEMA_URL, `https://opentelemetry.io/schemas/${pin.tag.slice(1)}`);
});

test('the stable entry exports exactly the names declared in stable.ts', () => {
  const declared = declaredNames('stable.ts');
  assert.deepEqual(Object.keys(exported).sort(), [...declared].sort());
});

test('values that are not stable are not exported by the stable entry', () => {
  // http.request.method is stable but its QUERY member is still in development.
  assert.equal(exported.HTTP_REQUEST_METHOD_VALUE_QUERY, undefined);
  assert.equal(exported.ATTR_MESSAGING_SYSTEM, undefined);
  assert.equal(exported.ATTR_HTTP_METHOD, undefined);
});

test('every stable constant is documented with its stability and a registry link', () => {
  for (const c of constantsOf('stable.ts')) {
    if (c.name === 'SCHEMA_URL') continue;
    assert.match(c.doc, /[Ss]tability: stable/, c.name);
    assert.match(c.doc, /@see \{@link https:\/\/opentelemetry\.io\/docs\/specs\/semconv\/registry\/attributes\/[a-z0-9-]+\/#[a-z0-9-]+/, c.name);
  }
});

test('the stable entry loads only the stable module, never the incubating one', async () => {
  const { readFile } = await import('node:fs/promises');
  const compiled = await readFile(new URL('../src/index.js', import.meta.url), 'utf8');
  const specifiers = [...compiled.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
  assert.deepEqual([...new Set(specifiers)], ['./stable.js']);
});
