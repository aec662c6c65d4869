// Runs the benchmark harness in smoke mode in a child process and checks that
// every scenario of issue 8 ran on every side and that its counts add up.
// It never looks at how fast anything was.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const harness = join(root, 'benchmarks', 'dist', 'run.js');

const SPAN_SCENARIOS = ['span_min', 'span_attrs', 'span_nested'];
const PROPAGATE = ['tracecontext', 'baggage', 'b3', 'b3multi', 'jaeger', 'xray'].map((f) => `propagate_${f}`);
const EXPECTED: Record<string, string[]> = {
  ...Object.fromEntries(SPAN_SCENARIOS.map((s) => [s, s === 'span_min' ? ['spool', 'otel', 'baseline'] : ['spool', 'otel']])),
  span_unsampled: ['spool', 'otel', 'baseline'],
  ctx_with: ['spool', 'otel', 'baseline'],
  ...Object.fromEntries(PROPAGATE.map((s) => [s, ['spool', 'otel']])),
  otlp_encode: ['spool', 'otel'],
  export_e2e: ['spool', 'otel', 'baseline'],
  cold_start: ['spool', 'otel', 'baseline'],
  floor: ['floor'],
};

interface Round {
  impl: string;
  round: number;
  error?: string;
  metrics: Record<string, number>;
  counts: Record<string, number>;
  check?: Record<string, string | number | boolean>;
}
interface Scenario { name: string; rounds: Round[]; errors: string[] }
interface SmokeOutput { mode: string; problems: string[]; settings: { e2eSpans: number }; scenarios: Scenario[] }

function okRounds(s: Scenario, impl: string): Round[] {
  return s.rounds.filter((r) => r.impl === impl && r.round >= 0 && r.error === undefined);
}

