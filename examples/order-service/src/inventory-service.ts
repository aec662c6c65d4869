import type { Server } from 'node:http';
import { propagation } from '@spool/api';
import { FakeDatabase } from './fake-database.js';
import { tracedServer } from './traced-server.js';
import { inventoryTracing } from './tracing.js';

const tracer = inventoryTracing.getTracer('example-inventory-service', '0.1.0');
const db = new FakeDatabase(tracer, 'inventory');
const stock = new Map<string, number>([
  ['book-42', 12],
  ['lamp-7', 3],
]);

/**
 * The inventory service: `POST /reserve` takes `{ sku, quantity }` and holds
 * the stock. Reached over W3C Trace Context (the global propagator).
 */
export function inventoryService(): Server {
  return tracedServer(tracer, propagation, {
    'POST /reserve': async (body, span) => {
      const sku = String(body['sku']);
      const quantity = Number(body['quantity'] ?? 1);
      const tenant = propagation.getActiveBaggage()?.getEntry('tenantId')?.value;
      if (tenant !== undefined) span.setAttribute('tenant.id', tenant);
      await db.query({
        operation: 'UPDATE',
        collection: 'stock',
        text: 'UPDATE stock SET reserved = reserved + $1 WHERE sku = $2 AND available >= $1',
        latencyMillis: 4,
      });
      const left = (stock.get(sku) ?? 0) - quantity;
      if (left < 0) return { status: 409, body: { error: 'out of stock' } };
      stock.set(sku, left);
      span.addEvent('stock reserved', { 'inventory.sku': sku, 'inventory.remaining': left });
      return { status: 200, body: { sku, reserved: quantity } };
    },
  });
}
