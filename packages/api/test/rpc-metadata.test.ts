import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  deleteRPCMetadata,
  getRPCMetadata,
  NonRecordingSpan,
  ROOT_CONTEXT,
  RPCType,
  setRPCMetadata,
} from '../src/index.js';

test('RPC metadata is stored under the @opentelemetry/core key and can be read back and deleted', () => {
  const meta = { type: RPCType.HTTP, route: '/users/:id', span: new NonRecordingSpan() } as const;
  const ctx = setRPCMetadata(ROOT_CONTEXT, meta);
  assert.equal(getRPCMetadata(ctx), meta);
  assert.equal(ctx.getValue(Symbol.for('OpenTelemetry SDK Context Key RPC_METADATA')), meta);
  assert.equal(getRPCMetadata(deleteRPCMetadata(ctx)), undefined);
  assert.equal(getRPCMetadata(null as never), undefined);
  assert.equal(RPCType.HTTP, 'http');
});
