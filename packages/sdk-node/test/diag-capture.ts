import type { DiagLogger } from '@spool/api';

/** A diag logger that keeps every message, by level. */
export class CaptureLogger implements DiagLogger {
  readonly messages: { level: string; text: string }[] = [];
  error = (text: string): void => void this.messages.push({ level: 'error', text });
  warn = (text: string): void => void this.messages.push({ level: 'warn', text });
  info = (text: string): void => void this.messages.push({ level: 'info', text });
  debug = (text: string): void => void this.messages.push({ level: 'debug', text });
  verbose = (text: string): void => void this.messages.push({ level: 'verbose', text });
  warnings(): string[] {
    return this.messages.filter((m) => m.level === 'warn').map((m) => m.text);
  }
}
