import os from 'node:os';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { NODE_MODULES, REPO_ROOT } from './repo-paths.js';

/** Packages whose installed versions head every report. */
export const REPORTED_PACKAGES: readonly string[] = [
  '@spool/api', '@spool/context-async', '@spool/samplers', '@spool/propagators', '@spool/sdk-trace', '@spool/exporter-otlp',
  '@opentelemetry/api', '@opentelemetry/core', '@opentelemetry/sdk-trace-base', '@opentelemetry/sdk-trace',
  '@opentelemetry/context-async-hooks', '@opentelemetry/resources', '@opentelemetry/propagator-b3',
  '@opentelemetry/propagator-jaeger', '@opentelemetry/propagator-aws-xray', '@opentelemetry/otlp-transformer',
  '@opentelemetry/exporter-trace-otlp-grpc', '@grpc/grpc-js', 'protobufjs',
];

/** Where and with what the numbers were measured. */
export interface MachineInfo {
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly os: string;
  readonly node: string;
  readonly v8: string;
  /** `git rev-parse --short HEAD`, with "+dirty" when the tree has changes; "unknown" outside git. */
  readonly commit: string;
  readonly date: string;
  /** 1-minute load average when the run started (other processes skew results). */
  readonly loadAvg: number;
  /** name -> version, "missing" when not installed. */
  readonly packages: Readonly<Record<string, string>>;
}

/** Reads the installed version of a package from node_modules, or "missing". */
export function installedVersion(name: string): string {
  try {
    const manifest = JSON.parse(readFileSync(join(NODE_MODULES, name, 'package.json'), 'utf8')) as { version?: unknown };
    return typeof manifest.version === 'string' ? manifest.version : 'unknown';
  } catch {
    return 'missing';
  }
}

function gitCommit(): string {
  try {
    const opts = { cwd: REPO_ROOT, encoding: 'utf8' as const, stdio: ['ignore', 'pipe', 'ignore'] as ['ignore', 'pipe', 'ignore'] };
    const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], opts).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], opts).trim() !== '';
    return dirty ? `${sha}+dirty` : sha;
  } catch {
    return 'unknown';
  }
}

/** Collects {@link MachineInfo} for the header of the output and of docs/benchmarks.md. */
export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  const packages: Record<string, string> = {};
  for (const name of REPORTED_PACKAGES) packages[name] = installedVersion(name);
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    v8: process.versions.v8,
    commit: gitCommit(),
    date: new Date().toISOString(),
    loadAvg: Math.round(os.loadavg()[0]! * 100) / 100,
    packages,
  };
}

/** The header as plain text lines for the console. */
export function machineHeader(info: MachineInfo): string[] {
  const lines = [
    `machine: ${info.cpuModel}, ${info.cores} cores, ${info.memoryGiB} GiB, ${info.os}`,
    `node ${info.node} (V8 ${info.v8}), commit ${info.commit}, ${info.date}, load average ${info.loadAvg}`,
  ];
  const spool = Object.entries(info.packages).filter(([n]) => n.startsWith('@spool/'));
  const other = Object.entries(info.packages).filter(([n]) => !n.startsWith('@spool/'));
  lines.push(`spool: ${spool.map(([n, v]) => `${n.slice(7)} ${v}`).join(', ')}`);
  lines.push(`others: ${other.map(([n, v]) => `${n.replace('@opentelemetry/', 'otel/')} ${v}`).join(', ')}`);
  return lines;
}
