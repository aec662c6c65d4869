/**
 * Summarises V8 CPU profiles written by `npm run bench -- --profile`:
 * the functions with the most self time, and the packages they belong to.
 *
 *   node benchmarks/dist/profile-summary.js benchmarks/results/profiles/span_min.spool.r1.cpuprofile [--top 25]
 *   node benchmarks/dist/profile-summary.js FILE --callers _copyActual    # who calls a hot function
 *
 * Several files are merged (e.g. all rounds of one side).
 */
import { readFileSync } from 'node:fs';

interface CallFrame { functionName: string; url: string; lineNumber: number; columnNumber: number }
interface ProfileNode { id: number; callFrame: CallFrame; hitCount?: number; children?: number[] }

/** Self time of `fn` by its caller chain (4 frames up). */
function callersOf(profile: CpuProfile, fn: string, into: Map<string, number>): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    const node = byId.get(samples[i]!);
    if (node === undefined || node.callFrame.functionName !== fn) continue;
    const chain: string[] = [];
    for (let id = parent.get(node.id); id !== undefined && chain.length < 4; id = parent.get(id)) {
      const f = byId.get(id)!.callFrame;
      chain.push(`${f.functionName || '(anonymous)'} ${where(f.url)}:${f.lineNumber + 1}`);
    }
    const key = chain.join('  <-  ');
    into.set(key, (into.get(key) ?? 0) + (deltas[i + 1] ?? deltas[i] ?? 0));
  }
}
interface CpuProfile { nodes: ProfileNode[]; startTime: number; endTime: number; samples?: number[]; timeDeltas?: number[] }

function where(url: string): string {
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) return url.slice(nm + 'node_modules/'.length);
  const pk = url.indexOf('/packages/');
  if (pk >= 0) return url.slice(pk + 1);
  const bench = url.indexOf('/benchmarks/');
  if (bench >= 0) return url.slice(bench + 1);
  return url.replace(/^file:\/\//, '') || '(native)';
}

function group(url: string): string {
  const w = where(url);
  if (w === '(native)' || w.startsWith('node:')) return w === '(native)' ? '(native / GC / idle)' : 'node internals';
  const parts = w.split('/');
  if (parts[0] === 'packages') return `@spool/${parts[1]}`;
  if (parts[0]!.startsWith('@')) return `${parts[0]}/${parts[1]}`;
  return parts[0]!;
}

function main(): void {
  const args = process.argv.slice(2);
  let top = 25;
  let callers: string | undefined;
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--top') top = Number(args[++i]);
    else if (args[i] === '--callers') callers = args[++i];
    else files.push(args[i]!);
  }
  if (callers !== undefined && files.length > 0) {
    const chains = new Map<string, number>();
    for (const file of files) callersOf(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, callers, chains);
    const sum = [...chains.values()].reduce((a, b) => a + b, 0);
    console.log(`${callers}: ${(sum / 1000).toFixed(1)} ms of self time, by caller chain:`);
    for (const [k, us] of [...chains].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${((us / sum) * 100).toFixed(1).padStart(5)}%  ${k}`);
    return;
  }
  if (files.length === 0) {
    console.error('usage: node benchmarks/dist/profile-summary.js FILE.cpuprofile [...] [--top N] [--callers FUNCTION]');
    process.exitCode = 2;
    return;
  }
  const selfUs = new Map<string, number>();
  const byGroup = new Map<string, number>();
  let total = 0;
  for (const file of files) {
    const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
    const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
    const samples = profile.samples ?? [];
    const deltas = profile.timeDeltas ?? [];
    for (let i = 0; i < samples.length; i++) {
      const node = nodes.get(samples[i]!);
      if (node === undefined) continue;
      const dt = deltas[i + 1] ?? deltas[i] ?? 0;
      const f = node.callFrame;
      if (f.functionName === '(idle)' || f.functionName === '(program)') continue;
      const key = `${f.functionName || '(anonymous)'}  ${where(f.url)}:${f.lineNumber + 1}`;
      selfUs.set(key, (selfUs.get(key) ?? 0) + dt);
      const g = f.functionName === '(garbage collector)' ? '(garbage collector)' : group(f.url);
      byGroup.set(g, (byGroup.get(g) ?? 0) + dt);
      total += dt;
    }
  }
  const pct = (us: number): string => `${((us / total) * 100).toFixed(1).padStart(5)}%`;
  console.log(`busy samples: ${(total / 1000).toFixed(0)} ms over ${files.length} profile(s)\n`);
  console.log('by package:');
  for (const [g, us] of [...byGroup].sort((a, b) => b[1] - a[1])) console.log(`  ${pct(us)}  ${g}`);
  console.log(`\ntop ${top} functions by self time:`);
  for (const [k, us] of [...selfUs].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${pct(us)}  ${k}`);
}

main();
