import { B3InjectEncoding, B3Propagator, CompositePropagator, W3CBaggagePropagator } from '@spool/propagators';
import { readEnvConfig, startTracing, WaterfallSpanExporter } from '@spool/sdk-node';
import type { TracingHandle } from '@spool/sdk-node';

// Without a collector to send to, print each trace as a waterfall. One exporter
// is shared by the three services so that a trace crossing them prints as one.
const config = readEnvConfig();
const waterfall =
  !config.otlpEndpointSet && process.env['OTEL_TRACES_EXPORTER'] === undefined ? new WaterfallSpanExporter() : undefined;
const exporter = waterfall !== undefined ? { traceExporter: waterfall } : {};
const resource = { 'service.namespace': 'shop', 'deployment.environment.name': 'example' };

/**
 * The payment service is an older one that only speaks B3 (plus W3C baggage):
 * the order service uses this propagator on that hop, and payment extracts with it.
 */
export const b3Propagator = new CompositePropagator({
  propagators: [new B3Propagator({ injectEncoding: B3InjectEncoding.MULTI_HEADER }), new W3CBaggagePropagator()],
});

/** The order service: registered globally (W3C tracecontext + baggage from OTEL_PROPAGATORS). */
export const orderTracing: TracingHandle = startTracing({ serviceName: 'order', resource, ...exporter });

// The three services share one process here, so the other two get their own
// providers (for their own service.name) without taking over the globals.
export const inventoryTracing: TracingHandle = startTracing({ serviceName: 'inventory', resource, registerGlobal: false, ...exporter });
export const paymentTracing: TracingHandle = startTracing({
  serviceName: 'payment',
  resource,
  registerGlobal: false,
  propagator: b3Propagator,
  ...exporter,
});

/** Flushes and stops the three providers: the waterfall, or the OTLP export, completes here. */
export async function stopTracing(): Promise<void> {
  await Promise.all([inventoryTracing.shutdown(), paymentTracing.shutdown()]);
  await orderTracing.shutdown();
}
