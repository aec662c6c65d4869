import { randomUUID } from 'node:crypto';
import type { Attributes } from '@spool/api';
import { ATTR_SERVICE_INSTANCE_ID } from '@spool/semconv';
import type { Env } from './env-config.js';
import type { ResourceDetector } from './resource-detector.js';

/**
 * Gives `service.instance.id` a random UUID v4, made once per detector, so two
 * replicas of a service are told apart. Listed after the environment detector,
 * so an id set in `OTEL_RESOURCE_ATTRIBUTES` (the OpenTelemetry Operator sets
 * one) takes precedence.
 */
export class ServiceInstanceDetector implements ResourceDetector {
  readonly name = 'serviceinstance';
  private readonly id = randomUUID();

  detect(_env: Env): Attributes {
    return { [ATTR_SERVICE_INSTANCE_ID]: this.id };
  }
}
