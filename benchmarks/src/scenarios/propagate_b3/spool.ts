import { B3InjectEncoding, B3Propagator } from '@spool/propagators';
import { runMicro } from '../../harness/micro-child.js';
import { propagationBenchmark } from '../../harness/propagation-benchmark.js';
import { spoolPropagation } from '../../sides/spool-propagation.js';

runMicro(propagationBenchmark(spoolPropagation(new B3Propagator({ injectEncoding: B3InjectEncoding.SINGLE_HEADER }), 'span')));
