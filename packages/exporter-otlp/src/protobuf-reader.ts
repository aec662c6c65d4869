import { createRequire } from 'node:module';
import type * as Protobuf from 'protobufjs/minimal.js';

let protobuf: typeof Protobuf | undefined;

/**
 * A protobufjs `Reader` over `bytes`. protobufjs is loaded on the first call
 * (a response to decode), not at import: it costs tens of milliseconds of
 * start-up in containers and a process that never exports never needs it.
 * @internal
 */
export function protobufReader(bytes: Uint8Array): Protobuf.Reader {
  protobuf ??= createRequire(import.meta.url)('protobufjs/minimal.js') as typeof Protobuf;
  return protobuf.Reader.create(bytes);
}
