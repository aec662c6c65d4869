import { W3CBaggagePropagator } from '@opentelemetry/core';
import { runMicro } from '../../harness/micro-child.js';
import { propagationBenchmark } from '../../harness/propagation-benchmark.js';
import { otelPropagation } from '../../sides/otel-propagation.js';

runMicro(propagationBenchmark(otelPropagation(new W3CBaggagePropagator(), 'baggage')));
