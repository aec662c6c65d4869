/**
 * The 512 "realistic" spans of otlp_encode, made through a small adapter so
 * each SDK creates them itself (with its own ids, clocks and span objects)
 * from the same script: 64 requests of 8 spans each, a server span with
 * HTTP attributes and 7 children (auth, a database query, a cache lookup
 * with an event, an outgoing HTTP call, a message publish, render with an
 * event, serialize); every 16th request fails with an exception event and
 * an error status.
 */

export type Kind = 'server' | 'client' | 'internal' | 'producer';
export type Attrs = Record<string, string | number | boolean | string[]>;

/** How the workload drives one SDK. */
export interface SpanMaker<S> {
  start(name: string, kind: Kind, attributes: Attrs, parent: S | undefined): S;
  event(span: S, name: string, attributes: Attrs): void;
  status(span: S, ok: boolean, message?: string): void;
  end(span: S): void;
}

/** Spans per batch, as in issue 8 (and OpenTelemetry's default export batch). */
export const BATCH_SPANS = 512;

/** Resource attributes of both sides' spans. */
export const ENCODE_RESOURCE = {
  'service.name': 'checkout',
  'service.version': '1.4.2',
  'service.instance.id': '627cc493-f310-47de-96bd-71410b7dec09',
  'deployment.environment.name': 'production',
  'host.name': 'checkout-7d9f8b6c5-x2x7q',
  'telemetry.sdk.language': 'nodejs',
} as const;

/** Makes {@link BATCH_SPANS} spans (64 requests x 8). */
export function makeRealisticSpans<S>(m: SpanMaker<S>): void {
  for (let r = 0; r < BATCH_SPANS / 8; r++) {
    const failed = r % 16 === 15;
    const orderId = 48000 + r;
    const root = m.start('GET /api/orders/:id', 'server', {
      'http.request.method': 'GET',
      'http.route': '/api/orders/:id',
      'url.path': `/api/orders/${orderId}`,
      'url.scheme': 'https',
      'server.address': 'shop.example.com',
      'server.port': 443,
      'client.address': `10.0.${r & 255}.17`,
      'user_agent.original': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
      'http.response.status_code': failed ? 500 : 200,
    }, undefined);

    const auth = m.start('auth.verify', 'internal', { 'enduser.id': `u-${r * 7}`, 'auth.method': 'jwt' }, root);
    m.end(auth);

    const db = m.start('SELECT shop.orders', 'client', {
      'db.system.name': 'postgresql',
      'db.namespace': 'shop',
      'db.operation.name': 'SELECT',
      'db.collection.name': 'orders',
      'db.query.text': 'SELECT id, status, total, items FROM orders WHERE id = $1',
      'server.address': 'db.internal',
      'server.port': 5432,
    }, root);
    m.end(db);

    const cache = m.start('GET', 'client', { 'db.system.name': 'redis', 'db.operation.name': 'GET', 'server.address': 'cache.internal' }, root);
    m.event(cache, 'cache.miss', { 'cache.key': `order:${orderId}` });
    m.end(cache);

    const pay = m.start('POST', 'client', {
      'http.request.method': 'POST',
      'url.full': 'https://payments.internal/v2/authorizations',
      'server.address': 'payments.internal',
      'server.port': 443,
      'http.response.status_code': failed ? 503 : 201,
      'network.protocol.version': '1.1',
    }, root);
    if (failed) m.status(pay, false, 'upstream unavailable');
    m.end(pay);

    const pub = m.start('orders publish', 'producer', {
      'messaging.system': 'kafka',
      'messaging.destination.name': 'orders',
      'messaging.operation.type': 'send',
      'messaging.message.id': `m-${orderId}`,
    }, root);
    m.end(pub);

    const render = m.start('render', 'internal', { 'template': 'order.html' }, root);
    m.event(render, 'template.compiled', { 'template.cache': true, 'template.bytes': 18211 });
    m.end(render);

    const ser = m.start('serialize', 'internal', { 'format': ['json', 'gzip'] }, root);
    m.end(ser);

    if (failed) {
      m.event(root, 'exception', {
        'exception.type': 'PaymentError',
        'exception.message': 'payment authorization failed: upstream unavailable',
        'exception.stacktrace': 'PaymentError: payment authorization failed\n    at authorize (/app/src/payments.js:88:11)\n    at async handler (/app/src/orders.js:41:5)',
      });
      m.status(root, false, 'payment authorization failed');
    } else {
      m.status(root, true);
    }
    m.end(root);
  }
}
