import { formatRatio, formatSpread, formatValue } from './format-metric.js';
import type { MachineInfo } from './machine-info.js';
import type { RunSettings } from './run-settings.js';
import type { ScenarioResult } from './scenario-result.js';
import type { Footprint } from './package-footprint.js';

const esc = (s: string): string => s.replace(/\|/g, '\\|');

function summaryTable(results: readonly ScenarioResult[]): string[] {
  const rows = [
    '| scenario | metric | Spool | OpenTelemetry JS | ratio | bar | met? |',
    '|---|---|---:|---:|---:|---|:---:|',
  ];
  for (const r of results) {
    for (const m of r.metrics) {
      if (r.name === 'floor') continue;
      const s = m.byImpl['spool'];
      const o = m.byImpl['otel'];
      // Uncompared counts (drops) vary a lot between rounds; a range says more than a relative spread.
      const cell = (x: typeof s): string => (x === undefined ? 'not run'
        : m.spec.compare ? `${formatValue(x.median, m.spec.display)} ${formatSpread(x.spread)}`
          : x.values.length > 1 ? `${formatValue(x.median, m.spec.display)} (${formatValue(x.min, m.spec.display)}–${formatValue(x.max, m.spec.display)})` : formatValue(x.median, m.spec.display));
      const ratio = m.ratio === undefined ? '—' : `**${formatRatio(m.ratio.median)}** (${formatRatio(m.ratio.min)}–${formatRatio(m.ratio.max)})`;
      const met = m.met === null ? (m.spec.bar === undefined ? '' : 'n/a') : m.met ? '✅' : '❌';
      rows.push(`| [${r.name}](#${r.name}) | ${esc(m.spec.label)} | ${cell(s)} | ${cell(o)} | ${ratio} | ${m.spec.bar?.text ?? ''} | ${met} |`);
    }
  }
  return rows;
}

function referenceTable(results: readonly ScenarioResult[]): string[] {
  const rows = ['| scenario | metric | reference | median |', '|---|---|---|---:|'];
  for (const r of results) {
    for (const impl of r.impls) {
      if (impl.name === 'spool' || impl.name === 'otel') continue;
      for (const m of r.metrics) {
        if (!m.spec.compare && r.name !== 'floor') continue; // drop counts of a reference say nothing
        const s = m.byImpl[impl.name];
        if (s === undefined && r.rounds.some((x) => x.impl === impl.name && x.error === undefined)) continue; // not measured for this reference
        rows.push(`| [${r.name}](#${r.name}) | ${esc(m.spec.label)} | ${esc(impl.label)} | ${s === undefined ? 'not run' : `${formatValue(s.median, m.spec.display)} ${formatSpread(s.spread)}`} |`);
      }
    }
  }
  return rows.length > 2 ? rows : [];
}

function details(r: ScenarioResult): string[] {
  const load = r.loadAvg !== undefined ? ` Load average at its start: ${r.loadAvg}.` : '';
  const out = [`### ${r.name}`, '', `${r.title}. What and why: [benchmarks/src/scenarios/${r.name}/README.md](../benchmarks/src/scenarios/${r.name}/README.md).${load}`, ''];
  out.push('| metric | implementation | median | best round | worst round | rounds |', '|---|---|---:|---:|---:|---:|');
  for (const m of r.metrics) {
    for (const impl of r.impls) {
      const s = m.byImpl[impl.name];
      if (s === undefined) continue;
      const [best, worst] = m.spec.better === 'higher' ? [s.max, s.min] : [s.min, s.max];
      out.push(`| ${esc(m.spec.label)} | ${esc(impl.label)} | ${formatValue(s.median, m.spec.display)} | ${formatValue(best, m.spec.display)} | ${formatValue(worst, m.spec.display)} | ${s.values.length} |`);
    }
  }
  out.push('');
  for (const impl of r.impls) {
    const first = r.rounds.find((x) => x.impl === impl.name && x.round >= 0 && x.error === undefined);
    if (first === undefined) continue;
    const facts = Object.entries(first.check ?? {}).map(([k, v]) => `${k}=${String(v)}`).join(', ');
    const counts = Object.entries(first.counts).map(([k, v]) => `${k}=${v}`).join(', ');
    out.push(`- ${impl.label}: check before timing: ${facts || '—'}${counts ? `; counts (round 1): ${counts}` : ''}`);
  }
  const footprints = r.extra['footprints'] as Record<string, { minimal: Footprint; grpc: Footprint }> | undefined;
  if (footprints !== undefined) {
    for (const [impl, sets] of Object.entries(footprints)) {
      for (const [set, fp] of Object.entries(sets)) {
        const list = Object.entries(fp.packages).sort((a, b) => b[1] - a[1]).map(([p, b]) => `${p} ${formatValue(b, 'kib')}`).join(', ');
        out.push(`- installed, ${impl} ${set}: ${formatValue(fp.bytes, 'kib')} in ${fp.files} files: ${list}${fp.missing.length ? `; not installed: ${fp.missing.join(', ')}` : ''}`);
      }
    }
  }
  for (const e of r.errors) out.push(`- error: ${esc(e.split('\n')[0]!)}`);
  out.push('');
  return out;
}

