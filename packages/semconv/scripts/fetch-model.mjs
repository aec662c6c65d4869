#!/usr/bin/env node
// Downloads the `model/` folder of one semantic-conventions release into
// .model/<tag>/model (ignored by git) and pins that release in scripts/model-version.json.
//
// Usage:
//   node scripts/fetch-model.mjs <tag> [--repo <git url or path>]
//
//   <tag>   a release tag of open-telemetry/semantic-conventions, e.g. v1.44.0
//   --repo  where to clone from; default https://github.com/open-telemetry/semantic-conventions
//           (a local clone or bare mirror works too)
//
// Needs `git` on PATH. Writes nothing under src/: run `npm run generate` afterwards.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const packageRoot = fileURLToPath(new URL('..', import.meta.url));
const DEFAULT_REPO = 'https://github.com/open-telemetry/semantic-conventions';

function usage(message) {
  process.stderr.write(`fetch-model: ${message}\nusage: node scripts/fetch-model.mjs <tag> [--repo <git url or path>]\n`);
  process.exit(1);
}

const argv = process.argv.slice(2);
let tag;
let repo = DEFAULT_REPO;
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--repo') {
    repo = argv[++i] ?? usage('--repo needs a value');
  } else if (tag === undefined && !argv[i].startsWith('--')) tag = argv[i];
  else usage(`unexpected argument ${argv[i]}`);
}
if (tag === undefined) usage('missing <tag>');
if (!/^v\d+\.\d+\.\d+$/.test(tag)) usage(`${tag} does not look like a release tag (v1.2.3)`);

// A local path is cloned through file:// so that --depth is honoured.
const isUrl = /^[a-z]+:\/\//.test(repo) || repo.includes('@');
const source = isUrl ? repo : pathToFileURL(resolve(repo)).href;
// A local clone is taken to be a copy of the upstream repository; a URL is recorded as given.
const recordedRepo = isUrl ? repo : DEFAULT_REPO;
const work = mkdtempSync(join(tmpdir(), 'spool-semconv-'));
try {
  const git = (...args) => execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  git('clone', '--quiet', '--depth', '1', '--branch', tag, '--no-checkout', source, work);
  git('-C', work, 'checkout', '--quiet', tag, '--', 'model');
  const commit = git('-C', work, 'rev-parse', 'HEAD');
  const modelRel = `.model/${tag}/model`;
  const dest = join(packageRoot, modelRel);
  if (existsSync(dest)) rmSync(dest, { recursive: true });
  mkdirSync(join(dest, '..'), { recursive: true });
  cpSync(join(work, 'model'), dest, { recursive: true });
  const pin = { repository: recordedRepo, tag, commit, model: modelRel };
  writeFileSync(join(packageRoot, 'scripts', 'model-version.json'), `${JSON.stringify(pin, null, 2)}\n`);
  process.stdout.write(`fetch-model: ${tag} (${commit}) -> ${modelRel}; pinned in scripts/model-version.json\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
