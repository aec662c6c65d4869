import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/**
 * Absolute paths the harness needs. Compiled files live in
 * benchmarks/dist/harness/, so the repository root is three levels up.
 */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** benchmarks/ */
export const BENCH_ROOT = join(REPO_ROOT, 'benchmarks');
/** benchmarks/dist/ (compiled scenarios are run from here). */
export const BENCH_DIST = join(BENCH_ROOT, 'dist');
/** benchmarks/results/ */
export const RESULTS_DIR = join(BENCH_ROOT, 'results');
/** The hoisted node_modules of the workspace. */
export const NODE_MODULES = join(REPO_ROOT, 'node_modules');
