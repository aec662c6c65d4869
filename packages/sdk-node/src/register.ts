/**
 * Zero-code entry: `node --import @spool/sdk-node/register app.js` (ES modules)
 * or `node --require @spool/sdk-node/register app.js` (CommonJS) starts tracing
 * configured by the `OTEL_*` environment alone, as the OpenTelemetry Operator
 * injects it. Importing it again returns the same handle.
 *
 * ```ts
 * import { tracing } from '@spool/sdk-node/register';
 * await tracing.shutdown();
 * ```
 *
 * Never stops the application from starting: should setting up fail
 * unexpectedly, the error is printed and tracing stays off.
 */
import { NodeSDK, startTracing } from './node-sdk.js';
import type { TracingHandle } from './node-sdk.js';

function start(): TracingHandle {
  try {
    return startTracing();
  } catch (err) {
    // Only reachable through a bug: the environment alone never makes startTracing throw.
    console.error(`@spool/sdk-node/register: tracing could not start and is off: ${String(err)}`);
    return new NodeSDK({ env: {}, registerGlobal: false });
  }
}

/** The handle of the tracing this entry started. */
export const tracing: TracingHandle = start();
