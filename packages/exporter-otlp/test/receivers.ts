// In-process OTLP receivers for the tests: a @grpc/grpc-js server and a node:http(s)
// server on 127.0.0.1, each decoding what arrives with the independent test decoder
// (./otlp-decoder.ts), recording it, and answering as a test scripts it.
import * as grpc from '@grpc/grpc-js';
import * as http from 'node:http';
import * as https from 'node:https';
import { gunzipSync } from 'node:zlib';
import { decodeTraceRequest, encodeRpcStatus } from './otlp-decoder.js';

export interface Received {
  /** The request body after transport decompression. */
  readonly body: Uint8Array;
  /** The decoded request (OTLP/JSON form). */
  readonly request: any;
  /** gRPC metadata or HTTP headers, lower-case names. */
  readonly headers: Record<string, string>;
  /** HTTP: the request path. */
  readonly path?: string;
}

/** How the gRPC receiver answers a call. */
export interface GrpcReply {
  /** A gRPC status code; 0 or absent means OK. */
  readonly code?: number;
  readonly message?: string;
  /** Send google.rpc.RetryInfo with this delay in grpc-status-details-bin. */
  readonly retryDelayMillis?: number;
  /** Wait before answering. */
  readonly delayMillis?: number;
  /** An encoded ExportTraceServiceResponse (e.g. a partial success). */
  readonly response?: Uint8Array;
  /** Never answer: the call hangs until the client gives up (a stuck collector). */
  readonly hang?: boolean;
}

export interface TlsMaterial {
  readonly ca: Buffer;
  readonly cert: Buffer;
  readonly key: Buffer;
  /** Require and verify a client certificate signed by `ca`. */
  readonly requireClientCert?: boolean;
}

export interface Receiver {
  readonly port: number;
  /** Requests accepted (answered OK), in order. */
  readonly received: Received[];
  /** Calls seen, accepted or not. */
  calls: number;
  close(): Promise<void>;
}

const EXPORT_PATH = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';
const identity = (b: Buffer): Buffer => b;

export async function startGrpcReceiver(
  options: { port?: number; tls?: TlsMaterial; reply?: (call: number, req: any) => GrpcReply | undefined } = {},
): Promise<Receiver> {
  const server = new grpc.Server();
  const received: Received[] = [];
  const receiver: Receiver = {
    port: 0,
    received,
    calls: 0,
    close: () => {
      server.forceShutdown();
      return Promise.resolve();
    },
  };
  const pending = new Set<NodeJS.Timeout>();
  server.addService(
    {
      Export: {
        path: EXPORT_PATH,
        requestStream: false,
        responseStream: false,
        requestSerialize: identity,
        requestDeserialize: identity,
        responseSerialize: identity,
        responseDeserialize: identity,
        originalName: 'Export',
      },
    },
    {
      Export: (call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) => {
        const n = ++receiver.calls;
        const body = new Uint8Array(call.request);
        const request = decodeTraceRequest(body);
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(call.metadata.getMap())) headers[k] = String(v);
        const reply = options.reply?.(n, request) ?? {};
        if (reply.hang === true) return;
        const answer = () => {
          if (reply.code !== undefined && reply.code !== 0) {
            const metadata = new grpc.Metadata();
            if (reply.retryDelayMillis !== undefined) {
              metadata.set('grpc-status-details-bin', Buffer.from(encodeRpcStatus(reply.code, reply.message ?? '', reply.retryDelayMillis)));
            }
            callback({ code: reply.code, details: reply.message ?? 'refused', metadata });
            return;
          }
          received.push({ body, request, headers });
          callback(null, Buffer.from(reply.response ?? new Uint8Array(0)));
        };
        if (reply.delayMillis !== undefined) {
          const t = setTimeout(() => {
            pending.delete(t);
            answer();
          }, reply.delayMillis);
          pending.add(t);
        } else {
          answer();
        }
      },
    },
  );
  const credentials = options.tls
    ? grpc.ServerCredentials.createSsl(
        options.tls.ca,
        [{ private_key: options.tls.key, cert_chain: options.tls.cert }],
        options.tls.requireClientCert ?? false,
      )
    : grpc.ServerCredentials.createInsecure();
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`127.0.0.1:${options.port ?? 0}`, credentials, (err, p) => (err ? reject(err) : resolve(p)));
  });
  (receiver as { port: number }).port = port;
  receiver.close = () => {
    for (const t of pending) clearTimeout(t);
    pending.clear();
    server.forceShutdown();
    return Promise.resolve();
  };
  return receiver;
}

/** How the HTTP receiver answers a request. */
export interface HttpReply {
  readonly status?: number;
  readonly headers?: Record<string, string>;
  readonly body?: Uint8Array | string;
  readonly delayMillis?: number;
}

export async function startHttpReceiver(
  options: { port?: number; tls?: TlsMaterial; reply?: (call: number, req: any) => HttpReply | undefined } = {},
): Promise<Receiver> {
  const received: Received[] = [];
  const pending = new Set<NodeJS.Timeout>();
  const receiver: Receiver = { port: 0, received, calls: 0, close: () => Promise.resolve() };
  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const n = ++receiver.calls;
      let raw = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip') raw = gunzipSync(raw);
      const body = new Uint8Array(raw);
      const json = (req.headers['content-type'] ?? '').includes('json');
      const request = json ? JSON.parse(raw.toString('utf8')) : decodeTraceRequest(body);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) headers[k] = String(v);
      const reply = options.reply?.(n, request) ?? {};
      const answer = () => {
        const status = reply.status ?? 200;
        if (status >= 200 && status < 300) received.push({ body, request, headers, path: req.url ?? '' });
        res.writeHead(status, { 'content-type': json ? 'application/json' : 'application/x-protobuf', ...(reply.headers ?? {}) });
        res.end(reply.body ?? (json ? '{}' : Buffer.alloc(0)));
      };
      if (reply.delayMillis !== undefined) {
        const t = setTimeout(() => {
          pending.delete(t);
          answer();
        }, reply.delayMillis);
        pending.add(t);
      } else {
        answer();
      }
    });
  };
  const server = options.tls
    ? https.createServer(
        { ca: options.tls.ca, cert: options.tls.cert, key: options.tls.key, requestCert: options.tls.requireClientCert ?? false, rejectUnauthorized: options.tls.requireClientCert ?? false },
        handler,
      )
    : http.createServer(handler);
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve((server.address() as { port: number }).port));
  });
  (receiver as { port: number }).port = port;
  receiver.close = () =>
    new Promise<void>((resolve) => {
      for (const t of pending) clearTimeout(t);
      pending.clear();
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return receiver;
}

/** Span names of everything a receiver accepted, in order. */
export function receivedSpanNames(r: Receiver): string[] {
  const out: string[] = [];
  for (const x of r.received) {
    const rs = x.request.resourceSpans ?? [];
    for (const s of rs) for (const ss of s.scopeSpans ?? []) for (const sp of ss.spans ?? []) out.push(sp.name);
  }
  return out;
}
