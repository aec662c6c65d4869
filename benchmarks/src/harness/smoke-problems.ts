import type { ScenarioResult } from './scenario-result.js';

/**
 * What a smoke run must show, as a list of problems (empty = fine): every
 * scenario ran every implementation at least once without error, and the
 * span accounting holds: in span scenarios created = exported + dropped, in
 * export_e2e created = delivered + dropped, and for Spool every dropped
 * span was reported by the SDK. Speed is never checked.
 */
export function smokeProblems(results: readonly ScenarioResult[]): string[] {
  const problems: string[] = [];
  for (const r of results) {
    for (const e of r.errors) problems.push(`${r.name}: ${e}`);
    // Implementations left out with --impl have no rounds at all and are not checked.
    for (const impl of r.impls.filter((i) => r.rounds.some((x) => x.impl === i.name))) {
      const ok = r.rounds.filter((x) => x.impl === impl.name && x.round >= 0 && x.error === undefined);
      if (ok.length === 0) { problems.push(`${r.name}: ${impl.name} never completed a round`); continue; }
      for (const run of ok) {
        const c = run.counts;
        if (c['spansCreated'] !== undefined && c['spansCreated'] !== (c['spansExported'] ?? 0) + (c['spansDropped'] ?? 0) && (c['spansExported'] ?? 0) > 0) {
          problems.push(`${r.name}: ${impl.name} created ${c['spansCreated']} != exported ${c['spansExported']} + dropped ${c['spansDropped']}`);
        }
        if (r.kind === 'export_e2e' && impl.name !== 'baseline') {
          for (const p of ['', 'steady.', 'selfpaced.']) {
            const v = p === '' ? 'burst' : p.slice(0, -1);
            if (!((c[`${p}delivered`] ?? 0) > 0)) problems.push(`${r.name} ${v}: ${impl.name} delivered no spans`);
            if (c[`${p}created`] !== (c[`${p}delivered`] ?? 0) + (c[`${p}dropped`] ?? 0)) problems.push(`${r.name} ${v}: ${impl.name} created != delivered + dropped`);
            if (impl.name === 'spool' && run.metrics[`${p}unaccounted`] !== 0) {
              problems.push(`${r.name} ${v}: spool lost ${run.metrics[`${p}unaccounted`]} spans without reporting them`);
            }
          }
        }
      }
    }
  }
  return problems;
}
