import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { diag, DiagConsoleLogger, DiagLogLevel, type DiagLogger } from '../src/index.js';
import { CaptureLogger } from './helpers/capture-logger.js';

const INDEX = fileURLToPath(new URL('../src/index.js', import.meta.url));

test('diag is silent and never throws before a logger is set', () => {
  diag.error('e');
  diag.warn('w', { extra: 1 });
  diag.info('i');
  diag.debug('d');
  diag.verbose('v');
  assert.equal(diag.isEnabled(DiagLogLevel.ERROR), false);
  diag.createComponentLogger({ namespace: 'x' }).error('nothing to log to');
});

test('setLogger with a level forwards that level and more severe ones only', () => {
  const logger = new CaptureLogger();
  assert.equal(diag.setLogger(logger, { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true }), true);
  diag.error('e', 1);
  diag.warn('w');
  diag.info('i');
  diag.debug('d');
  diag.verbose('v');
  assert.deepEqual(logger.lines, [
    { level: 'error', message: 'e', args: [1] },
    { level: 'warn', message: 'w', args: [] },
  ]);
  assert.equal(diag.isEnabled(DiagLogLevel.WARN), true);
  assert.equal(diag.isEnabled(DiagLogLevel.INFO), false);
});

test('setLogger defaults to INFO and accepts a bare level', () => {
  const a = new CaptureLogger();
  diag.setLogger(a, { suppressOverrideMessage: true });
  diag.info('i');
  diag.debug('d');
  assert.deepEqual(a.messages(), ['i']);
  const b = new CaptureLogger();
  diag.setLogger(b, DiagLogLevel.VERBOSE);
  diag.verbose('v');
  assert.ok(b.messages('verbose').includes('v'));
});

test('replacing a logger warns on both loggers unless suppressOverrideMessage', () => {
  const first = new CaptureLogger();
  diag.setLogger(first, { logLevel: DiagLogLevel.ALL, suppressOverrideMessage: true });
  const second = new CaptureLogger();
  diag.setLogger(second, DiagLogLevel.ALL);
  assert.equal(first.messages('warn').length, 1);
  assert.match(first.messages('warn')[0]!, /replaced/);
  assert.equal(second.messages('warn').length, 1);
  const third = new CaptureLogger();
  diag.setLogger(third, { logLevel: DiagLogLevel.ALL, suppressOverrideMessage: true });
  assert.equal(second.messages('warn').length, 1);
  assert.equal(third.lines.length, 0);
});

test('out-of-range and bad levels are clamped', () => {
  const none = new CaptureLogger();
  diag.setLogger(none, { logLevel: -5 as DiagLogLevel, suppressOverrideMessage: true });
  diag.error('dropped');
  assert.equal(none.lines.length, 0);
  const all = new CaptureLogger();
  diag.setLogger(all, { logLevel: 1e9 as DiagLogLevel, suppressOverrideMessage: true });
  diag.verbose('kept');
  assert.deepEqual(all.messages(), ['kept']);
});

test('setLogger refuses diag itself and non-objects', () => {
  const logger = new CaptureLogger();
  diag.setLogger(logger, { logLevel: DiagLogLevel.ALL, suppressOverrideMessage: true });
  assert.equal(diag.setLogger(diag as unknown as DiagLogger), false);
  assert.equal(diag.setLogger(null as never), false);
  assert.equal(diag.setLogger('console' as never), false);
  assert.equal(logger.messages('error').length, 3);
});

test('a logger with missing methods or methods that throw never breaks the caller', () => {
  const partial = { error: () => { throw new Error('logger broke'); } } as unknown as DiagLogger;
  diag.setLogger(partial, { logLevel: DiagLogLevel.ALL, suppressOverrideMessage: true });
  diag.error('e');
  diag.warn('w');
  diag.verbose('v');
});

test('a component logger prefixes its namespace and follows the current logger and level', () => {
  const component = diag.createComponentLogger({ namespace: '@spool/test' });
  const a = new CaptureLogger();
  diag.setLogger(a, { logLevel: DiagLogLevel.INFO, suppressOverrideMessage: true });
  component.info('hello', 42);
  component.debug('filtered');
  assert.deepEqual(a.lines, [{ level: 'info', message: '@spool/test hello', args: [42] }]);
  const b = new CaptureLogger();
  diag.setLogger(b, { logLevel: DiagLogLevel.DEBUG, suppressOverrideMessage: true });
  component.debug('now shown');
  assert.deepEqual(b.messages(), ['@spool/test now shown']);
});

test('disable removes the logger', () => {
  const logger = new CaptureLogger();
  diag.setLogger(logger, { logLevel: DiagLogLevel.ALL, suppressOverrideMessage: true });
  diag.disable();
  diag.error('gone');
  assert.equal(logger.lines.length, 0);
  assert.equal(diag.isEnabled(DiagLogLevel.ERROR), false);
});

test('DiagConsoleLogger has the five methods', () => {
  const logger = new DiagConsoleLogger();
  for (const m of ['error', 'warn', 'info', 'debug', 'verbose'] as const) assert.equal(typeof logger[m], 'function');
});

test('DiagConsoleLogger writes errors and warnings to stderr and the rest to stdout, filtered by level', () => {
  const program = `
    import { diag, DiagConsoleLogger, DiagLogLevel } from ${JSON.stringify(INDEX)};
    diag.setLogger(new DiagConsoleLogger(), DiagLogLevel.INFO);
    diag.error('an-error', 1);
    diag.warn('a-warning');
    diag.info('some-info');
    diag.debug('hidden-debug');
  `;
  const res = spawnSync(process.execPath, ['--input-type=module', '-e', program], { encoding: 'utf8' });
  assert.equal(res.status, 0, res.stderr);
  assert.match(res.stderr, /an-error 1/);
  assert.match(res.stderr, /a-warning/);
  assert.match(res.stdout, /some-info/);
  assert.doesNotMatch(res.stdout + res.stderr, /hidden-debug/);
});
