import { request } from 'node:http';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';

/** A JSON response as the services exchange them. */
export interface JsonResponse {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/** Sends `body` as JSON to `url` and parses the JSON answer. No keep-alive, so the example exits cleanly. */
export function postJson(url: string, body: unknown, headers: OutgoingHttpHeaders = {}): Promise<JsonResponse> {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body);
    const req = request(
      url,
      {
        method: 'POST',
        agent: false,
        headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (res) => {
        readBody(res).then(
          (text) => resolve({ status: res.statusCode ?? 0, body: parseObject(text) }),
          reject,
        );
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** Reads and parses a JSON request body; `{}` when it is empty or not an object. */
export async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  return parseObject(await readBody(req));
}

/** Writes `body` as a JSON response. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
  res.end(payload);
}

function readBody(stream: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => (text += chunk));
    stream.on('end', () => resolve(text));
    stream.on('error', reject);
  });
}

function parseObject(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
