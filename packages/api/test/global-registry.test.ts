import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { isCompatibleVersion, slotKeyFor } from '../src/global-registry.js';
import { context, diag, DiagLogLevel, ROOT_CONTEXT, trace, VERSION, createContextKey } from '../src/index.js';
import { CaptureLogger } from './helpers/capture-logger.js';
import { RecordingProvider } from './helpers/recording-provider.js';
import { loadCopy, removeCopies } from './helpers/second-copy.js';
import { StackContextManager } from './helpers/stack-context-manager.js';

after(removeCopies);

const logger = new CaptureLogger();
diag.setLogger(logger, DiagLogLevel.ALL);

const table: [string, string, boolean][] = [
  ['1.2.0', '1.4.0', true],
  ['1.4.0', '1.2.0', true],
  ['1.2.3', '1.2.3', true],
  ['1.2.0', '2.0.0', false],
  ['2.0.0', '1.9.9', false],
  ['0.1.0', '0.2.0', false],
  ['0.1.0', '0.1.9', true],
  ['0.0.1', '0.0.2', false],
  ['1.4.0-beta.1', '1.4.0', true],
  ['1.4.0-beta.1', '1.4.0-beta.2', true],
  ['1.2.0', '1.4.0-beta.1', false],
  ['1.2.0-rc.1', '1.4.0-rc.1', false],
  ['not-a-version', '1.0.0', false],
  ['1.0.0', '', false],
];

for (const [own, other, expected] of table) {
  test(`versions ${own} and ${other} are ${expected ? '' : 'not '}compatible`, () => {
    assert.equal(isCompatibleVersion(own, other), expected);
  });
}

test('the slot key is one per major version', () => {
  assert.equal(slotKeyFor('0.1.0'), Symbol.for('spool.api.v0'));
  assert.equal(slotKeyFor('0.9.3'), Symbol.for('spool.api.v0'));
  assert.equal(slotKeyFor('2.3.4'), Symbol.for('spool.api.v2'));
});

test('the API keeps its state in a non-enumerable slot on globalThis named after its major', () => {
  const key = Symbol.for('spool.api.v0');
  const slot = (globalThis as unknown as Record<symbol, { version: string; diag: unknown }>)[key];
  assert.ok(slot);
  assert.equal(slot.version, VERSION);
  assert.notEqual(slot.diag, undefined);
  assert.equal(Object.getOwnPropertyDescriptor(globalThis, key)?.enumerable, false);
});

// The rest of this file loads real second copies of the compiled package.
const earlyContext = ROOT_CONTEXT.setValue(createContextKey('spool test registry'), 'shared');

test('a compatible second copy shares the slot: its early tracer records once the first copy registers', async () => {
  const copy = await loadCopy('0.1.7');
  assert.equal(copy.VERSION, '0.1.7');
  const early = copy.trace.getTracer('from-copy');
  assert.equal(early.startSpan('before').isRecording(), false);

  const provider = new RecordingProvider();
  assert.equal(trace.setGlobalTracerProvider(provider), true);
  assert.equal(early.startSpan('after').isRecording(), true);
  assert.deepEqual(provider.spans.map((s) => s.name), ['after']);

  // the context manager registered by one copy is used by the other
  assert.equal(copy.context.setGlobalContextManager(new StackContextManager()), true);
  const seen = context.with(earlyContext, () => copy.context.active());
  assert.equal(seen, earlyContext);

  // a second registration through the other copy is refused
  logger.clear();
  assert.equal(copy.trace.setGlobalTracerProvider(new RecordingProvider()), false);
  assert.ok(logger.messages('error').some((m) => m.includes('already registered')));
});

test('an incompatible copy refuses the slot, refuses to register, and names both versions', async () => {
  logger.clear();
  const copy = await loadCopy('0.2.0');
  // Using the copy makes it meet the slot of 0.1.x.
  const span = copy.trace.getTracer('incompatible').startSpan('x');
  assert.equal(span.isRecording(), false);
  assert.equal(copy.trace.setGlobalTracerProvider(new RecordingProvider()), false);
  const errors = logger.messages('error');
  assert.ok(errors.some((m) => m.includes('0.2.0') && m.includes(VERSION) && m.includes('incompatible')), errors.join('\n'));
  assert.ok(errors.some((m) => m.includes('cannot register the global tracer provider')), errors.join('\n'));
  // the first copy is untouched
  assert.equal(trace.getTracer('main').startSpan('y').isRecording(), true);
});

test('a copy of another major that cannot serve a tracer says why once, naming both versions', async () => {
  logger.clear();
  const copy = await loadCopy('1.0.0');
  const tracer = copy.trace.getTracer('other-major');
  for (let i = 0; i < 5; i++) assert.equal(tracer.startSpan('x').isRecording(), false);
  const explained = logger
    .messages('error')
    .filter((m) => m.includes('@spool/api 1.0.0 cannot serve a tracer') && m.includes(`@spool/api ${VERSION}`));
  assert.equal(explained.length, 1, logger.messages().join('\n'));
  assert.match(explained[0]!, /all-zero/);
  // its slot is its own
  assert.ok((globalThis as unknown as Record<symbol, unknown>)[Symbol.for('spool.api.v1')]);
});

test('a spool copy with its own provider registered reports nothing about other copies', async () => {
  const copy = await loadCopy('3.0.0');
  const local = new RecordingProvider();
  assert.equal(copy.trace.setGlobalTracerProvider(local), true);
  logger.clear();
  assert.equal(copy.trace.getTracer('x').startSpan('y').isRecording(), true);
  assert.equal(logger.messages('error').length, 0);
});
