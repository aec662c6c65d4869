import type { Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { context, propagation } from '@spool/api';
import { FakeDatabase } from './fake-database.js';
import { logger } from './logger.js';
import { tracedPost } from './traced-client.js';
import { tracedServer } from './traced-server.js';
import { b3Propagator, orderTracing } from './tracing.js';

const tracer = orderTracing.getTracer('example-order-service', '0.1.0');
const db = new FakeDatabase(tracer, 'orders');

/** Where the order service finds the other two. */
export interface Peers {
  readonly inventoryUrl: string;
  readonly paymentUrl: string;
}

/**
 * The order service: `POST /orders` takes `{ sku, quantity, amount, card }`
 * and an `x-tenant-id` header. It puts the tenant into baggage, reserves stock
 * (W3C Trace Context hop), stores the order, and charges the card (B3 hop).
 */
export function orderService(peers: Peers): Server {
  return tracedServer(tracer, propagation, {
    'POST /orders': async (body, span) => {
      const orderId = randomUUID();
      span.setAttribute('order.id', orderId);
      span.addEvent('order received', { 'order.sku': String(body['sku']), 'order.quantity': Number(body['quantity'] ?? 1) });

      // Baggage travels with the context to every service downstream.
      const tenant = String(body['tenant'] ?? 'unknown');
      const baggage = (propagation.getActiveBaggage() ?? propagation.createBaggage()).setEntry('tenantId', { value: tenant });
      return context.with(propagation.setBaggage(context.active(), baggage), async () => {
        const reserved = await tracedPost(tracer, propagation, `${peers.inventoryUrl}/reserve`, {
          sku: body['sku'],
          quantity: body['quantity'],
        });
        if (reserved.status !== 200) return { status: 409, body: { orderId, error: reserved.body['error'] } };

        await db.query({
          operation: 'INSERT',
          collection: 'orders',
          text: 'INSERT INTO orders (id, tenant, sku, quantity) VALUES ($1, $2, $3, $4)',
          latencyMillis: 6,
        });

        const charged = await tracedPost(tracer, b3Propagator, `${peers.paymentUrl}/charge`, {
          orderId,
          amount: body['amount'],
          card: body['card'],
        });
        if (charged.status !== 200) {
          span.addEvent('payment declined', { 'order.id': orderId });
          logger.warn({ orderId, tenant }, 'payment declined');
          return { status: 402, body: { orderId, error: charged.body['error'] } };
        }
        logger.info({ orderId, tenant }, 'order placed');
        return { status: 201, body: { orderId } };
      });
    },
  });
}
