#!/usr/bin/env node
// Generates the @spool/semconv sources from the OpenTelemetry semantic-conventions
// YAML model (https://github.com/open-telemetry/semantic-conventions, folder `model/`).
//
// Usage:
//   node scripts/generate.mjs [--model <dir>] [--out <dir>] [--check]
//
//   --model  the model folder to read; default: the `model` path recorded in
//            scripts/model-version.json (relative to the package root)
//   --out    where to write stable.ts, incubating.ts, index.ts and
//            incubating-index.ts; default: src/
//   --check  write nothing; exit 1 when the files in --out differ from a fresh run
//
// The output depends only on the model's content and model-version.json: files are
// read in sorted path order, every list is sorted, and nothing time- or
// machine-dependent is written. Running it twice on one model gives identical bytes.
//
// What is read: attribute definitions only.
//   - model format 1 (`groups:`): groups with `type: attribute_group` whose id starts
//     with `registry.`; their attributes with an `id` (entries with `ref` only point
//     at a definition and are skipped).
//   - model format 2 (`file_format: definition/2`): the top-level `attributes:` list,
//     whose entries are named by `key`.
// Spans, metrics, events and entities are out of scope. The model's prose (`brief`,
// `note`) is never copied: every doc comment is composed here from the facts
// (key, type, stability, examples, deprecation target).
//
// Generation fails (exit 1, message on stderr) on: a duplicate attribute key, a
// duplicate enum member, a constant name that is not a valid identifier, two
// constants with one name, an attribute without a type or stability, or a model
// whose manifest names another release than model-version.json.
import { readFileSync, readdirSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const packageRoot = fileURLToPath(new URL('..', import.meta.url));
const REGISTRY_BASE = 'https://opentelemetry.io/docs/specs/semconv/registry/attributes/';

class GenerationError extends Error {}

function fail(message) {
  throw new GenerationError(message);
}

// ---------------------------------------------------------------------------
// Arguments and the pinned release

function parseArgs(argv) {
  const args = { model: undefined, out: undefined, check: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--check') args.check = true;
    else if (a === '--model' || a === '--out') {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) fail(`${a} needs a folder`);
      args[a.slice(2)] = v;
    } else if (a === '--help' || a === '-h') {
      process.stdout.write('usage: node scripts/generate.mjs [--model <dir>] [--out <dir>] [--check]\n');
      process.exit(0);
    } else fail(`unknown argument ${a}`);
  }
  return args;
}

function readPin() {
  const file = join(packageRoot, 'scripts', 'model-version.json');
  const pin = JSON.parse(readFileSync(file, 'utf8'));
  for (const k of ['repository', 'tag', 'commit', 'model']) {
    if (typeof pin[k] !== 'string' || pin[k] === '') fail(`${file}: "${k}" must be a non-empty string`);
  }
  if (!/^[0-9a-f]{40}$/.test(pin.commit)) fail(`${file}: "commit" must be 40 hex digits`);
  if (!/^v\d+\.\d+\.\d+$/.test(pin.tag)) fail(`${file}: "tag" must look like v1.2.3`);
  return pin;
}

// ---------------------------------------------------------------------------
// Reading the model

function listYaml(dir) {
  const out = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && /\.ya?ml$/.test(e.name)) out.push(p);
    }
  };
  walk(dir);
  // Sort on the POSIX form of the relative path so the order is the same on every OS.
  return out
    .map((p) => ({ abs: p, rel: relative(dir, p).split(sep).join('/') }))
    .sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}

const KEY_RE = /^[a-z][a-z0-9_\-]*(\.[a-z0-9_\-]+)*$/;

