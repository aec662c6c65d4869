import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { ReadableSpan } from '@spool/sdk-trace';
import { encodeTraceRequest, encodeTraceRequestJson } from '../src/index.js';
import { allSpans, canonical, decodeTraceRequest } from './otlp-decoder.js';
import { makeSpan, realisticSpan, richSpan } from './span-fixtures.js';

const otelJson = (spans: ReadableSpan[]): unknown =>
  JSON.parse(Buffer.from(JsonTraceSerializer.serializeRequest(spans as never)!).toString('utf8'));

describe('encodeTraceRequestJson', () => {
  it('produces the same request as OpenTelemetry JS JSON for rich and realistic spans', () => {
    const spans = [richSpan(), realisticSpan(3), makeSpan()];
    assert.deepEqual(canonical(JSON.parse(encodeTraceRequestJson(spans))), canonical(otelJson(spans)));
  });

  it('says the same as the protobuf encoding, value for value', () => {
    const spans = [richSpan(), realisticSpan(4)];
    assert.deepEqual(canonical(JSON.parse(encodeTraceRequestJson(spans))), canonical(decodeTraceRequest(encodeTraceRequest(spans))));
  });

  it('writes ids as lowercase hex, times and integers as decimal strings, enums as integers', () => {
    const span = makeSpan({ kind: 4, startTime: [1767225600, 5], endTime: [1767225600, 123456789], attributes: { big: 2 ** 62, neg: -3 } });
    const s = allSpans(JSON.parse(encodeTraceRequestJson([span])))[0];
    assert.match(s.traceId, /^[0-9a-f]{32}$/);
    assert.match(s.spanId, /^[0-9a-f]{16}$/);
    assert.equal(s.startTimeUnixNano, '1767225600000000005');
    assert.equal(s.endTimeUnixNano, '1767225600123456789');
    assert.equal(s.kind, 5);
    assert.deepEqual(s.attributes, [
      { key: 'big', value: { intValue: '4611686018427387904' } },
      { key: 'neg', value: { intValue: '-3' } },
    ]);
  });

  it('writes non-finite doubles as the proto3 JSON strings and bytes as base64', () => {
    const span = makeSpan({ attributes: { nan: NaN, inf: Infinity, ninf: -Infinity, b: new Uint8Array([1, 2, 3]) } });
    const s = allSpans(JSON.parse(encodeTraceRequestJson([span])))[0];
    assert.deepEqual(s.attributes, [
      { key: 'nan', value: { doubleValue: 'NaN' } },
      { key: 'inf', value: { doubleValue: 'Infinity' } },
      { key: 'ninf', value: { doubleValue: '-Infinity' } },
      { key: 'b', value: { bytesValue: 'AQID' } },
    ]);
  });

  it('escapes strings into valid JSON', () => {
    const tricky = 'quote " backslash \\ newline \n tab \t nul \u0000 emoji 👩‍💻';
    const span = makeSpan({ name: tricky, attributes: { [tricky]: tricky } });
    const s = allSpans(JSON.parse(encodeTraceRequestJson([span])))[0];
    assert.equal(s.name, tricky);
    assert.deepEqual(s.attributes, [{ key: tricky, value: { stringValue: tricky } }]);
  });

  it('encodes an empty batch as an empty list of resource spans', () => {
    assert.deepEqual(JSON.parse(encodeTraceRequestJson([])), { resourceSpans: [] });
  });

  it('writes "0" for a negative or non-finite time', () => {
    const s = allSpans(JSON.parse(encodeTraceRequestJson([makeSpan({ startTime: [-1, 0], endTime: [Infinity, 0] })])))[0];
    assert.equal(s.startTimeUnixNano, '0');
    assert.equal(s.endTimeUnixNano, '0');
  });
});
