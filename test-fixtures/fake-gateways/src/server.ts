import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A request as the fakes' handlers see it: JSON body already parsed. */
export interface FakeRequest {
  method: string;
  url: URL;
  headers: IncomingMessage['headers'];
  /** The parsed JSON body; undefined when there was none. */
  body: unknown;
}

/**
 * A handler's answer: JSON `body`, or with `contentType` the body as is (a string or bytes: a page,
 * an image, a script). `hang` means never answer (the socket is destroyed when the fake closes).
 */
export type FakeAnswer = { status: number; body: unknown; contentType?: string } | 'hang';

/** A running fake HTTP server. */
export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** Bad JSON in a request body; the fakes answer it with a 400. */
export class InvalidJsonError extends Error {
  constructor(override readonly cause: unknown) {
    super('request body is not valid JSON');
    this.name = 'InvalidJsonError';
  }
}

/**
 * Starts a real HTTP server on 127.0.0.1 (port 0 unless given) that hands each request to
 * `handle`, after an optional fixed latency. close() ends hanging requests too.
 */
export async function startServer(
  handle: (request: FakeRequest) => Promise<FakeAnswer> | FakeAnswer,
  options: { port?: number; latencyMs?: number } = {},
): Promise<RunningServer> {
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    void serve(req, res).catch((error: unknown) => send(res, 500, { message: String(error) }));
  });

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // The gateways' APIs answer browsers of any origin (their JS SDKs call them from the merchant's page).
    res.setHeader('access-control-allow-origin', '*');
    let body: unknown;
    try {
      body = await readJson(req);
    } catch (error) {
      if (error instanceof InvalidJsonError) return send(res, 400, { message: error.message });
      throw error;
    }
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'access-control-allow-methods': 'GET, POST, PUT, OPTIONS',
        'access-control-allow-headers': req.headers['access-control-request-headers'] ?? '*',
        'access-control-max-age': '600',
      });
      res.end();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://fake.invalid');
    const answer = await handle({ method: req.method ?? 'GET', url, headers: req.headers, body });
    if (answer === 'hang') return;
    if (options.latencyMs) await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
    if (answer.contentType !== undefined) sendRaw(res, answer.status, answer.contentType, answer.body as string | Buffer);
    else send(res, answer.status, answer.body);
  }

  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new InvalidJsonError(error);
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  sendRaw(res, status, 'application/json', JSON.stringify(body));
}

function sendRaw(res: ServerResponse, status: number, contentType: string, body: string | Buffer): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** Reads a field of an unknown JSON value without trusting its shape. */
export function field(value: unknown, ...path: Array<string | number>): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

/** A header's single value (Node joins repeated headers, so the first is enough here). */
export function header(request: FakeRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
