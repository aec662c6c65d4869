// Test helper: reads the committed generated sources (src/*.ts) as text so tests can
// check what a reader of the source sees (names, doc comments), not only runtime values.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** The package folder (packages/semconv), from dist/test/ where the compiled tests run. */
export const packageRoot = fileURLToPath(new URL('../../', import.meta.url));

/** One `export const` of a generated file with the doc comment right above it. */
export interface GeneratedConstant {
  readonly name: string;
  readonly doc: string;
  /** The source text after `=`, without the final `;`. */
  readonly initializer: string;
}

/** Reads `src/<file>` of this package. */
export function readSource(file: string): string {
  return readFileSync(join(packageRoot, 'src', file), 'utf8');
}

/** Every `export const` of a generated file, in file order, with its doc comment. */
export function constantsOf(file: string): GeneratedConstant[] {
  const text = readSource(file);
  const out: GeneratedConstant[] = [];
  const re = /\/\*\*([\s\S]*?)\*\/\nexport const (\w+) = (.*);\n/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    out.push({ doc: m[1] ?? '', name: m[2] ?? '', initializer: m[3] ?? '' });
  }
  return out;
}

/** Every name declared with `export const` in a generated file, duplicates kept. */
export function declaredNames(file: string): string[] {
  return [...readSource(file).matchAll(/^export const (\w+)/gm)].map((m) => m[1] ?? '');
}

/** The pinned release of scripts/model-version.json. */
export interface ModelPin {
  readonly repository: string;
  readonly tag: string;
  readonly commit: string;
  readonly model: string;
}

/** Reads scripts/model-version.json. */
export function readPin(): ModelPin {
  return JSON.parse(readFileSync(join(packageRoot, 'scripts', 'model-version.json'), 'utf8')) as ModelPin;
}
