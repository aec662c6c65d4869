import { formatRatio, formatSpread, formatValue } from './format-metric.js';
import type { ScenarioResult } from './scenario-result.js';

/** Lines summarising one scenario for the console. */
export function consoleLines(result: ScenarioResult): string[] {
  const lines = [`${result.name} — ${result.title}`];
  for (const m of result.metrics) {
    const parts = result.impls
      .filter((i) => m.byImpl[i.name] !== undefined)
      .map((i) => {
        const s = m.byImpl[i.name]!;
        const spread = m.spec.compare ? formatSpread(s.spread) : `(${formatValue(s.min, m.spec.display)}–${formatValue(s.max, m.spec.display)})`;
        return `${i.name} ${formatValue(s.median, m.spec.display)} ${spread}`;
      });
    let line = `  ${m.spec.label}: ${parts.join(' | ') || 'no data'}`;
    if (m.ratio !== undefined) line += ` | spool advantage ${formatRatio(m.ratio.median)} (${formatRatio(m.ratio.min)}–${formatRatio(m.ratio.max)})`;
    if (m.spec.bar !== undefined) line += ` | bar ${m.spec.bar.text} ${m.met === null ? 'n/a' : m.met ? 'MET' : 'NOT MET'}`;
    lines.push(line);
  }
  for (const e of result.errors) lines.push(`  error: ${e.split('\n')[0]}`);
  return lines;
}
