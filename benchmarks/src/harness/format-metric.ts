import type { Display } from './scenario-def.js';

function fixed(v: number, digits: number): string {
  return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Formats a metric value for tables; NaN and missing values print as "n/a". */
export function formatValue(value: number | undefined, display: Display): string {
  if (value === undefined || !Number.isFinite(value)) return 'n/a';
  switch (display) {
    case 'ns-per-op': {
      const ns = 1e9 / value;
      return ns >= 1000 ? `${fixed(ns / 1000, 2)} µs` : `${fixed(ns, ns >= 100 ? 0 : 1)} ns`;
    }
    case 'rate':
      return value >= 1e6 ? `${fixed(value / 1e6, 2)} M/s` : value >= 1e3 ? `${fixed(value / 1e3, 1)} k/s` : `${fixed(value, 0)}/s`;
    case 'bytes': return `${fixed(value, 1)} B`;
    case 'kib': return value >= 2 ** 20 ? `${fixed(value / 2 ** 20, 2)} MiB` : `${fixed(value / 1024, 1)} KiB`;
    case 'ms': return `${fixed(value, 1)} ms`;
    case 'seconds': return `${fixed(value, 3)} s`;
    case 'mib': return `${fixed(value, 1)} MiB`;
    case 'count': return fixed(value, 0);
    case 'percent': return `${fixed(value, 1)} %`;
  }
}

/** Formats a spread (0.04 -> "±4.0%"). */
export function formatSpread(spread: number): string {
  return Number.isFinite(spread) ? `±${fixed(spread * 100, 1)}%` : '';
}

/** Formats a Spool advantage ratio (4.123 -> "4.12×"). */
export function formatRatio(ratio: number | undefined): string {
  if (ratio === undefined || Number.isNaN(ratio)) return 'n/a';
  if (!Number.isFinite(ratio)) return '∞';
  return `${fixed(ratio, 2)}×`;
}
