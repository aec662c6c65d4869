import { cpSync, mkdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';

/** packages/api/dist */
const DIST = fileURLToPath(new URL('../../', import.meta.url));
const COPIES = join(DIST, '.copies');

/**
 * Loads a real second copy of the compiled @spool/api (dist/src copied to a
 * private folder, with its VERSION rewritten), as a second installed copy of
 * the package would be. The copy resolves `semver` like the original does.
 */
const made: string[] = [];

export async function loadCopy(version: string): Promise<typeof import('../../src/index.js')> {
  const dir = join(COPIES, `${process.pid}-${version}`);
  mkdirSync(dir, { recursive: true });
  made.push(dir);
  cpSync(join(DIST, 'src'), join(dir, 'src'), { recursive: true });
  const versionFile = join(dir, 'src', 'version.js');
  const text = readFileSync(versionFile, 'utf8');
  const rewritten = text.replace(/VERSION = '[^']*'/, `VERSION = '${version}'`);
  if (rewritten === text) throw new Error('version.js did not contain the VERSION constant');
  writeFileSync(versionFile, rewritten);
  return (await import(pathToFileURL(join(dir, 'src', 'index.js')).href)) as typeof import('../../src/index.js');
}

/** Removes the copies made by this process. */
export function removeCopies(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  try {
    rmdirSync(COPIES); // only succeeds once no other test process has a copy there
  } catch {
    // still in use, or already gone
  }
}
