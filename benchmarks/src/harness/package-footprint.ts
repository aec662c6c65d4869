import { existsSync, readFileSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

/** Installed size of a set of packages and everything they depend on. */
export interface Footprint {
  /** Sum of file sizes in bytes over the closure. */
  readonly bytes: number;
  readonly files: number;
  /** name@version -> bytes, for the details table. */
  readonly packages: Readonly<Record<string, number>>;
  /** Dependencies that could not be found on disk (counted as 0). */
  readonly missing: readonly string[];
}

interface Manifest {
  name?: string;
  version?: string;
  files?: string[];
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

/** Finds `name` the way Node does: node_modules folders from `fromDir` upwards. */
function resolvePackageDir(name: string, fromDir: string): string | undefined {
  let dir = fromDir;
  for (;;) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function walkFiles(dir: string, keep: (rel: string) => boolean, root: string, acc: { bytes: number; files: number }): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    const rel = relative(root, full).split(sep).join('/');
    if (entry.isDirectory()) {
      if (entry.name === 'node_modules') continue; // nested deps are counted when the closure reaches them
      walkFiles(full, keep, root, acc);
    } else if (entry.isFile() && keep(rel)) {
      acc.bytes += statSync(full).size;
      acc.files++;
    }
  }
}

/**
 * One `files` entry as npm reads it: a path names that file or everything
 * under that folder; `*` matches within one path segment and `**\/` any
 * number of folders (e.g. `dist/src/**\/*.d.ts`).
 */
export function filesPattern(entry: string): RegExp {
  const path = entry.replace(/^\.\//, '').replace(/\/$/, '');
  const body = path.split(/(\*\*\/|\*)/).map((part) =>
    part === '**/' ? '(?:[^/]+/)*' : part === '*' ? '[^/]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('');
  return new RegExp(`^${body}(?:/.*)?$`);
}

/**
 * What npm would install for a package. A package from the registry is
 * counted as it sits in node_modules. A workspace package (a symlink into
 * this repository) is counted as it would be published: its `files` entries
 * plus package.json, README and LICENSE, so sources, tests and build caches
 * in the checkout do not count against it.
 */
function packageBytes(dir: string, manifest: Manifest, isWorkspace: boolean): { bytes: number; files: number } {
  const acc = { bytes: 0, files: 0 };
  if (!isWorkspace || manifest.files === undefined) {
    walkFiles(dir, () => true, dir, acc);
    return acc;
  }
  const patterns = manifest.files.map(filesPattern);
  const always = /^(package\.json|readme(\.[a-z]+)?|license(\.[a-z]+)?)$/i;
  walkFiles(dir, (rel) => always.test(rel) || patterns.some((p) => p.test(rel)), dir, acc);
  return acc;
}

/**
 * Sums the installed footprint of `roots` and their dependencies,
 * peerDependencies and optionalDependencies, resolved from `fromDir` as Node
 * would. Each package directory is counted once.
 */
export function packageFootprint(roots: readonly string[], fromDir: string, repoRoot: string): Footprint {
  const seen = new Set<string>();
  const packages: Record<string, number> = {};
  const missing: string[] = [];
  let bytes = 0;
  let files = 0;
  const visit = (name: string, from: string): void => {
    const dir = resolvePackageDir(name, from);
    if (dir === undefined) { if (!missing.includes(name)) missing.push(name); return; }
    if (seen.has(dir)) return;
    seen.add(dir);
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
    const isWorkspace = !dir.split(sep).includes('node_modules') && dir.startsWith(repoRoot);
    const size = packageBytes(dir, manifest, isWorkspace);
    packages[`${manifest.name ?? name}@${manifest.version ?? '?'}`] = size.bytes;
    bytes += size.bytes;
    files += size.files;
    const deps = { ...manifest.peerDependencies, ...manifest.optionalDependencies, ...manifest.dependencies };
    for (const dep of Object.keys(deps)) visit(dep, dir);
  };
  for (const root of roots) visit(root, fromDir);
  return { bytes, files, packages, missing };
}
