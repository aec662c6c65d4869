import { W3CTraceContextPropagator } from '@spool/propagators';
import { runMicro } from '../../harness/micro-child.js';
import { propagationBenchmark } from '../../harness/propagation-benchmark.js';
import { spoolPropagation } from '../../sides/spool-propagation.js';

runMicro(propagationBenchmark(spoolPropagation(new W3CTraceContextPropagator(), 'span+tracestate')));