/**
 * Renders docs/benchmarks.md from one full run. `notes` (the hand-kept
 * benchmarks/NOTES.md) is included verbatim at the end.
 */
export function markdownReport(machine: MachineInfo, settings: RunSettings, results: readonly ScenarioResult[], notes: string): string {
  const met = results.flatMap((r) => r.metrics).filter((m) => m.met !== null);
  const lines = [
    '# Benchmarks: Spool and OpenTelemetry JS',
    '',
    '<!-- Generated by `npm run bench` (benchmarks/src/run.ts). Do not edit by hand: change the harness or',
    '     benchmarks/NOTES.md and run it again. -->',
    '',
    `Generated ${machine.date} at commit \`${machine.commit}\` on ${machine.cpuModel} (${machine.cores} cores, ${machine.memoryGiB} GiB), ${machine.os}, Node ${machine.node} (V8 ${machine.v8}); 1-minute load average ${machine.loadAvg} at the start.`,
    `Bars met: **${met.filter((m) => m.met === true).length} of ${met.length}**.`,
    '',
    '## Results',
    '',
    '*ratio* is Spool\'s advantage over OpenTelemetry JS (above 1 = Spool better: faster, less CPU, fewer bytes, smaller),',
    'the median over rounds of the ratio of the two runs of each round, with the lowest and highest round in brackets.',
    'Times per operation are medians over rounds; ± is half the range between rounds.',
    '',
    ...summaryTable(results),
    '',
  ];
  const ref = referenceTable(results);
  if (ref.length > 0) {
    lines.push('References measured in the same run (what the work costs with no SDK at all, or by hand):', '', ...ref, '');
  }
  lines.push(
    '## Method',
    '',
    `Each implementation of a scenario runs in its own Node process (benchmarks/src/scenarios/<name>/<impl>.ts), the implementations alternated (Spool, OpenTelemetry JS, Spool, ...) for ${settings.rounds} rounds after one discarded round.`,
    `A micro-benchmark child warms up for ${settings.warmupMs} ms, then checks that the measured path really ran (the exporter behind the batch processor received the spans, extract returned what inject wrote, the encoding decodes to the input spans...), then times ${settings.durationMs} ms of operations in ten slices (the child reports the median slice rate, so a slice disturbed by another process does not count) with a yield to the event loop every 512 spans (1,000 operations where no span is made), so batch processors export as they would in a server; the time includes that background work.`,
    'Both sides use the same configuration: ParentBased(AlwaysOn) (or AlwaysOff for span_unsampled), one batch span processor at its defaults in front of an exporter that discards, and an AsyncLocalStorage context manager.',
    `export_e2e sends spans (after a ${settings.e2eWarmupSpans.toLocaleString('en-US')}-span warm-up) through each SDK's batch processor at its defaults and its real OTLP/gRPC exporter into a @grpc/grpc-js receiver in the harness process that counts the Span messages, in three shapes: a burst of ${settings.e2eSpans.toLocaleString('en-US')} spans offered at ${settings.e2eRate.toLocaleString('en-US')}/s (the same arrival for both sides; the bars apply here), a steady ${Math.round(settings.e2eSpans / 10).toLocaleString('en-US')} at ${Math.round(settings.e2eRate / 10).toLocaleString('en-US')}/s, and a self-paced burst of ${settings.e2eSpans.toLocaleString('en-US')} made as fast as each SDK can (${settings.e2eChunk} per turn of the event loop); ${settings.e2eRounds} rounds.`,
    `cold_start starts ${settings.coldRounds} fresh processes per side and set (after one discarded round); the first-export runs each get their own local receiver.`,
    '',
    'Run it: `npm run bench` (everything; writes this file and benchmarks/results/latest.json), `npm run bench -- --scenario span_min` (one),',
    '`npm run bench:smoke` (every scenario briefly; what `npm test` checks), `npm run bench -- --scenario span_min --profile` (CPU profiles in benchmarks/results/profiles/).',
    '',
    '### Versions',
    '',
    '| package | version |',
    '|---|---|',
    ...Object.entries(machine.packages).map(([n, v]) => `| ${n} | ${v} |`),
    '',
    '## Details',
    '',
  );
  for (const r of results) lines.push(...details(r));
  lines.push('## Notes', '', notes.trim() === '' ? '(none)' : notes.trim(), '');
  return lines.join('\n');
}
