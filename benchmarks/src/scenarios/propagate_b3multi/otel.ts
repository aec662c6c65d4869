import { B3InjectEncoding, B3Propagator } from '@opentelemetry/propagator-b3';
import { runMicro } from '../../harness/micro-child.js';
import { propagationBenchmark } from '../../harness/propagation-benchmark.js';
import { otelPropagation } from '../../sides/otel-propagation.js';

runMicro(propagationBenchmark(otelPropagation(new B3Propagator({ injectEncoding: B3InjectEncoding.MULTI_HEADER }), 'span')));
