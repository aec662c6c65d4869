import { runE2e } from '../../harness/e2e-child.js';

// No SDK: the same pacing loop, child process and measurement with spans that
// cost nothing and go nowhere. Its CPU per 100,000 (offered) spans is the
// harness's own share of every number in this scenario.
runE2e({
  impl: 'baseline',
  makeSpan() {},
  flush: () => Promise.resolve(),
  reportedDrops: () => ({ dropped: 0, failed: 0, exported: 0 }),
  shutdown: () => Promise.resolve(),
});
