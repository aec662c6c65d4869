// The public list of @spool/context-async.
export { AsyncLocalStorageContextManager } from './async-local-storage-context-manager.js';
