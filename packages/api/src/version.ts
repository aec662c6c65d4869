/**
 * The version of this copy of `@spool/api`, compared with other copies met on
 * `globalThis` to decide whether they may share one registration slot.
 * Kept equal to `package.json`'s version (a test checks it).
 */
export const VERSION = '0.1.0';
