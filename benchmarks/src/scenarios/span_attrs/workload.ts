/**
 * Values span_attrs sets, shared by both sides so they do identical work:
 * 4 attributes at start (strings), 6 set afterwards (int, int, string, bool,
 * double, string array) = 10 of mixed types, and the attributes of 2 events.
 */
export const START_ATTRIBUTES = {
  'http.request.method': 'GET',
  'url.path': '/api/orders/48213',
  'url.scheme': 'https',
  'server.address': 'shop.example.com',
} as const;

export const USER_AGENT = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';
export const ITEMS: string[] = ['sku-1001', 'sku-2002', 'sku-3003'];
export const CACHE_EVENT = { 'cache.key': 'order:48213', 'cache.backend': 'redis' } as const;
export const DB_EVENT = { 'db.rows': 3 } as const;