describe('npm run bench:smoke', () => {
  let output: SmokeOutput;
  let status: number | null;
  let log: string;

  before(() => {
    assert.ok(existsSync(harness), `the harness is built (${harness}); run npm run build`);
    const dir = mkdtempSync(join(tmpdir(), 'spool-bench-smoke-'));
    try {
      const out = join(dir, 'smoke.json');
      const res = spawnSync(process.execPath, [harness, '--smoke', '--out', out], { cwd: root, encoding: 'utf8', timeout: 170_000 });
      status = res.status;
      log = `${res.stdout}\n${res.stderr}`;
      assert.ok(existsSync(out), `the smoke run wrote its results:\n${log}`);
      output = JSON.parse(readFileSync(out, 'utf8')) as SmokeOutput;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, { timeout: 180_000 });

  it('exits 0 and reports no problems', () => {
    assert.equal(output.mode, 'smoke');
    assert.deepEqual(output.problems, [], log);
    assert.equal(status, 0, log);
  });

  it('runs every scenario of issue 8 on every implementation without error', () => {
    const names = output.scenarios.map((s) => s.name).sort();
    assert.deepEqual(names, Object.keys(EXPECTED).sort());
    for (const s of output.scenarios) {
      assert.deepEqual(s.errors, [], `${s.name} has errors`);
      for (const impl of EXPECTED[s.name]!) {
        assert.ok(okRounds(s, impl).length >= 1, `${s.name}: ${impl} completed a round`);
      }
    }
  });

  it('accounts for every sampled span: created = exported + dropped, and some were exported', () => {
    for (const name of SPAN_SCENARIOS) {
      const s = output.scenarios.find((x) => x.name === name)!;
      for (const impl of ['spool', 'otel']) {
        for (const r of okRounds(s, impl)) {
          const c = r.counts;
          assert.ok(c['spansExported']! > 0, `${name} ${impl}: spans reached the exporter`);
          assert.equal(c['spansCreated'], c['spansExported']! + c['spansDropped']!, `${name} ${impl}: created = exported + dropped`);
        }
      }
      // Spool's drops come from its own counter, so the equation is a real check there.
      assert.ok(okRounds(s, 'spool').every((r) => r.counts['dropsReportedBySdk'] === 1), `${name}: spool drops come from getStats()`);
    }
  });

  it('never exports an unsampled span', () => {
    const s = output.scenarios.find((x) => x.name === 'span_unsampled')!;
    for (const impl of ['spool', 'otel']) {
      for (const r of okRounds(s, impl)) assert.equal(r.counts['spansExported'], 0, `span_unsampled ${impl}`);
    }
  });

  it('extracts what it injected for every propagation format', () => {
    for (const name of PROPAGATE) {
      const s = output.scenarios.find((x) => x.name === name)!;
      const carried = ['spool', 'otel'].map((impl) => okRounds(s, impl)[0]?.check?.['carried']);
      assert.equal(typeof carried[0], 'string', `${name}: spool's check recorded what was carried`);
      assert.notEqual(carried[0], '', name);
      assert.equal(carried[0], carried[1], `${name}: both sides carried the same`);
    }
  });

  it('encodes the 512-span batch on both sides', () => {
    const s = output.scenarios.find((x) => x.name === 'otlp_encode')!;
    for (const impl of ['spool', 'otel']) {
      for (const r of okRounds(s, impl)) {
        assert.equal(r.counts['spans'], 512, `otlp_encode ${impl}`);
        assert.ok(r.metrics['bytesPerSpan']! > 0, `otlp_encode ${impl}: produced bytes`);
      }
    }
  });

  it('delivers every export_e2e load shape to the receiver and counts every span: created = delivered + dropped', () => {
    const s = output.scenarios.find((x) => x.name === 'export_e2e')!;
    const shapes = [['', output.settings.e2eSpans], ['steady.', Math.round(output.settings.e2eSpans / 10)], ['selfpaced.', output.settings.e2eSpans]] as const;
    for (const impl of ['spool', 'otel']) {
      for (const r of okRounds(s, impl)) {
        for (const [p, spans] of shapes) {
          const c = r.counts;
          assert.equal(c[`${p}created`], spans, `export_e2e ${p}${impl}: every span was created`);
          assert.ok(c[`${p}delivered`]! > 0, `export_e2e ${p}${impl}: the receiver got spans`);
          assert.equal(c[`${p}created`], c[`${p}delivered`]! + c[`${p}dropped`]!, `export_e2e ${p}${impl}: created = delivered + dropped`);
        }
      }
    }
    for (const r of okRounds(s, 'spool')) {
      for (const [p] of shapes) {
        assert.equal(r.counts[`${p}reportedDropped`], r.counts[`${p}dropped`], `export_e2e ${p}spool: every dropped span was reported by getStats()`);
      }
    }
  });

  it('starts each SDK in a fresh process for every set, delivers its first span, and sizes its install', () => {
    const s = output.scenarios.find((x) => x.name === 'cold_start')!;
    for (const impl of ['spool', 'otel']) {
      const [r] = okRounds(s, impl);
      assert.ok(r !== undefined, `cold_start ${impl}`);
      for (const key of ['importMinimalMs', 'importGrpcMs', 'firstExportMs', 'footprintMinimal', 'footprintGrpc']) {
        assert.ok(Number.isFinite(r.metrics[key]) && r.metrics[key]! > 0, `cold_start ${impl}: ${key}`);
      }
      assert.equal(r.check?.['minimal.spanRecorded'], true, `cold_start ${impl}: the minimal pipeline recorded a span`);
      assert.equal(r.check?.['grpc.spanRecorded'], true, `cold_start ${impl}: the gRPC pipeline recorded a span`);
      assert.equal(r.check?.['first-export.grpcLoaded'], true, `cold_start ${impl}: the first export loaded @grpc/grpc-js`);
    }
  });
});

describe('the benchmark harness command line', () => {
  it('rejects an unknown scenario name with exit code 2 and the list of known ones', () => {
    const res = spawnSync(process.execPath, [harness, '--scenario', 'no_such_scenario', '--no-write'], { cwd: root, encoding: 'utf8', timeout: 30_000 });
    assert.equal(res.status, 2);
    assert.match(res.stderr, /unknown scenario no_such_scenario/);
    assert.match(res.stderr, /span_min/);
  });

  it('rejects a bad number with exit code 2', () => {
    const res = spawnSync(process.execPath, [harness, '--rounds', 'zero'], { cwd: root, encoding: 'utf8', timeout: 30_000 });
    assert.equal(res.status, 2);
    assert.match(res.stderr, /--rounds needs a positive integer/);
  });
});
