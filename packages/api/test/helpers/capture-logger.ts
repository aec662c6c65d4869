import type { DiagLogger } from '../../src/index.js';

/** A DiagLogger that keeps every message, by level. */
export class CaptureLogger implements DiagLogger {
  readonly lines: { level: string; message: string; args: unknown[] }[] = [];
  error = (message: string, ...args: unknown[]): void => void this.lines.push({ level: 'error', message, args });
  warn = (message: string, ...args: unknown[]): void => void this.lines.push({ level: 'warn', message, args });
  info = (message: string, ...args: unknown[]): void => void this.lines.push({ level: 'info', message, args });
  debug = (message: string, ...args: unknown[]): void => void this.lines.push({ level: 'debug', message, args });
  verbose = (message: string, ...args: unknown[]): void => void this.lines.push({ level: 'verbose', message, args });

  messages(level?: string): string[] {
    return this.lines.filter((l) => level === undefined || l.level === level).map((l) => l.message);
  }

  clear(): void {
    this.lines.length = 0;
  }
}
