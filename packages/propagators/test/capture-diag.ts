import { DiagLogLevel, diag, type DiagLogger } from '@spool/api';

/** One captured diag call. */
export interface DiagRecord {
  level: 'error' | 'warn' | 'info' | 'debug' | 'verbose';
  message: string;
}

/**
 * Routes `diag` into an array for the duration of `fn` (all levels), then
 * disables it again. Returns what was logged.
 */
export async function captureDiag(fn: () => void | Promise<void>): Promise<DiagRecord[]> {
  const records: DiagRecord[] = [];
  const logger: DiagLogger = {
    error: (message: string) => void records.push({ level: 'error', message }),
    warn: (message: string) => void records.push({ level: 'warn', message }),
    info: (message: string) => void records.push({ level: 'info', message }),
    debug: (message: string) => void records.push({ level: 'debug', message }),
    verbose: (message: string) => void records.push({ level: 'verbose', message }),
  };
  diag.setLogger(logger, DiagLogLevel.ALL);
  try {
    await fn();
  } finally {
    diag.disable();
  }
  return records;
}
