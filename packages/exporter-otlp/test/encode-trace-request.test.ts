import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { ReadableSpan } from '@spool/sdk-trace';
import { encodeTraceRequest } from '../src/index.js';
import { allSpans, canonical, decodeTraceRequest } from './otlp-decoder.js';
import { DEFAULT_SCOPE, hexId, makeSpan, realisticSpan, richSpan } from './span-fixtures.js';

// OpenTelemetry JS's serializers are typed against their own ReadableSpan; the
// fixtures have its shape too.
const otelProtobuf = (spans: ReadableSpan[]): Uint8Array => ProtobufTraceSerializer.serializeRequest(spans as never)!;
const otelJson = (spans: ReadableSpan[]): unknown =>
  JSON.parse(Buffer.from(JsonTraceSerializer.serializeRequest(spans as never)!).toString('utf8'));

describe('encodeTraceRequest', () => {
  it('is checked by a decoder that reads OpenTelemetry JS protobuf as OpenTelemetry JS JSON', () => {
    // Validates the test's own schema against a reference implementation, so the
    // decoder cannot share a mistake with the encoder under test.
    const spans = [richSpan(), realisticSpan(1, false)];
    assert.deepEqual(canonical(decodeTraceRequest(otelProtobuf(spans))), canonical(otelJson(spans)));
  });

  it('writes a rich span that decodes to the same request as OpenTelemetry JS produces', () => {
    const spans = [richSpan(), richSpan({ withIdBytes: true }), realisticSpan(2), makeSpan()];
    assert.deepEqual(canonical(decodeTraceRequest(encodeTraceRequest(spans))), canonical(decodeTraceRequest(otelProtobuf(spans))));
  });

  it('keeps every field of a rich span, field by field', () => {
    const span = richSpan();
    const ctx = span.spanContext();
    const req = decodeTraceRequest(encodeTraceRequest([span]));
    assert.equal(req.resourceSpans.length, 1);
    const rs = req.resourceSpans[0];
    assert.equal(rs.schemaUrl, 'https://opentelemetry.io/schemas/1.28.0');
    assert.deepEqual(rs.resource.attributes, [
      { key: 'service.name', value: { stringValue: 'checkout' } },
      { key: 'k8s.pod.name', value: { stringValue: 'checkout-7d9' } },
      { key: 'host.cpu.count', value: { intValue: '8' } },
    ]);
    const ss = rs.scopeSpans[0];
    assert.deepEqual(ss.scope, { name: '@acme/instrumentation-checkout', version: '2.0.0', attributes: [{ key: 'scope.attr', value: { stringValue: 'yes' } }] });
    assert.equal(ss.schemaUrl, 'https://opentelemetry.io/schemas/1.27.0');
    const s = ss.spans[0];
    assert.equal(s.traceId, ctx.traceId);
    assert.equal(s.spanId, ctx.spanId);
    assert.equal(s.parentSpanId, span.parentSpanContext!.spanId);
    assert.equal(s.traceState, 'vendor=abc,other=x-y');
    assert.equal(s.name, 'POST /checkout/ünïcødé/✓');
    assert.equal(s.kind, 3, 'API CLIENT (2) is proto SPAN_KIND_CLIENT (3)');
    assert.equal(s.startTimeUnixNano, '1767225600000000001');
    assert.equal(s.endTimeUnixNano, '1767225601999999999');
    assert.equal(s.flags, 0x01 | 0x100 | 0x200, 'sampled, parent is-remote known and set');
    const attrs = Object.fromEntries(s.attributes.map((kv: any) => [kv.key, kv.value]));
    assert.deepEqual(attrs['http.request.method'], { stringValue: 'POST' });
    assert.deepEqual(attrs['http.response.status_code'], { intValue: '201' });
    assert.deepEqual(attrs['negative.int'], { intValue: '-42' });
    assert.deepEqual(attrs['big.int'], { intValue: String(2n ** 60n) });
    assert.deepEqual(attrs['ratio'], { doubleValue: 0.25 });
    assert.deepEqual(attrs['flag'], { boolValue: true });
    assert.deepEqual(attrs['off'], { boolValue: false });
    assert.deepEqual(attrs['strings'], { arrayValue: { values: [{ stringValue: 'a' }, { stringValue: 'bé' }, { stringValue: '' }] } });
    assert.deepEqual(attrs['ints'], { arrayValue: { values: [{ intValue: '1' }, { intValue: '-2' }, { intValue: '3' }] } });
    assert.deepEqual(attrs['doubles'], { arrayValue: { values: [{ doubleValue: 1.5 }, { doubleValue: -2.25 }] } });
    assert.deepEqual(attrs['bools'], { arrayValue: { values: [{ boolValue: true }, { boolValue: false }] } });
    assert.deepEqual(attrs['with.null'], { arrayValue: { values: [{ stringValue: 'x' }, {}, { stringValue: 'z' }] } });
    assert.deepEqual(attrs['empty.array'], { arrayValue: { values: [] } });
    assert.deepEqual(attrs['long.string'], { stringValue: 'x'.repeat(300) + 'é' });
    assert.equal(s.attributes.length, 14);
    assert.equal(s.droppedAttributesCount, 3);
    assert.deepEqual(s.events, [
      {
        timeUnixNano: '1767225600500000000',
        name: 'exception',
        attributes: [
          { key: 'exception.type', value: { stringValue: 'Error' } },
          { key: 'exception.message', value: { stringValue: 'boom' } },
        ],
      },
      { timeUnixNano: '1767225601000000000', name: 'retry', attributes: [], droppedAttributesCount: 2 },
    ]);
    assert.equal(s.droppedEventsCount, 4);
    assert.equal(s.links.length, 2);
    assert.equal(s.links[0].traceId, span.links[0]!.context.traceId);
    assert.equal(s.links[0].spanId, span.links[0]!.context.spanId);
    assert.equal(s.links[0].traceState, 'k=v');
    assert.deepEqual(s.links[0].attributes, [{ key: 'link.kind', value: { stringValue: 'batch' } }]);
    assert.equal(s.links[0].droppedAttributesCount, 1);
    assert.equal(s.links[0].flags, 0x01 | 0x100 | 0x200);
    assert.equal(s.links[1].flags, 0x100, 'not sampled, is-remote known and not set');
    assert.equal(s.droppedLinksCount, 5);
    assert.deepEqual(s.status, { message: 'payment declined', code: 2 });
  });

  it('gives the same bytes for ids copied from pooled bytes as for ids decoded from hex', () => {
    const traceId = hexId(16);
    const spanId = hexId(8);
    const pooled = makeSpan({ traceId, spanId, withIdBytes: true });
    const foreign = makeSpan({ traceId, spanId });
    assert.deepEqual(encodeTraceRequest([pooled]), encodeTraceRequest([foreign]));
    assert.equal(decodeTraceRequest(encodeTraceRequest([pooled])).resourceSpans[0].scopeSpans[0].spans[0].traceId, traceId);
  });

  const numberCases: [string, number, object][] = [
    ['zero', 0, { intValue: '0' }],
    ['negative zero', -0, { intValue: '0' }],
    ['a small positive integer', 7, { intValue: '7' }],
    ['-1 (ten-byte two\'s complement)', -1, { intValue: '-1' }],
    ...[127, 128, 16383, 16384, 2097151, 2097152, 268435455, 268435456].map(
      (n): [string, number, object] => [`${n} (a varint length boundary)`, n, { intValue: String(n) }],
    ),
    ['2^31', 2 ** 31, { intValue: '2147483648' }],
    ['2^32', 2 ** 32, { intValue: '4294967296' }],
    ['-(2^31) - 1', -(2 ** 31) - 1, { intValue: '-2147483649' }],
    ['-(2^32)', -(2 ** 32), { intValue: '-4294967296' }],
    ['MAX_SAFE_INTEGER', Number.MAX_SAFE_INTEGER, { intValue: '9007199254740991' }],
    ['MIN_SAFE_INTEGER', Number.MIN_SAFE_INTEGER, { intValue: '-9007199254740991' }],
    ['-(2^63), the int64 minimum', -(2 ** 63), { intValue: '-9223372036854775808' }],
    ['2^63, past int64 (a double)', 2 ** 63, { doubleValue: 2 ** 63 }],
    ['a fraction', 0.1, { doubleValue: 0.1 }],
    ['a negative fraction', -1234.5, { doubleValue: -1234.5 }],
    ['Infinity', Infinity, { doubleValue: Infinity }],
    ['NaN', NaN, { doubleValue: NaN }],
  ];
  for (const [label, value, expected] of numberCases) {
    it(`encodes the number ${label} as ${Object.keys(expected)[0]}`, () => {
      const req = decodeTraceRequest(encodeTraceRequest([makeSpan({ attributes: { n: value } })]));
      assert.deepEqual(allSpans(req)[0].attributes, [{ key: 'n', value: expected }]);
    });
  }

  const timeCases: [number, number][] = [
    [0, 0],
    [0, 999999999],
    [1, 0],
    [9007199, 254740993], // just past 2^53 ns
    [1767225600, 123456789],
    [2147483648, 1], // after 2038
    [4294967296, 5], // seconds past 32 bits
    [18446744072, 999999999], // near the top of uint64
  ];
  for (const [sec, ns] of timeCases) {
    it(`keeps every nanosecond of HrTime [${sec}, ${ns}]`, () => {
      const req = decodeTraceRequest(encodeTraceRequest([makeSpan({ startTime: [sec, ns], endTime: [sec, ns] })]));
      const expected = (BigInt(sec) * 1000000000n + BigInt(ns)).toString();
      const s = allSpans(req)[0];
      assert.equal(s.startTimeUnixNano ?? '0', expected);
      assert.equal(s.endTimeUnixNano ?? '0', expected);
    });
  }

  it('writes 0 for a negative or non-finite time rather than a wrapped value', () => {
    const req = decodeTraceRequest(encodeTraceRequest([makeSpan({ startTime: [-5, 0], endTime: [NaN, 1] })]));
    const s = allSpans(req)[0];
    assert.equal(s.startTimeUnixNano ?? '0', '0');
    assert.equal(s.endTimeUnixNano ?? '0', '0');
  });

  const strings = [
    '',
    'a',
    'x'.repeat(42),
    'x'.repeat(43),
    'é'.repeat(42),
    'é'.repeat(43),
    'y'.repeat(127),
    'y'.repeat(128),
    'z'.repeat(20000),
    'ascii then ünïcødé',
    'ünïcødé first',
    'emoji 👩‍💻 and 𝄞',
    '日本語のスパン名',
  ];
  for (const s of strings) {
    it(`round-trips a string of ${s.length} UTF-16 units starting ${JSON.stringify(s.slice(0, 12))}`, () => {
      const req = decodeTraceRequest(encodeTraceRequest([makeSpan({ name: 'n', attributes: { s } })]));
      assert.deepEqual(allSpans(req)[0].attributes, [{ key: 's', value: { stringValue: s } }]);
    });
  }

  const keyCases: [string, string, unknown][] = [
    ['a non-ASCII key', 'clé.ünïcødé', 'v'],
    ['a non-ASCII key with an integer', 'größe', 5],
    ['key and value just under the one-byte message size', 'k'.repeat(60), 'v'.repeat(61)],
    ['key and value just over the one-byte message size', 'k'.repeat(61), 'v'.repeat(61)],
    ['a long key with an integer', 'k'.repeat(200), 300],
  ];
  for (const [label, key, value] of keyCases) {
    it(`round-trips an attribute with ${label}`, () => {
      const req = decodeTraceRequest(encodeTraceRequest([makeSpan({ attributes: { [key]: value } })]));
      const expected = typeof value === 'string' ? { stringValue: value } : { intValue: String(value) };
      assert.deepEqual(allSpans(req)[0].attributes, [{ key, value: expected }]);
    });
  }

  it('replaces a lone surrogate with U+FFFD, as UTF-8 requires', () => {
    const req = decodeTraceRequest(encodeTraceRequest([makeSpan({ attributes: { s: 'a\ud800b' } })]));
    assert.deepEqual(allSpans(req)[0].attributes, [{ key: 's', value: { stringValue: 'a\ufffdb' } }]);
  });

  it('groups spans by resource, then by scope, merging equal scopes held in different objects', () => {
    const resA = { attributes: { 'service.name': 'a' } };
    const resB = { attributes: { 'service.name': 'b' } };
    const scope1 = { name: 's1', version: '1' };
    const scope1Copy = { name: 's1', version: '1' };
    const scope2 = { name: 's2' };
    const spans = [
      makeSpan({ name: 'a1', resource: resA, scope: scope1 }),
      makeSpan({ name: 'b1', resource: resB, scope: scope1 }),
      makeSpan({ name: 'a2', resource: resA, scope: scope2 }),
      makeSpan({ name: 'a3', resource: resA, scope: scope1Copy }),
      makeSpan({ name: 'a4', resource: resA, scope: scope1 }),
    ];
    const req = decodeTraceRequest(encodeTraceRequest(spans));
    const shape = req.resourceSpans.map((rs: any) => ({
      service: rs.resource.attributes[0].value.stringValue,
      scopes: rs.scopeSpans.map((ss: any) => [ss.scope.name, ss.spans.map((s: any) => s.name)]),
    }));
    assert.deepEqual(shape, [
      { service: 'a', scopes: [['s1', ['a1', 'a3', 'a4']], ['s2', ['a2']]] },
      { service: 'b', scopes: [['s1', ['b1']]] },
    ]);
  });

  it('leaves out attribute values the API forbids, and keeps bytes and nested maps', () => {
    const attributes: Record<string, unknown> = {
      kept: 'yes',
      undef: undefined,
      nul: null,
      fn: () => 1,
      bytes: new Uint8Array([0, 1, 254, 255]),
      map: { inner: 'v', deeper: { n: 1 } },
    };
    const req = decodeTraceRequest(encodeTraceRequest([makeSpan({ attributes })]));
    assert.deepEqual(allSpans(req)[0].attributes, [
      { key: 'kept', value: { stringValue: 'yes' } },
      { key: 'bytes', value: { bytesValue: Buffer.from([0, 1, 254, 255]).toString('base64') } },
      {
        key: 'map',
        value: {
          kvlistValue: {
            values: [
              { key: 'inner', value: { stringValue: 'v' } },
              { key: 'deeper', value: { kvlistValue: { values: [{ key: 'n', value: { intValue: '1' } }] } } },
            ],
          },
        },
      },
    ]);
  });

  it('stops at 8 levels of nesting instead of looping on a cyclic value', () => {
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic['self'] = cyclic;
    const bytes = encodeTraceRequest([makeSpan({ attributes: { cyclic } })]);
    const req = decodeTraceRequest(bytes);
    let depth = 0;
    let v = allSpans(req)[0].attributes[0].value;
    while (v.kvlistValue !== undefined) {
      depth++;
      v = v.kvlistValue.values.find((kv: any) => kv.key === 'self')?.value ?? {};
    }
    assert.equal(depth, 8);
  });

  it('encodes an empty batch as an empty request', () => {
    assert.equal(encodeTraceRequest([]).length, 0);
  });

  it('writes minimal length prefixes for bodies of every size class', () => {
    // Spans of about 100 B, 10 KiB and 3 MiB: one, two and three/four-byte lengths.
    const spans = [
      makeSpan({ name: 's' }),
      makeSpan({ name: 'm', attributes: { v: 'm'.repeat(10000) } }),
      makeSpan({ name: 'l', attributes: { v: 'l'.repeat(3 * 1024 * 1024) } }),
    ];
    const mine = encodeTraceRequest(spans);
    const req = decodeTraceRequest(mine);
    assert.deepEqual(allSpans(req).map((s: any) => s.name), ['s', 'm', 'l']);
    assert.ok(mine.length <= otelProtobuf(spans).length, 'no larger than OpenTelemetry JS');
  });

  it('returns an array the caller owns, untouched by the next call', () => {
    const first = encodeTraceRequest([makeSpan({ name: 'first' })]);
    const copy = Uint8Array.from(first);
    encodeTraceRequest([makeSpan({ name: 'second', attributes: { a: 'x'.repeat(1000) } })]);
    assert.deepEqual(first, copy);
  });

  it('returns results that share no memory with each other, however small', () => {
    // Below 4 KiB, Buffer.allocUnsafe hands out slices of one shared pool; the
    // results must each own their ArrayBuffer, exactly their size.
    const a = encodeTraceRequest([makeSpan({ name: 'a' })]);
    const b = encodeTraceRequest([makeSpan({ name: 'b' })]);
    assert.notEqual(a.buffer, b.buffer);
    for (const r of [a, b]) {
      assert.equal(r.byteOffset, 0);
      assert.equal(r.buffer.byteLength, r.length, 'an exact-size copy, no slack');
    }
    const aCopy = Uint8Array.from(a);
    b.fill(0xff);
    assert.deepEqual(a, aCopy, 'writing one result leaves the other alone');
  });

  it('encodes a huge batch correctly after a small one, and a small one after it', () => {
    const small = [realisticSpan(1)];
    const huge = Array.from({ length: 4000 }, (_, i) =>
      makeSpan({ name: `huge-${i}`, attributes: { payload: 'p'.repeat(i % 7 === 0 ? 16000 : 40), i } }),
    );
    const first = encodeTraceRequest(small);
    const big = encodeTraceRequest(huge);
    assert.ok(big.length > 8 * 1024 * 1024, `larger than the 8 MiB a reused writer is kept at (${big.length} B)`);
    const names = allSpans(decodeTraceRequest(big)).map((s: any) => s.name);
    assert.deepEqual(names, huge.map((s) => s.name));
    assert.deepEqual(canonical(decodeTraceRequest(big)), canonical(decodeTraceRequest(otelProtobuf(huge))));
    const after = encodeTraceRequest(small);
    assert.deepEqual(after, first, 'the same bytes for the same small batch before and after');
    assert.equal(after.buffer.byteLength, after.length);
  });

  it('encodes one span with a megabyte attribute, then an ordinary batch, each exactly', () => {
    const giant = makeSpan({ name: 'giant', attributes: { blob: 'g'.repeat(1024 * 1024) } });
    const ordinary = Array.from({ length: 512 }, (_, i) => realisticSpan(i));
    const g = decodeTraceRequest(encodeTraceRequest([giant]));
    assert.equal(allSpans(g)[0].attributes[0].value.stringValue.length, 1024 * 1024);
    const mine = encodeTraceRequest(ordinary);
    assert.deepEqual(canonical(decodeTraceRequest(mine)), canonical(decodeTraceRequest(otelProtobuf(ordinary))));
  });

  it('uses no more bytes than OpenTelemetry JS for a batch of realistic spans', () => {
    const spans = Array.from({ length: 64 }, (_, i) => realisticSpan(i));
    const mine = encodeTraceRequest(spans);
    const theirs = otelProtobuf(spans);
    assert.ok(mine.length <= theirs.length, `${mine.length} <= ${theirs.length}`);
    assert.deepEqual(canonical(decodeTraceRequest(mine)), canonical(decodeTraceRequest(theirs)));
  });

  it('encodes a span without scope version, status or parent with defaults left out', () => {
    const span = makeSpan({ scope: { name: DEFAULT_SCOPE.name }, kind: 0 });
    const s = allSpans(decodeTraceRequest(encodeTraceRequest([span])))[0];
    assert.equal(s.parentSpanId, undefined);
    assert.equal(s.status, undefined);
    assert.equal(s.kind, 1, 'INTERNAL');
    assert.equal(s.flags, 0x101);
  });
});
