// The public list of @spool/sdk-node. Values first, then types.

export { startTracing, NodeSDK } from './node-sdk.js';
export { readEnvConfig } from './env-config.js';
export { WaterfallSpanExporter } from './waterfall-span-exporter.js';
export { renderWaterfall } from './render-waterfall.js';
export { traceLogFields } from './trace-log-fields.js';
export { installShutdownHandlers } from './shutdown-handlers.js';
export { registerWithOpenTelemetryApi } from './open-telemetry-api-bridge.js';
export { detectResources } from './detect-resources.js';
export { EnvDetector } from './env-detector.js';
export { HostDetector } from './host-detector.js';
export { OsDetector } from './os-detector.js';
export { ProcessDetector } from './process-detector.js';
export { ContainerDetector, containerIdFromCgroup, containerIdFromMountinfo } from './container-detector.js';
export { KubernetesDetector } from './kubernetes-detector.js';
export { ServiceInstanceDetector } from './service-instance-detector.js';

export type { NodeSDKOptions, TracingHandle } from './node-sdk.js';
export type { Env, EnvConfig, BatchProcessorEnvConfig, SpanLimitsEnvConfig } from './env-config.js';
export type { WaterfallSpanExporterOptions, WaterfallOutput } from './waterfall-span-exporter.js';
export type { RenderWaterfallOptions } from './render-waterfall.js';
export type { TraceLogFields } from './trace-log-fields.js';
export type { ShutdownHandlerOptions, ShutdownHandlers, Flushable } from './shutdown-handlers.js';
export type { OpenTelemetryApiRegistration, OpenTelemetryApiBridgeResult } from './open-telemetry-api-bridge.js';
export type { DetectResourcesOptions } from './detect-resources.js';
export type { ResourceDetector } from './resource-detector.js';
export type { HostDetectorOptions } from './host-detector.js';
export type { ContainerDetectorOptions } from './container-detector.js';
export type { KubernetesDetectorOptions } from './kubernetes-detector.js';
