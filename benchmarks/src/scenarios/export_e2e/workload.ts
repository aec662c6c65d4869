/** Resource attributes both sides of export_e2e send (so payloads are alike). */
export const E2E_RESOURCE = {
  'service.name': 'checkout',
  'service.version': '1.4.2',
  'deployment.environment.name': 'bench',
  'host.name': 'bench-host',
} as const;

/**
 * Eight server spans that export_e2e cycles through: a route name and the
 * attributes an HTTP server instrumentation sets at start.
 */
export const ROUTES: ReadonlyArray<{ name: string; attributes: Record<string, string | number> }> = [
  'GET /api/orders/:id', 'POST /api/orders', 'GET /api/cart', 'PUT /api/cart/items/:id',
  'GET /api/products', 'GET /api/products/:id', 'POST /api/checkout', 'GET /healthz',
].map((name, i) => ({
  name,
  attributes: {
    'http.request.method': name.split(' ')[0]!,
    'http.route': name.split(' ')[1]!,
    'url.scheme': 'https',
    'server.address': 'shop.example.com',
    'server.port': 443,
    'client.address': `10.0.${i}.17`,
  },
}));