function readModel(modelDir) {
  if (!existsSync(modelDir)) fail(`model folder not found: ${modelDir}`);
  const manifestPath = join(modelDir, 'manifest.yaml');
  if (!existsSync(manifestPath)) fail(`${manifestPath} is missing; is ${modelDir} the model/ folder of a release?`);
  const manifest = parse(readFileSync(manifestPath, 'utf8'));
  const schemaUrl = manifest?.schema_url;
  if (typeof schemaUrl !== 'string' || !/^https:\/\/opentelemetry\.io\/schemas\/\d+\.\d+\.\d+$/.test(schemaUrl)) {
    fail(`${manifestPath}: schema_url missing or not https://opentelemetry.io/schemas/<version>`);
  }

  const attributes = new Map();
  const add = (raw, key, pageNamespace, file) => {
    if (typeof key !== 'string' || !KEY_RE.test(key)) fail(`${file}: invalid attribute key ${JSON.stringify(key)}`);
    if (attributes.has(key)) fail(`${file}: attribute ${key} is defined twice (also in ${attributes.get(key).file})`);
    if (typeof raw.stability !== 'string') fail(`${file}: attribute ${key} has no stability`);
    if (raw.type === undefined || raw.type === null) fail(`${file}: attribute ${key} has no type`);
    attributes.set(key, normalizeAttribute(raw, key, pageNamespace, file));
  };
  let excluded = 0;

  for (const { abs, rel } of listYaml(modelDir)) {
    if (rel === 'manifest.yaml') continue;
    let doc;
    try {
      doc = parse(readFileSync(abs, 'utf8'));
    } catch (err) {
      fail(`${rel}: YAML does not parse: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (doc === null || typeof doc !== 'object') continue;
    if (typeof doc.file_format === 'string' && doc.file_format.startsWith('definition/2')) {
      for (const a of doc.attributes ?? []) {
        // Format 2 has no registry group: the registry page is the key's first segment.
        if (excludedFromCode(a)) excluded++;
        else add(a, a.key, a.key?.split('.')[0], rel);
      }
    } else {
      for (const g of doc.groups ?? []) {
        if (g.type !== 'attribute_group' || typeof g.id !== 'string' || !g.id.startsWith('registry.')) continue;
        // The registry page is named after the group (registry.<namespace>[.deprecated]),
        // which is not always the key's first segment (e.g. `hw.*` lives on "hardware").
        const ns = g.id.split('.')[1];
        for (const a of g.attributes ?? []) {
          if (a.id === undefined) continue; // a `ref` to a definition elsewhere
          if (excludedFromCode(a)) excluded++;
          else add(a, a.id, ns, rel);
        }
      }
    }
  }
  if (attributes.size === 0) fail(`no attribute definitions found under ${modelDir}`);
  for (const a of attributes.values()) excluded += a.excludedMembers;
  return { schemaUrl, attributes, excluded };
}

// The model marks definitions whose generated names would collide with another one
// (e.g. `messaging.client_id` next to `messaging.client.id`, or the enum member
// `azure_vm` next to `azure.vm`) with `annotations.code_generation.exclude: true`;
// code generators leave them out.
function excludedFromCode(def) {
  return def?.annotations?.code_generation?.exclude === true;
}

function normalizeAttribute(raw, key, pageNamespace, file) {
  const attr = {
    key,
    file,
    page: pageNamespace.replace(/_/g, '-'),
    anchor: key.replace(/[._]/g, '-'),
    stability: raw.stability,
    deprecated: raw.deprecated ?? null,
    examples: raw.examples,
    typeName: '',
    template: false,
    members: [],
    excludedMembers: 0,
  };
  if (typeof raw.type === 'string') {
    const m = /^template\[(.+)\]$/.exec(raw.type);
    if (m) {
      attr.template = true;
      attr.typeName = m[1];
    } else attr.typeName = raw.type;
  } else if (typeof raw.type === 'object' && Array.isArray(raw.type.members)) {
    const seen = new Set();
    const kinds = new Set();
    for (const mem of raw.type.members) {
      if (typeof mem.id !== 'string' || mem.id === '') fail(`${file}: ${key} has an enum member without an id`);
      if (seen.has(mem.id)) fail(`${file}: ${key} has enum member ${mem.id} twice`);
      seen.add(mem.id);
      if (excludedFromCode(mem)) {
        attr.excludedMembers++;
        continue;
      }
      const v = mem.value;
      if (typeof v === 'number' && Number.isFinite(v)) kinds.add(Number.isInteger(v) ? 'int' : 'double');
      else if (typeof v === 'string' || typeof v === 'boolean') kinds.add(typeof v);
      else fail(`${file}: ${key} member ${mem.id} has an unsupported value ${JSON.stringify(v)}`);
      if (typeof mem.stability !== 'string') fail(`${file}: ${key} member ${mem.id} has no stability`);
      attr.members.push({ id: mem.id, value: v, stability: mem.stability, deprecated: mem.deprecated ?? null });
    }
    if (attr.members.length === 0) fail(`${file}: ${key} is an enum with no members`);
    attr.typeName = `${[...kinds].sort().join(' | ')} enum`;
  } else fail(`${file}: ${key} has an unsupported type ${JSON.stringify(raw.type)}`);
  return attr;
}

// ---------------------------------------------------------------------------
// Names

// Upper snake case as used by @opentelemetry/semantic-conventions (weaver's
// screaming_snake_case): dots become underscores; words split on `_`, `-`, spaces,
// lower-to-upper and acronym boundaries; digits never split a word.
function screamingSnake(text) {
  const words = [];
  for (const part of text.replace(/\./g, '_').split(/[_\-\s]+/)) {
    const spaced = part.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2');
    for (const w of spaced.split(' ')) if (w !== '') words.push(w.toUpperCase());
  }
  return words.join('_');
}

const IDENT_RE = /^[A-Z][A-Z0-9_]*$/;

function attrConst(key) {
  return `ATTR_${screamingSnake(key)}`;
}

function memberConst(key, memberId) {
  return `${screamingSnake(key)}_VALUE_${screamingSnake(memberId)}`;
}

// ---------------------------------------------------------------------------
// Literals and comment text

function tsString(s) {
  // JSON escaping covers control characters and backslashes; switch to single quotes.
  const body = JSON.stringify(s).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'");
  return `'${body}'`;
}

function tsLiteral(v) {
  if (typeof v === 'string') return tsString(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return Object.is(v, -0) ? '0' : String(v);
}

// Text that goes inside a /** */ block: no comment terminator, no line breaks.
function commentSafe(s) {
  return s.replace(/\*\//g, '*\\/').replace(/[\r\n]+/g, ' ');
}

function code(s) {
  const t = commentSafe(String(s));
  return t.includes('`') ? `\`\` ${t} \`\`` : `\`${t}\``;
}

const STABILITY_TEXT = {
  stable: 'stable',
  release_candidate: 'release candidate',
  development: 'development',
  experimental: 'experimental (the older name of development)',
  alpha: 'alpha',
  beta: 'beta',
  deprecated: 'deprecated',
};

function stabilityText(s) {
  return STABILITY_TEXT[s] ?? s;
}

function renderExamples(attr) {
  const ex = attr.examples;
  if (ex === undefined || ex === null) return null;
  let list;
  if (Array.isArray(ex)) {
    // For array-typed attributes a flat list of scalars is one example value.
    list = attr.typeName.endsWith('[]') && !ex.some(Array.isArray) ? [ex] : ex;
  } else list = [ex];
  const shown = [];
  for (const e of list.slice(0, 3)) {
    const j = JSON.stringify(e);
    if (j === undefined || j.length > 100) continue;
    shown.push(code(j));
  }
  return shown.length === 0 ? null : shown.join(', ');
}

function registryLink(attr) {
  return `${REGISTRY_BASE}${attr.page}/#${attr.anchor}`;
}

// ---------------------------------------------------------------------------
// Deprecation notes: name the replacement from the model's `deprecated` field

const NAME_IN_BACKTICKS = /`([^`\s]+)`/g;

function describeAttrRef(index, key) {
  const target = index.get(key);
  if (target) return `${code(key)} (\`${attrConst(key)}\`${target.stable ? '' : ', incubating'})`;
  // A key under a template attribute, e.g. http.request.header.content-length.
  for (const [tk, t] of index) {
    if (t.attr.template && key.startsWith(`${tk}.`)) {
      return `${code(key)} (\`${attrConst(tk)}(${tsString(key.slice(tk.length + 1))})\`${t.stable ? '' : ', incubating'})`;
    }
  }
  return code(key);
}

function deprecationForAttribute(attr, index) {
  const d = attr.deprecated;
  const reason = typeof d === 'object' && d !== null && typeof d.reason === 'string' ? d.reason : 'uncategorized';
  if (reason === 'renamed' && typeof d.renamed_to === 'string' && d.renamed_to !== '') {
    return `Renamed to ${describeAttrRef(index, d.renamed_to)}; record that instead.`;
  }
  const note = typeof d === 'string' ? d : typeof d?.note === 'string' ? d.note : '';
  const names = [];
  for (const m of note.matchAll(NAME_IN_BACKTICKS)) {
    const k = m[1];
    if (k === attr.key || names.includes(k)) continue;
    const known = index.has(k) || [...index].some(([tk, t]) => t.attr.template && k.startsWith(`${tk}.`));
    if (known) names.push(k);
  }
  if (names.length === 0) {
    return `Deprecated (reason: ${reason}); the model names no replacement attribute. See the registry entry.`;
  }
  const list = names.map((k) => describeAttrRef(index, k)).join(', ');
  return names.length === 1
    ? `Superseded (reason: ${reason}); the model points to ${list}. See the registry entry for when it applies.`
    : `Superseded (reason: ${reason}); the model points to ${list}. See the registry entry for which one applies.`;
}

function deprecationForMember(attr, member) {
  const d = member.deprecated;
  const reason = typeof d === 'object' && d !== null && typeof d.reason === 'string' ? d.reason : 'uncategorized';
  const find = (name) => attr.members.find((m) => m !== member && (m.id === name || m.value === name));
  if (reason === 'renamed' && typeof d.renamed_to === 'string') {
    const t = find(d.renamed_to);
    return t
      ? `Renamed to value ${code(t.value)} (\`${memberConst(attr.key, t.id)}\`); record that instead.`
      : `Renamed to value ${code(d.renamed_to)}; record that instead.`;
  }
  const note = typeof d === 'string' ? d : typeof d?.note === 'string' ? d.note : '';
  const targets = [];
  for (const m of note.matchAll(NAME_IN_BACKTICKS)) {
    const t = find(m[1]);
    if (t && !targets.includes(t)) targets.push(t);
  }
  if (targets.length === 0) return `Deprecated (reason: ${reason}); the model names no replacement value.`;
  const list = targets.map((t) => `${code(t.value)} (\`${memberConst(attr.key, t.id)}\`)`).join(', ');
  return `Superseded (reason: ${reason}); the model points to ${list}.`;
}

// ---------------------------------------------------------------------------
// Rendering

function docBlock(lines) {
  return ['/**', ...lines.map((l) => (l === '' ? ' *' : ` * ${l}`)), ' */'].join('\n');
}

const INCUBATING_WARNING = 'Not stable yet: may change or go away in a later release of the semantic conventions.';

function renderAttribute(attr, index, inStable) {
  const name = attrConst(attr.key);
  const lines = [];
  if (attr.template) {
    lines.push(`Builds the attribute key ${code(`${attr.key}.<key>`)} for one \`key\` (a template attribute).`);
    lines.push('');
    lines.push('`key` is appended as given: it is not validated, trimmed or lower-cased.');
  } else {
    lines.push(`Attribute key ${code(attr.key)}.`);
  }
  lines.push('');
  lines.push(`- Stability: ${stabilityText(attr.stability)}`);
  if (attr.members.length > 0) {
    lines.push(`- Value type: ${attr.typeName}; known values are the \`${screamingSnake(attr.key)}_VALUE_*\` constants`);
  } else {
    lines.push(`- Value type: ${commentSafe(attr.typeName)}`);
  }
  const ex = renderExamples(attr);
  if (ex) lines.push(`- Examples: ${ex}`);
  if (!inStable) {
    lines.push('');
    lines.push(INCUBATING_WARNING);
  }
  lines.push('');
  lines.push(`@see {@link ${registryLink(attr)} | ${commentSafe(attr.key)} in the semantic-conventions registry}`);
  if (attr.deprecated) lines.push(`@deprecated ${deprecationForAttribute(attr, index)}`);
  const decl = attr.template
    ? `export const ${name} = (key: string): string => \`${attr.key}.\${key}\`;`
    : `export const ${name} = ${tsString(attr.key)};`;
  return `${docBlock(lines)}\n${decl}\n`;
}

function renderMember(attr, member, inStable) {
  const lines = [];
  let stability;
  if (inStable) stability = 'stable';
  else if (member.stability === 'stable') {
    stability = `the value is stable but the attribute is ${stabilityText(attr.stability)}, so not stable yet`;
  } else stability = `${stabilityText(member.stability)}, not stable yet`;
  lines.push(`Value ${code(member.value)} of ${code(attr.key)} (\`${attrConst(attr.key)}\`); stability: ${stability}.`);
  lines.push('');
  lines.push(`@see {@link ${registryLink(attr)}}`);
  if (member.deprecated) lines.push(`@deprecated ${deprecationForMember(attr, member)}`);
  return `${docBlock(lines)}\nexport const ${memberConst(attr.key, member.id)} = ${tsLiteral(member.value)};\n`;
}

function header(pin, entry) {
  return [
    `// Generated by packages/semconv/scripts/generate.mjs from the ${pin.repository}`,
    `// model at ${pin.tag} (commit ${pin.commit}): ${entry}.`,
    '// Do not edit by hand: change the generator or the pinned release and regenerate (see README.md).',
    '',
  ].join('\n');
}

function byName(a, b) {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function render(model, pin) {
  const schemaVersion = model.schemaUrl.slice(model.schemaUrl.lastIndexOf('/') + 1);
  if (`v${schemaVersion}` !== pin.tag) {
    fail(`the model's manifest is release ${schemaVersion} but model-version.json pins ${pin.tag}`);
  }

  const index = new Map();
  for (const attr of model.attributes.values()) index.set(attr.key, { attr, stable: attr.stability === 'stable' });

  // Each attribute is one block: its key constant, then its enum values.
  const stableBlocks = [];
  const incubatingBlocks = [];
  const names = new Map(); // constant name -> where it came from
  const claim = (name, origin) => {
    if (!IDENT_RE.test(name)) fail(`${origin}: ${JSON.stringify(name)} is not a valid constant name`);
    const prior = names.get(name);
    if (prior !== undefined) fail(`constant ${name} would be generated twice: from ${prior} and from ${origin}`);
    names.set(name, origin);
  };

  for (const attr of model.attributes.values()) {
    const stable = attr.stability === 'stable';
    const name = attrConst(attr.key);
    claim(name, `attribute ${attr.key} (${attr.file})`);
    const stableParts = [];
    const incubatingParts = [];
    (stable ? stableParts : incubatingParts).push({ name, text: renderAttribute(attr, index, stable) });
    const stableValues = [];
    const incubatingValues = [];
    for (const member of attr.members) {
      // A value is stable only when both the attribute and the member are.
      const memberStable = stable && member.stability === 'stable';
      const mName = memberConst(attr.key, member.id);
      claim(mName, `value ${member.id} of ${attr.key} (${attr.file})`);
      (memberStable ? stableValues : incubatingValues).push({ name: mName, text: renderMember(attr, member, memberStable) });
    }
    // A block sorts by its attribute's constant name: the key first, then its values by name.
    stableParts.push(...stableValues.sort(byName));
    incubatingParts.push(...incubatingValues.sort(byName));
    if (stableParts.length > 0) stableBlocks.push({ name, parts: stableParts });
    if (incubatingParts.length > 0) incubatingBlocks.push({ name, parts: incubatingParts });
  }
  stableBlocks.sort(byName);
  incubatingBlocks.sort(byName);

  const schemaDoc = docBlock([
    `The schema URL of the semantic-conventions release these constants come from (${pin.tag}).`,
    '',
    'Set it as the `schemaUrl` of a tracer or resource whose attributes follow this release.',
  ]);
  const schemaName = 'SCHEMA_URL';
  claim(schemaName, 'the schema URL');

  const stableNames = [schemaName, ...stableBlocks.flatMap((b) => b.parts.map((p) => p.name))];
  const incubatingNames = incubatingBlocks.flatMap((b) => b.parts.map((p) => p.name));

  const stableTs = [
    header(pin, 'the stable attributes and values'),
    `${schemaDoc}\nexport const ${schemaName} = ${tsString(model.schemaUrl)};\n`,
    ...stableBlocks.flatMap((b) => b.parts.map((p) => p.text)),
  ].join('\n');

  const incubatingTs = [
    header(pin, 'the attributes and values that are not stable, deprecated ones included'),
    ...incubatingBlocks.flatMap((b) => b.parts.map((p) => p.text)),
  ].join('\n');

  const exportList = (list, from) => `export {\n${list.map((n) => `  ${n},`).join('\n')}\n} from '${from}';\n`;

  const indexTs = [
    header(pin, 'the public list of the `@spool/semconv` entry (stable names only)'),
    exportList(stableNames, './stable.js'),
  ].join('\n');

  const incubatingIndexTs = [
    header(pin, 'the public list of the `@spool/semconv/incubating` entry (stable and incubating names)'),
    exportList(stableNames, './stable.js'),
    exportList(incubatingNames, './incubating.js'),
  ].join('\n');

  return new Map([
    ['stable.ts', stableTs],
    ['incubating.ts', incubatingTs],
    ['index.ts', indexTs],
    ['incubating-index.ts', incubatingIndexTs],
  ]);
}

// ---------------------------------------------------------------------------
// Main

function main() {
  const args = parseArgs(process.argv.slice(2));
  const pin = readPin();
  const modelDir = resolve(packageRoot, args.model ?? pin.model);
  const outDir = resolve(packageRoot, args.out ?? 'src');
  const model = readModel(modelDir);
  const files = render(model, pin);

  if (args.check) {
    const stale = [];
    for (const [name, text] of files) {
      const p = join(outDir, name);
      if (!existsSync(p) || readFileSync(p, 'utf8') !== text) stale.push(name);
    }
    if (stale.length > 0) {
      process.stderr.write(`generate: out of date in ${outDir}: ${stale.join(', ')}\n`);
      process.exitCode = 1;
    } else process.stdout.write(`generate: ${outDir} is up to date with ${pin.tag}\n`);
    return;
  }

  mkdirSync(outDir, { recursive: true });
  for (const [name, text] of files) writeFileSync(join(outDir, name), text);
  const stableCount = (files.get('index.ts').match(/^ {2}\w+,$/gm) ?? []).length;
  const allCount = (files.get('incubating-index.ts').match(/^ {2}\w+,$/gm) ?? []).length;
  process.stdout.write(
    `generate: ${model.attributes.size} attributes from ${pin.tag}; ` +
      `${stableCount} stable constants, ${allCount - stableCount} incubating; ` +
      `${model.excluded} definitions marked code_generation.exclude left out; wrote ${outDir}\n`,
  );
}

try {
  main();
} catch (err) {
  if (err instanceof GenerationError) {
    process.stderr.write(`generate: ${err.message}\n`);
    process.exitCode = 1;
  } else throw err;
}
