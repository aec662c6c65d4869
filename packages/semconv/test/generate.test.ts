import { test } from 'node:test';
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { constantsOf, declaredNames, packageRoot, readPin, readSource } from './generated-source.js';

const GENERATED_FILES = ['stable.ts', 'incubating.ts', 'index.ts', 'incubating-index.ts'];
const script = join(packageRoot, 'scripts', 'generate.mjs');

function generate(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [script, ...args], { cwd: packageRoot, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'spool-semconv-test-'));
}

// ---------------------------------------------------------------------------
// The committed sources

test('the committed sources match a fresh run of the generator on the pinned model', (t) => {
  const pin = readPin();
  const modelDir = join(packageRoot, pin.model);
  if (!existsSync(join(modelDir, 'manifest.yaml'))) {
    t.skip(
      `model not present: ${modelDir} is missing; run \`npm run fetch-model -w @spool/semconv -- ${pin.tag}\` ` +
        `(or extract the model/ folder of ${pin.repository} at ${pin.tag} there) to check the generated files`,
    );
    return;
  }
  const out = tempDir();
  try {
    const r = generate(['--out', out]);
    assert.equal(r.status, 0, r.stderr);
    for (const f of GENERATED_FILES) {
      const fresh = readFileSync(join(out, f));
      const committed = readFileSync(join(packageRoot, 'src', f));
      assert.ok(fresh.equals(committed), `src/${f} differs from a fresh run: run \`npm run generate -w @spool/semconv\``);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('the generated files name the pinned release and commit', () => {
  const pin = readPin();
  for (const f of GENERATED_FILES) {
    const head = readSource(f).split('\n', 3).join('\n');
    assert.ok(head.includes(pin.tag) && head.includes(pin.commit), `${f} header names ${pin.tag} ${pin.commit}`);
  }
});

test('the README names the pinned release and commit', () => {
  const pin = readPin();
  const readme = readFileSync(join(packageRoot, 'README.md'), 'utf8');
  assert.ok(readme.includes(pin.tag) && readme.includes(pin.commit), `README.md names ${pin.tag} and ${pin.commit}`);
});

test('no two generated constants share a name', () => {
  const names = [...declaredNames('stable.ts'), ...declaredNames('incubating.ts')];
  const seen = new Set<string>();
  const dupes = names.filter((n) => (seen.has(n) ? true : (seen.add(n), false)));
  assert.deepEqual(dupes, []);
  assert.ok(names.length > 1000, `expected the full registry, got ${names.length} constants`);
});

test('no two attribute constants carry the same key, and no enum repeats a current value', () => {
  const constants = [...constantsOf('stable.ts'), ...constantsOf('incubating.ts')];
  const keys = new Map<string, string>();
  const valuesByAttribute = new Map<string, Map<string, string>>();
  for (const c of constants) {
    if (c.name.startsWith('ATTR_')) {
      const prior = keys.get(c.initializer);
      assert.equal(prior, undefined, `${c.name} and ${prior} both declare ${c.initializer}`);
      keys.set(c.initializer, c.name);
    } else if (c.name.includes('_VALUE_') && !c.doc.includes('@deprecated')) {
      // A deprecated member may be an old id kept for a value that a current member now
      // carries (gen_ai.token.type `completion` -> `output`); current members never share one.
      const owner = /of `([^`]+)`/.exec(c.doc)?.[1];
      if (owner === undefined) assert.fail(`${c.name} names its attribute`);
      const values = valuesByAttribute.get(owner) ?? new Map<string, string>();
      const prior = values.get(c.initializer);
      assert.equal(prior, undefined, `${c.name} and ${prior} both are ${c.initializer} of ${owner}`);
      values.set(c.initializer, c.name);
      valuesByAttribute.set(owner, values);
    }
  }
});

test('generated doc comments are written by the generator, not copied from the model', () => {
  // Phrases of the model's own descriptions of well-known attributes.
  const text = readSource('stable.ts') + readSource('incubating.ts');
  assert.ok(!text.includes('HTTP request method.'), 'brief of http.request.method');
  assert.ok(!text.includes('The full request target as passed in a HTTP request line'), 'brief of http.target');
  assert.ok(!text.includes('Logical name of the service.'), 'brief of service.name');
});

// ---------------------------------------------------------------------------
// The generator on small models

function writeModel(dir: string, files: Record<string, string>, version = readPin().tag.slice(1)): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'manifest.yaml'), `schema_url: https://opentelemetry.io/schemas/${version}\n`);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

const SHOP_V1 = `groups:
  - id: registry.shop
    type: attribute_group
    brief: MODEL-PROSE-GROUP
    attributes:
      - id: shop.order.id
        type: string
        stability: stable
        brief: MODEL-PROSE-ORDER-ID
        examples: ['o-1', 'o-2']
      - id: shop.order.state
        stability: stable
        brief: MODEL-PROSE-STATE
        type:
          members:
            - id: open
              value: 'open'
              stability: stable
              brief: MODEL-PROSE-OPEN
            - id: held
              value: 'held'
              stability: development
            - id: on_hold
              value: 'on_hold'
              stability: development
              deprecated:
                reason: renamed
                renamed_to: held
            - id: on.hold
              value: 'on.hold'
              stability: development
              annotations:
                code_generation:
                  exclude: true
      - id: shop.legacy_id
        type: string
        stability: development
        brief: MODEL-PROSE-LEGACY
        deprecated:
          reason: renamed
          renamed_to: shop.order.id
      - id: shop.item.tag
        type: template[string]
        stability: development
        brief: MODEL-PROSE-TAG
  - id: shop.spans
    type: span
    brief: MODEL-PROSE-SPAN
    attributes:
      - ref: shop.order.id
`;

const SHOP_V2 = `file_format: definition/2
attributes:
  - key: shop.cart.size
    type: int
    stability: development
    brief: MODEL-PROSE-CART
    deprecated:
      reason: obsoleted
      note: Use \`shop.order.id\` and count the items instead.
`;

test('the generator turns a small model into stable and incubating constants', () => {
  const dir = tempDir();
  try {
    writeModel(join(dir, 'model'), { 'shop/registry.yaml': SHOP_V1, 'shop/v2.yaml': SHOP_V2 });
    const r = generate(['--model', join(dir, 'model'), '--out', join(dir, 'out')]);
    assert.equal(r.status, 0, r.stderr);
    const stableTs = readFileSync(join(dir, 'out', 'stable.ts'), 'utf8');
    const incubatingTs = readFileSync(join(dir, 'out', 'incubating.ts'), 'utf8');
    const indexTs = readFileSync(join(dir, 'out', 'index.ts'), 'utf8');

    assert.match(stableTs, /^export const ATTR_SHOP_ORDER_ID = 'shop\.order\.id';$/m);
    assert.match(stableTs, /^export const SHOP_ORDER_STATE_VALUE_OPEN = 'open';$/m);
    assert.match(stableTs, /^export const SCHEMA_URL = 'https:\/\/opentelemetry\.io\/schemas\/[\d.]+';$/m);
    // A development member of a stable attribute goes to incubating.
    assert.doesNotMatch(stableTs, /SHOP_ORDER_STATE_VALUE_HELD/);
    assert.match(incubatingTs, /^export const SHOP_ORDER_STATE_VALUE_HELD = 'held';$/m);
    assert.match(incubatingTs, /@deprecated Renamed to value `held` \(`SHOP_ORDER_STATE_VALUE_HELD`\)/);
    assert.match(incubatingTs, /@deprecated Renamed to `shop\.order\.id` \(`ATTR_SHOP_ORDER_ID`\)/);
    // Template attributes become functions.
    assert.match(incubatingTs, /^export const ATTR_SHOP_ITEM_TAG = \(key: string\): string => `shop\.item\.tag\.\$\{key\}`;$/m);
    // Format 2 files are read too; the page is the key's namespace.
    assert.match(incubatingTs, /registry\/attributes\/shop\/#shop-cart-size/);
    assert.match(incubatingTs, /@deprecated .*`shop\.order\.id` \(`ATTR_SHOP_ORDER_ID`\)/);
    // The member marked code_generation.exclude is left out (it would collide with on_hold).
    assert.doesNotMatch(incubatingTs, /'on\.hold'/);
    // The model's prose is never copied.
    assert.doesNotMatch(stableTs + incubatingTs, /MODEL-PROSE/);
    // The stable index lists stable names only.
    assert.match(indexTs, /^ {2}ATTR_SHOP_ORDER_ID,$/m);
    assert.doesNotMatch(indexTs, /ATTR_SHOP_LEGACY_ID/);

    // A second run gives the same bytes.
    const again = generate(['--model', join(dir, 'model'), '--out', join(dir, 'again')]);
    assert.equal(again.status, 0, again.stderr);
    for (const f of GENERATED_FILES) {
      assert.ok(readFileSync(join(dir, 'out', f)).equals(readFileSync(join(dir, 'again', f))), f);
    }
    // --check agrees, and notices a hand edit.
    assert.equal(generate(['--model', join(dir, 'model'), '--out', join(dir, 'out'), '--check']).status, 0);
    writeFileSync(join(dir, 'out', 'stable.ts'), `${stableTs}// edited\n`);
    const check = generate(['--model', join(dir, 'model'), '--out', join(dir, 'out'), '--check']);
    assert.equal(check.status, 1);
    assert.match(check.stderr, /out of date.*stable\.ts/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const BAD_MODELS: ReadonlyArray<readonly [string, Record<string, string>, RegExp]> = [
  [
    'two keys that map to one constant name',
    {
      'a.yaml': `groups:
  - id: registry.shop
    type: attribute_group
    attributes:
      - {id: shop.order.id, type: string, stability: stable, brief: x}
      - {id: shop.order_id, type: string, stability: development, brief: x}
`,
    },
    /constant ATTR_SHOP_ORDER_ID would be generated twice/,
  ],
  [
    'one key defined in two files',
    {
      'a.yaml': 'file_format: definition/2\nattributes:\n  - {key: shop.order.id, type: string, stability: stable, brief: x}\n',
      'b.yaml': 'file_format: definition/2\nattributes:\n  - {key: shop.order.id, type: string, stability: stable, brief: x}\n',
    },
    /attribute shop\.order\.id is defined twice/,
  ],
  [
    'an attribute without stability',
    { 'a.yaml': 'file_format: definition/2\nattributes:\n  - {key: shop.order.id, type: string, brief: x}\n' },
    /shop\.order\.id has no stability/,
  ],
  [
    'a file that is not YAML',
    { 'a.yaml': 'groups: [\n  - : :\n' },
    /a\.yaml: YAML does not parse/,
  ],
  [
    'an enum member with an unsupported value',
    {
      'a.yaml': `file_format: definition/2
attributes:
  - key: shop.mode
    stability: development
    brief: x
    type:
      members:
        - {id: a, value: [1], stability: development}
`,
    },
    /shop\.mode member a has an unsupported value/,
  ],
];

for (const [what, files, message] of BAD_MODELS) {
  test(`generation fails with a message on ${what}`, () => {
    const dir = tempDir();
    try {
      writeModel(join(dir, 'model'), files);
      const r = generate(['--model', join(dir, 'model'), '--out', join(dir, 'out')]);
      assert.equal(r.status, 1);
      assert.match(r.stderr, message);
      assert.equal(existsSync(join(dir, 'out')), false, 'nothing is written');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('generation fails when the model is another release than the pinned one', () => {
  const dir = tempDir();
  try {
    writeModel(join(dir, 'model'), { 'a.yaml': SHOP_V2 }, '0.0.1');
    const r = generate(['--model', join(dir, 'model'), '--out', join(dir, 'out')]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /manifest is release 0\.0\.1 but model-version\.json pins v/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('generation fails when the model folder does not exist', () => {
  const r = generate(['--model', join(tmpdir(), 'spool-semconv-no-such-model'), '--out', join(tmpdir(), 'unused')]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /model folder not found/);
});

test('the generator rejects an unknown argument', () => {
  const r = generate(['--frobnicate']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /unknown argument --frobnicate/);
});
