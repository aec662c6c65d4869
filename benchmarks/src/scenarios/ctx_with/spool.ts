import { ROOT_CONTEXT, context, createContextKey } from '@spool/api';
import { AsyncLocalStorageContextManager } from '@spool/context-async';
import { runMicro } from '../../harness/micro-child.js';
import { checkContextWith } from '../../harness/context-check.js';

context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
const key = createContextKey('bench');
const ctx = ROOT_CONTEXT.setValue(key, 42);
let calls = 0;
const fn = (): void => { calls++; };

runMicro({
  impl: 'spool',
  op() {
    context.with(ctx, fn);
  },
  check: () => checkContextWith(context, ctx, key, () => calls),
});
