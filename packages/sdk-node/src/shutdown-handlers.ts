import { constants } from 'node:os';
import { diag } from '@spool/api';

/** Marks the signal listeners installed here (shared by every copy of this package). */
const SPOOL_LISTENER = Symbol.for('@spool/sdk-node.shutdown-listener');

/** Options of {@link installShutdownHandlers}. */
export interface ShutdownHandlerOptions {
  /** Signals that flush before the process stops. Default `['SIGTERM', 'SIGINT']`. */
  readonly signals?: readonly NodeJS.Signals[];
  /** How long a signal waits for the flush before letting the process stop anyway. Default 5000 ms. */
  readonly timeoutMillis?: number;
  /** Also flush on `beforeExit` (the event loop ran empty). Default true. */
  readonly flushOnBeforeExit?: boolean;
}

/** What {@link installShutdownHandlers} returns. */
export interface ShutdownHandlers {
  /** Removes the listeners; idempotent. */
  uninstall(): void;
}

/** What the handlers flush: a tracing handle, or anything with the same two methods. */
export interface Flushable {
  /** Delivers what is queued and keeps tracing on. */
  forceFlush(): Promise<void>;
  /** Delivers what is queued and turns tracing off. */
  shutdown(): Promise<void>;
}

/**
 * Makes queued spans reach the exporter when the process is asked to stop —
 * Kubernetes stops a pod with SIGTERM, a terminal with SIGINT — and when it
 * ends normally.
 *
 * On each of `signals` (the listener is prepended, so it sees every other
 * listener of that signal, including `once` ones):
 * - when the application has no listener of its own, `target.shutdown()` runs,
 *   given `timeoutMillis`; then Node's default action is restored and the
 *   signal raised again, so the process still ends "killed by SIGTERM" as it
 *   would have without tracing. A second signal meanwhile stops it at once.
 *   As PID 1 (where the kernel would ignore the re-raised signal) the process
 *   exits with status 128 + the signal number instead.
 * - when the application has listeners, they run as usual and decide when the
 *   process exits; `target.forceFlush()` runs alongside (deadline
 *   `timeoutMillis`) and tracing stays on, so requests still draining are
 *   traced. Their spans are delivered by `beforeExit` — or, if the handler
 *   calls `process.exit()`, by the handler awaiting the handle's `shutdown()`
 *   first.
 *
 * On `beforeExit` (the event loop ran empty; Node does not emit it on
 * `process.exit()` or a fatal exception) `target.shutdown()` runs once.
 *
 * Errors from the target are reported through `diag.error`, never thrown.
 */
export function installShutdownHandlers(
  target: Flushable,
  options: ShutdownHandlerOptions = {},
): ShutdownHandlers {
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  const timeoutMillis = options.timeoutMillis !== undefined && options.timeoutMillis >= 0 ? options.timeoutMillis : 5000;
  let stopping = false;
  let installed = true;

  const run = (what: 'shutdown' | 'forceFlush'): Promise<void> => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<void>((resolve) => {
      // Ref'd on purpose: it keeps the process alive until the flush ends or the deadline passes.
      timer = setTimeout(() => {
        diag.warn(`@spool/sdk-node: ${what} did not finish within ${timeoutMillis} ms; going on without it`);
        resolve();
      }, timeoutMillis);
    });
    // Started synchronously, so the flush is under way before any application
    // listener of the same signal runs.
    let started: Promise<void>;
    try {
      started = Promise.resolve(what === 'shutdown' ? target.shutdown() : target.forceFlush());
    } catch (err) {
      started = Promise.reject(err);
    }
    const done = started.catch((err: unknown) => diag.error(`@spool/sdk-node: ${what} failed: ${String(err)}`));
    return Promise.race([done, deadline]).finally(() => clearTimeout(timer));
  };

  const listeners = new Map<NodeJS.Signals, () => void>();
  for (const signal of signals) {
    const onSignal = (): void => {
      // Listeners of other tracing handles are not the application's.
      const appHandles = process.listeners(signal).some((l) => !(SPOOL_LISTENER in l));
      if (appHandles) {
        void run('forceFlush');
        return;
      }
      if (stopping) {
        reraise(signal);
        return;
      }
      stopping = true;
      // Even if shutdown() uninstalled these listeners, the signal still has to end the process.
      void run('shutdown').then(() => reraise(signal));
    };
    Object.defineProperty(onSignal, SPOOL_LISTENER, { value: true });
    listeners.set(signal, onSignal);
    process.prependListener(signal, onSignal);
  }

  let beforeExitDone = false;
  const onBeforeExit = (): void => {
    if (beforeExitDone || stopping) return;
    beforeExitDone = true;
    void run('shutdown');
  };
  if (options.flushOnBeforeExit !== false) process.on('beforeExit', onBeforeExit);

  const uninstall = (): void => {
    if (!installed) return;
    installed = false;
    for (const [signal, listener] of listeners) process.removeListener(signal, listener);
    process.removeListener('beforeExit', onBeforeExit);
  };

  /** Restores the default action and raises the signal again: the process ends as Node would have ended it. */
  const reraise = (signal: NodeJS.Signals): void => {
    uninstall();
    if (process.listenerCount(signal) !== 0) return;
    if (process.pid === 1) {
      // As PID 1 (a container without an init process) the kernel ignores a signal
      // that has no handler, so re-raising would leave the pod running until
      // SIGKILL. Exit with the status a shell reports for "killed by <signal>".
      process.exit(128 + (constants.signals[signal] ?? 15));
    }
    process.kill(process.pid, signal);
  };

  return { uninstall };
}
