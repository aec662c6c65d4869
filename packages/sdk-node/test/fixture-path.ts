import { fileURLToPath } from 'node:url';

/** Absolute path of a file in test/fixtures (tests run from dist/test, fixtures stay in test/). */
export function fixture(name: string): string {
  return fileURLToPath(new URL(`../../test/fixtures/${name}`, import.meta.url));
}
