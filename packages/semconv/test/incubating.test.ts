import { test } from 'node:test';
import { strict as assert } from 'node:assert';
import * as stable from '../src/index.js';
import * as incubating from '../src/incubating-index.js';
import { constantsOf, declaredNames } from './generated-source.js';

const all = incubating as unknown as Record<string, unknown>;
const stableOnly = stable as unknown as Record<string, unknown>;

// Messaging and RPC are still in development in the pinned release.
const INCUBATING_NAMES: ReadonlyArray<readonly [string, string | number]> = [
  ['ATTR_MESSAGING_SYSTEM', 'messaging.system'],
  ['ATTR_MESSAGING_OPERATION_TYPE', 'messaging.operation.type'],
  ['ATTR_MESSAGING_OPERATION_NAME', 'messaging.operation.name'],
  ['ATTR_MESSAGING_DESTINATION_NAME', 'messaging.destination.name'],
  ['ATTR_MESSAGING_MESSAGE_ID', 'messaging.message.id'],
  ['ATTR_MESSAGING_CONSUMER_GROUP_NAME', 'messaging.consumer.group.name'],
  ['ATTR_MESSAGING_KAFKA_MESSAGE_KEY', 'messaging.kafka.message.key'],
  ['MESSAGING_SYSTEM_VALUE_KAFKA', 'kafka'],
  ['MESSAGING_SYSTEM_VALUE_RABBITMQ', 'rabbitmq'],
  ['MESSAGING_OPERATION_TYPE_VALUE_SEND', 'send'],
  ['MESSAGING_OPERATION_TYPE_VALUE_PROCESS', 'process'],
  ['ATTR_RPC_SYSTEM_NAME', 'rpc.system.name'],
  ['ATTR_RPC_METHOD', 'rpc.method'],
  ['ATTR_RPC_RESPONSE_STATUS_CODE', 'rpc.response.status_code'],
  ['RPC_SYSTEM_NAME_VALUE_GRPC', 'grpc'],
  ['RPC_GRPC_STATUS_CODE_VALUE_OK', 0],
  ['RPC_GRPC_STATUS_CODE_VALUE_UNAVAILABLE', 14],
  ['HTTP_REQUEST_METHOD_VALUE_QUERY', 'QUERY'],
  ['ATTR_HOST_NAME', 'host.name'],
  ['ATTR_PROCESS_PID', 'process.pid'],
  ['ATTR_K8S_HPA_NAME', 'k8s.hpa.name'],
];

// Names older instrumentations still send, and the replacement each doc must name.
const DEPRECATED: ReadonlyArray<readonly [string, string, readonly string[]]> = [
  ['ATTR_HTTP_METHOD', 'http.method', ['`http.request.method`', '`ATTR_HTTP_REQUEST_METHOD`']],
  ['ATTR_HTTP_STATUS_CODE', 'http.status_code', ['`http.response.status_code`', '`ATTR_HTTP_RESPONSE_STATUS_CODE`']],
  ['ATTR_HTTP_URL', 'http.url', ['`url.full`', '`ATTR_URL_FULL`']],
  ['ATTR_HTTP_TARGET', 'http.target', ['`url.path`', '`url.query`']],
  ['ATTR_DB_STATEMENT', 'db.statement', ['`db.query.text`', '`ATTR_DB_QUERY_TEXT`']],
  ['ATTR_DB_SYSTEM', 'db.system', ['`db.system.name`', '`ATTR_DB_SYSTEM_NAME`']],
  ['ATTR_NET_PEER_NAME', 'net.peer.name', ['`server.address`', '`ATTR_SERVER_ADDRESS`', '`client.address`']],
  ['ATTR_NET_PEER_PORT', 'net.peer.port', ['`server.port`', '`client.port`']],
  ['ATTR_HTTP_REQUEST_CONTENT_LENGTH', 'http.request_content_length', ["`ATTR_HTTP_REQUEST_HEADER('content-length')`"]],
  ['ATTR_DEPLOYMENT_ENVIRONMENT', 'deployment.environment', ['`deployment.environment.name`']],
];

test('the incubating entry exports messaging, RPC and other development names with the registry values', () => {
  for (const [name, value] of INCUBATING_NAMES) {
    assert.equal(all[name], value, name);
    assert.equal(stableOnly[name], undefined, `${name} must not be in the stable entry`);
  }
});

test('deprecated names are exported by the incubating entry with their old values', () => {
  for (const [name, value] of DEPRECATED) {
    assert.equal(all[name], value, name);
  }
});

test('the doc comment of a deprecated name is @deprecated and names the replacement', () => {
  const byName = new Map(constantsOf('incubating.ts').map((c) => [c.name, c]));
  for (const [name, , replacements] of DEPRECATED) {
    const c = byName.get(name);
    if (c === undefined) assert.fail(`${name} is declared in incubating.ts`);
    const deprecated = /@deprecated ([^\n]*)/.exec(c.doc)?.[1];
    if (deprecated === undefined) assert.fail(`${name} has @deprecated`);
    for (const r of replacements) assert.ok(deprecated.includes(r), `${name}: @deprecated names ${r}: ${deprecated}`);
  }
});

test('deprecated enum values name the value that replaces them', () => {
  const c = constantsOf('incubating.ts').find((x) => x.name === 'DB_SYSTEM_VALUE_CACHE');
  if (c === undefined) assert.fail('DB_SYSTEM_VALUE_CACHE is declared in incubating.ts');
  assert.match(c.doc, /@deprecated .*`intersystems_cache`.*`DB_SYSTEM_VALUE_INTERSYSTEMS_CACHE`/);
});

test('the incubating entry also exports every stable name with the same value', () => {
  for (const [name, value] of Object.entries(stableOnly)) {
    assert.equal(all[name], value, name);
  }
});

test('the stable entry exports none of the names declared in incubating.ts', () => {
  const leaked = declaredNames('incubating.ts').filter((n) => n in stableOnly);
  assert.deepEqual(leaked, []);
});

test('the incubating entry exports exactly the names of stable.ts and incubating.ts', () => {
  const declared = [...declaredNames('stable.ts'), ...declaredNames('incubating.ts')].sort();
  assert.deepEqual(Object.keys(all).sort(), declared);
});

test('every incubating constant says it is not stable and links to the registry', () => {
  for (const c of constantsOf('incubating.ts')) {
    assert.match(c.doc, /not stable yet/i, c.name);
    assert.doesNotMatch(c.doc, /[Ss]tability: stable/, c.name);
    assert.match(c.doc, /@see \{@link https:\/\/opentelemetry\.io\/docs\/specs\/semconv\/registry\/attributes\/[a-z0-9-]+\/#[a-z0-9-]+/, c.name);
  }
});
