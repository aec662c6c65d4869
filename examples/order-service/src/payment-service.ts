import type { Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { propagation, SpanStatusCode } from '@spool/api';
import { ATTR_ERROR_TYPE } from '@spool/semconv';
import { tracedServer } from './traced-server.js';
import { b3Propagator, paymentTracing } from './tracing.js';

const tracer = paymentTracing.getTracer('example-payment-service', '0.1.0');

/** What the card network answers for a card that is refused. */
export class CardDeclinedError extends Error {
  override readonly name = 'CardDeclinedError';
}

/**
 * The payment service: `POST /charge` takes `{ orderId, amount, card }`. It
 * only understands B3 headers (and W3C baggage): its spans still join the
 * order's trace because the order service uses B3 on this hop. The card
 * ending in 0002 is declined: the exception is recorded on the span.
 */
export function paymentService(): Server {
  return tracedServer(tracer, b3Propagator, {
    'POST /charge': async (body, span) => {
      // Baggage set by the order service arrives across the B3 hop too.
      const tenant = propagation.getActiveBaggage()?.getEntry('tenantId')?.value;
      if (tenant !== undefined) span.setAttribute('tenant.id', tenant);
      const card = String(body['card'] ?? '');
      try {
        await tracer.startActiveSpan('authorize card', async (authorize) => {
          try {
            authorize.setAttribute('payment.card.last4', card.slice(-4));
            await sleep(8);
            if (card.endsWith('0002')) throw new CardDeclinedError('card declined by issuer');
            authorize.addEvent('card authorized', { 'payment.amount': Number(body['amount'] ?? 0) });
          } catch (err) {
            const error = err as Error;
            authorize.recordException(error);
            authorize.setAttribute(ATTR_ERROR_TYPE, error.name);
            authorize.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
            throw error;
          } finally {
            authorize.end();
          }
        });
      } catch (err) {
        if (err instanceof CardDeclinedError) return { status: 402, body: { error: err.message } };
        throw err;
      }
      return { status: 200, body: { charged: body['amount'] } };
    },
  });
}
