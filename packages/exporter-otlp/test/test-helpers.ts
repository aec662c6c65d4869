// Small helpers shared by the exporter tests.
import { diag, DiagLogLevel } from '@spool/api';
import type { ExportResult, ReadableSpan, SpanExporter } from '@spool/sdk-trace';

/** Runs one export and resolves with its result. */
export function exportOnce(exporter: SpanExporter, spans: ReadableSpan[]): Promise<ExportResult> {
  return new Promise((resolve) => exporter.export(spans, resolve));
}

/** Captures diag messages while `fn` runs. */
export async function captureDiag<T>(fn: () => Promise<T>): Promise<{ result: T; messages: { level: string; text: string }[] }> {
  const messages: { level: string; text: string }[] = [];
  const log = (level: string) => (text: string, ...args: unknown[]) => {
    messages.push({ level, text: [text, ...args.map(String)].join(' ') });
  };
  diag.setLogger({ error: log('error'), warn: log('warn'), info: log('info'), debug: log('debug'), verbose: log('verbose') }, DiagLogLevel.ALL);
  try {
    const result = await fn();
    return { result, messages };
  } finally {
    diag.disable();
  }
}

/** Resolves after `ms` milliseconds (used to let a receiver come up later, never to assert timing). */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Fast retry schedule for tests. */
export const FAST_RETRY = { initialBackoffMillis: 5, maxBackoffMillis: 50, multiplier: 2, maxAttempts: 50 } as const;

/** Channel options that let grpc-js reconnect quickly in tests. */
export const FAST_RECONNECT = { 'grpc.initial_reconnect_backoff_ms': 20, 'grpc.max_reconnect_backoff_ms': 100 } as const;

/** A TCP proxy in front of a receiver that counts the bytes the client sends. */
export interface CountingProxy {
  readonly port: number;
  bytesFromClient: number;
  close(): Promise<void>;
}

export async function startCountingProxy(targetPort: number): Promise<CountingProxy> {
  const net = await import('node:net');
  const sockets = new Set<import('node:net').Socket>();
  const proxy: CountingProxy = { port: 0, bytesFromClient: 0, close: () => Promise.resolve() };
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    sockets.add(client);
    sockets.add(upstream);
    client.on('data', (chunk: Buffer) => {
      proxy.bytesFromClient += chunk.length;
    });
    client.pipe(upstream);
    upstream.pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end);
    upstream.on('error', end);
    client.on('close', end);
    upstream.on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  (proxy as { port: number }).port = (server.address() as { port: number }).port;
  proxy.close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return proxy;
}

/**
 * A TCP server that accepts connections and never answers: a frozen collector
 * pod whose connections stay open. `stopListening()` frees the port but keeps
 * the accepted connections open and silent, like a half-open path after the
 * pod was replaced; `close()` ends them.
 */
export interface SilentServer {
  readonly port: number;
  stopListening(): Promise<void>;
  close(): Promise<void>;
}

export async function startSilentServer(port = 0): Promise<SilentServer> {
  const net = await import('node:net');
  const sockets = new Set<import('node:net').Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('data', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  // server.close() releases the port at once but calls back only after every
  // accepted connection ended; the silent connections are ended by close().
  let closed: Promise<void> | undefined;
  const stopListening = () => {
    closed ??= new Promise<void>((resolve) => server.close(() => resolve()));
    return new Promise<void>((resolve) => setImmediate(resolve));
  };
  return {
    port: (server.address() as { port: number }).port,
    stopListening,
    close: async () => {
      await stopListening();
      for (const s of sockets) s.destroy();
      await closed;
    },
  };
}
