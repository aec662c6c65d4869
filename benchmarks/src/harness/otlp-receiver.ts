import * as grpc from '@grpc/grpc-js';
import { countSpans } from './otlp-span-walker.js';

const EXPORT_PATH = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';
const identity = (b: Buffer): Buffer => b;
const EMPTY_RESPONSE = Buffer.alloc(0); // ExportTraceServiceResponse with no fields

/**
 * A local OTLP/gRPC trace receiver on 127.0.0.1, port 0, that counts the
 * Span messages it receives (decoding only the message nesting, see
 * otlp-span-walker.ts) and answers every request with success. Malformed
 * requests are counted and answered with INVALID_ARGUMENT.
 */
export class SpanCountingReceiver {
  spans = 0;
  requests = 0;
  malformed = 0;
  bytes = 0;
  private readonly server = new grpc.Server();
  private port = 0;

  /** Binds and starts; resolves with the port. */
  async start(): Promise<number> {
    const service: grpc.ServiceDefinition = {
      Export: {
        path: EXPORT_PATH,
        requestStream: false,
        responseStream: false,
        requestSerialize: identity,
        requestDeserialize: identity,
        responseSerialize: identity,
        responseDeserialize: identity,
      },
    };
    this.server.addService(service, {
      Export: (call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) => {
        this.requests++;
        this.bytes += call.request.length;
        try {
          this.spans += countSpans(call.request);
          callback(null, EMPTY_RESPONSE);
        } catch (err) {
          this.malformed++;
          callback({ code: grpc.status.INVALID_ARGUMENT, details: String(err) }, null);
        }
      },
    });
    this.port = await new Promise<number>((resolve, reject) => {
      this.server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, port) => (err ? reject(err) : resolve(port)));
    });
    return this.port;
  }

  /** Stops accepting and ends open calls. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.tryShutdown(() => resolve());
      // tryShutdown waits for open calls; a stuck client must not hang the harness.
      setTimeout(() => { this.server.forceShutdown(); resolve(); }, 2000).unref();
    });
  }
}
