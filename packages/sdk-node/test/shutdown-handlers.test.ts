import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fixture } from './fixture-path.js';

interface Outcome {
  readonly lines: string[];
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** Runs the child in `mode`; sends `signal` once it prints "ready". */
function run(mode: string, signal?: NodeJS.Signals): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fixture('shutdown-child.mjs'), mode], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      if (signal !== undefined && out.includes('ready\n') && !out.includes('sent\n')) {
        out += 'sent\n';
        child.kill(signal);
      }
    });
    child.on('error', reject);
    child.on('close', (code, sig) => resolve({ lines: out.trimEnd().split('\n'), code, signal: sig }));
  });
}

describe('installShutdownHandlers', () => {
  it('shuts down on SIGTERM, then lets the signal end the process when the application has no handler', async () => {
    const r = await run('plain', 'SIGTERM');
    assert.deepEqual(r.lines, ['ready', 'sent', 'shutdown start', 'shutdown done']);
    assert.equal(r.signal, 'SIGTERM');
  });

  it('does the same on SIGINT', async () => {
    const r = await run('plain', 'SIGINT');
    assert.deepEqual(r.lines, ['ready', 'sent', 'shutdown start', 'shutdown done']);
    assert.equal(r.signal, 'SIGINT');
  });

  it('flushes and lets the application handler decide when to exit', async () => {
    const r = await run('app-handler', 'SIGTERM');
    assert.deepEqual(r.lines, ['ready', 'sent', 'forceFlush start', 'app handler', 'forceFlush done', 'app exits']);
    assert.equal(r.code, 0);
    assert.equal(r.signal, null);
  });

  it('stops waiting at the deadline when the flush hangs', async () => {
    const r = await run('hang', 'SIGTERM');
    assert.deepEqual(r.lines, ['ready', 'sent', 'shutdown start']);
    assert.equal(r.signal, 'SIGTERM');
  });

  it('ends the process once every tracing handle has shut down when several are installed', async () => {
    const r = await run('two-handles', 'SIGTERM');
    assert.deepEqual(r.lines, ['ready', 'sent', 'shutdown start', 'shutdown done', 'second shutdown done']);
    assert.equal(r.signal, 'SIGTERM');
  });

  it('shuts down once when the event loop runs empty', async () => {
    const r = await run('before-exit');
    assert.deepEqual(r.lines, ['work done', 'shutdown start', 'shutdown done']);
    assert.equal(r.code, 0);
  });
});
