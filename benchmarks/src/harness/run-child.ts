import { spawn, type ChildProcess } from 'node:child_process';
import type { ChildReport } from './child-report.js';

/** How one child process ended. */
export interface ChildOutcome {
  /** The report line, when the child printed one and exited 0. */
  readonly report: ChildReport | undefined;
  /** Why there is no report (exit code, signal, timeout, stderr tail). */
  readonly error: string | undefined;
  /** Wall time from spawn to exit, in milliseconds. */
  readonly wallMs: number;
}

/** Options of {@link runChild}. */
export interface RunChildOptions {
  /** Kill the child (SIGKILL) after this long. */
  readonly timeoutMs: number;
  /** Extra node flags (e.g. --cpu-prof). */
  readonly nodeFlags?: readonly string[];
  /** Open an IPC channel and pass each message here. */
  readonly onMessage?: (message: unknown, child: ChildProcess) => void;
}

/**
 * The environment children run with: the parent's, minus every OTEL_*
 * variable, so neither SDK picks up configuration the other does not see.
 */
export function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('OTEL_')) env[k] = v;
  return env;
}

function lastReport(stdout: string): ChildReport | undefined {
  const lines = stdout.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!.trim();
    if (!line.startsWith('{')) continue;
    try {
      const parsed = JSON.parse(line) as Partial<ChildReport>;
      if (typeof parsed.impl === 'string' && parsed.metrics !== undefined) return parsed as ChildReport;
    } catch {
      // not ours
    }
  }
  return undefined;
}

/**
 * Runs `node [flags] modulePath JSON(config)` and resolves with its report.
 * Never rejects: a crash, a timeout or a missing report becomes `error`.
 */
export function runChild(modulePath: string, config: object, options: RunChildOptions): Promise<ChildOutcome> {
  return new Promise((resolve) => {
    const started = performance.now();
    const args = [...(options.nodeFlags ?? []), modulePath, JSON.stringify(config)];
    const stdio: ('ignore' | 'pipe' | 'ipc')[] = options.onMessage ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'];
    const child = spawn(process.execPath, args, { stdio, env: childEnv() });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout!.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
    child.stderr!.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
    if (options.onMessage) {
      const onMessage = options.onMessage;
      child.on('message', (m) => onMessage(m, child));
    }
    const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, options.timeoutMs);
    child.on('error', (err) => { stderr += `\nspawn error: ${err.message}`; });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const wallMs = performance.now() - started;
      const report = code === 0 ? lastReport(stdout) : undefined;
      let error: string | undefined;
      if (report === undefined) {
        const why = timedOut ? `timed out after ${options.timeoutMs} ms` : code !== 0 ? `exit code ${String(code)}${signal ? ` (${signal})` : ''}` : 'no report line on stdout';
        const tail = stderr.trim().split('\n').slice(-12).join('\n');
        error = tail ? `${why}: ${tail}` : why;
      }
      resolve({ report, error, wallMs });
    });
  });
}
