import { closeSync, openSync, readSync } from 'node:fs';

/**
 * Reads at most `maxBytes` of a small local file as UTF-8, or returns undefined
 * when it cannot be read (missing, a directory, no permission).
 *
 * Files under /proc report a size of 0, so this reads until end of file or the
 * cap instead of trusting `stat`. Never throws.
 */
export function readSmallFile(path: string, maxBytes = 64 * 1024): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const buf = Buffer.allocUnsafe(maxBytes);
    let length = 0;
    while (length < maxBytes) {
      const n = readSync(fd, buf, length, maxBytes - length, null);
      if (n === 0) break;
      length += n;
    }
    return buf.toString('utf8', 0, length);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch {
        // already closed or never opened: nothing to release
      }
    }
  }
}
