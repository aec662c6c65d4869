import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { renderWaterfall } from '../src/index.js';
import { makeSpan } from './span-fixtures.js';

const trace = [
  makeSpan({ spanId: '1', name: 'POST /orders', service: 'order', start: 0, end: 100 }),
  makeSpan({ spanId: '2', parentId: '1', name: 'INSERT orders', service: 'order', start: 0, end: 10 }),
  makeSpan({ spanId: '3', parentId: '1', name: 'GET /reserve', service: 'order', start: 20, end: 50 }),
  makeSpan({ spanId: '4', parentId: '3', remoteParent: true, name: 'GET /reserve', service: 'inventory', start: 25, end: 45, events: [{ name: 'stock reserved', at: 40 }] }),
  makeSpan({ spanId: '5', parentId: '1', name: 'POST /charge', service: 'payment', start: 50, end: 100, error: 'card declined' }),
];

const rows = (text: string) => text.trimEnd().split('\n');

describe('renderWaterfall', () => {
  it('prints a header then one row per span, children under their parent, in start order', () => {
    const out = rows(renderWaterfall([...trace].reverse(), { barWidth: 20, showEvents: false }));
    assert.equal(out.length, 6);
    assert.match(out[0]!, /^trace 0af7651916cd43dd8448eb211c80319c {2}POST \/orders {2}100 ms {2}5 spans, 3 services, 1 error$/);
    assert.match(out[1]!, /^order +POST \/orders/);
    assert.match(out[2]!, /^order +  INSERT orders/);
    assert.match(out[3]!, /^order +  GET \/reserve/);
    assert.match(out[4]!, /^inventory +    GET \/reserve/);
    assert.match(out[5]!, /^payment +  POST \/charge/);
  });

  it('places and sizes each bar by start and duration on the trace timeline', () => {
    const out = rows(renderWaterfall(trace, { barWidth: 20, showEvents: false }));
    const bar = (line: string) => line.slice(line.indexOf('|') + 1, line.lastIndexOf('|'));
    assert.equal(bar(out[1]!), '█'.repeat(20));
    assert.equal(bar(out[2]!), '██' + ' '.repeat(18));
    assert.equal(bar(out[3]!), ' '.repeat(4) + '██████' + ' '.repeat(10));
    assert.equal(bar(out[4]!), ' '.repeat(5) + '████' + ' '.repeat(11));
    assert.equal(bar(out[5]!), ' '.repeat(10) + '█'.repeat(10));
  });

  it('shows durations and marks errors with the status message', () => {
    const out = rows(renderWaterfall(trace, { barWidth: 20, showEvents: false }));
    assert.match(out[2]!, /\| +10\.0 ms$/);
    assert.match(out[5]!, /\| +50\.0 ms ✗ card declined$/);
    assert.doesNotMatch(out[1]!, /✗/);
  });

  it('lists span events under their span with the offset from its start', () => {
    const out = rows(renderWaterfall(trace, { barWidth: 20 }));
    const i = out.findIndex((l) => l.includes('· stock reserved'));
    assert.ok(i > 0);
    assert.match(out[i - 1]!, /^inventory/);
    assert.match(out[i]!, /\+15\.0 ms$/);
  });

  it('uses ANSI colours only when asked', () => {
    assert.doesNotMatch(renderWaterfall(trace), /\x1b\[/);
    assert.match(renderWaterfall(trace, { colors: true }), /\x1b\[31m/);
  });

  it('draws spans whose parent is missing at the top level, after the root', () => {
    const out = rows(
      renderWaterfall([
        makeSpan({ spanId: 'a', parentId: 'f', name: 'orphan', start: 0, end: 5 }),
        makeSpan({ spanId: 'b', name: 'root', start: 1, end: 9 }),
      ]),
    );
    assert.match(out[1]!, /^order +root/);
    assert.match(out[2]!, /^order +orphan/);
  });

  it('returns an empty string for no spans and survives odd input', () => {
    assert.equal(renderWaterfall([]), '');
    const odd = [
      makeSpan({ spanId: '1', parentId: '1', name: 'self-parent', start: 5, end: 1 }),
      makeSpan({ spanId: '2', parentId: '3', name: 'cycle-a', start: 0, end: 0 }),
      makeSpan({ spanId: '3', parentId: '2', name: 'cycle-b', start: 0, end: 0 }),
      makeSpan({ spanId: '4', name: 'x'.repeat(300), start: 0, end: 0 }),
    ];
    const out = rows(renderWaterfall(odd, { barWidth: 1e9 }));
    assert.equal(out.length, 5);
    assert.ok(out.some((l) => l.includes('…')));
  });
});
