/** A plain HTTP client for the hotspot servlet: no redirects followed, a chosen source address (one per "device"). */
import { request } from 'node:http';

export interface HttpAnswer {
  status: number;
  statusText: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface HttpOptions {
  method?: string;
  /** Sent as application/x-www-form-urlencoded. */
  form?: Record<string, string>;
  /** Raw body (instead of `form`). */
  body?: string;
  /** Source address, e.g. 127.0.0.2: the servlet tells devices apart by it. */
  localAddress?: string;
}

export function http(url: string, options: HttpOptions = {}): Promise<HttpAnswer> {
  const body = options.form ? new URLSearchParams(options.form).toString() : options.body;
  return new Promise((resolve, reject) => {
    const outgoing = request(
      url,
      {
        method: options.method ?? (body === undefined ? 'GET' : 'POST'),
        ...(options.localAddress ? { localAddress: options.localAddress } : {}),
        headers: body === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            statusText: response.statusMessage ?? '',
            headers: response.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}
