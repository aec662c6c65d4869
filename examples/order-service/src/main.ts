// The order-service example: three services on real node:http servers, traced by
// hand with the Spool API. Without OTEL_EXPORTER_OTLP_ENDPOINT each trace prints
// as a waterfall; with it, spans go to that collector over OTLP.
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { postJson } from './http-json.js';
import { inventoryService } from './inventory-service.js';
import { logger } from './logger.js';
import { orderService } from './order-service.js';
import { paymentService } from './payment-service.js';
import { stopTracing } from './tracing.js';

async function listen(server: Server): Promise<string> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { address, port } = server.address() as AddressInfo;
  return `http://${address}:${port}`;
}

async function close(server: Server): Promise<void> {
  server.close();
  await once(server, 'close');
}

const inventory = inventoryService();
const payment = paymentService();
const inventoryUrl = await listen(inventory);
const paymentUrl = await listen(payment);
const order = orderService({ inventoryUrl, paymentUrl });
const orderUrl = await listen(order);

try {
  // A customer of tenant "acme" buys a book and pays with a good card...
  const placed = await postJson(`${orderUrl}/orders`, { tenant: 'acme', sku: 'book-42', quantity: 1, amount: 25, card: '4242424242424242' });
  // ...then a lamp, with a card the issuer declines.
  const declined = await postJson(`${orderUrl}/orders`, { tenant: 'acme', sku: 'lamp-7', quantity: 1, amount: 90, card: '4000000000000002' });
  if (placed.status !== 201 || declined.status !== 402) {
    logger.error({ placed, declined }, 'unexpected answers');
    process.exitCode = 1;
  }
} finally {
  await Promise.all([close(order), close(inventory), close(payment)]);
  await stopTracing();
}
