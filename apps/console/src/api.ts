/**
 * Calls to the service from the console: same origin, the session in its HttpOnly cookie (sent by
 * the browser, unreadable here), and the session's CSRF token on every write.
 */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
  ) {
    super(detail);
    this.name = 'ApiError';
  }
}

export const SESSION_PATH = '/api/v1/auth/session';

let csrfToken = '';
let onUnauthorized: () => void = () => {};

/** The CSRF token the session answers gave; sent with every write. */
export function setCsrfToken(token: string): void {
  csrfToken = token;
}

/** What to do when the service says the session is gone (expired, revoked elsewhere). */
export function whenUnauthorized(handler: () => void): void {
  onUnauthorized = handler;
}

function detailOf(body: unknown, fallback: string): string {
  const detail = (body as { detail?: unknown } | null)?.detail;
  if (typeof detail === 'string') return detail;
  return detail === undefined ? fallback : JSON.stringify(detail);
}

/** One JSON call; a non-2xx answer throws ApiError with the service's `detail`. */
export function api<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
  if (body === undefined) return send<T>(method, path);
  return send<T>(method, path, JSON.stringify(body), { 'content-type': 'application/json' });
}

/** A file sent as the multipart field `field` (the browser writes the boundary); the answer as api()'s. */
export function upload<T = unknown>(path: string, field: string, file: File): Promise<T> {
  const form = new FormData();
  form.append(field, file);
  return send<T>('POST', path, form);
}

async function send<T>(method: string, path: string, body?: BodyInit, contentType: Record<string, string> = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...contentType };
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken;
  const response = await fetch(path, { method, headers, credentials: 'same-origin', ...(body === undefined ? {} : { body }) });
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: the text is the answer
  }
  if (!response.ok) {
    if (response.status === 401 && !(method === 'POST' && path === SESSION_PATH)) onUnauthorized();
    throw new ApiError(response.status, detailOf(parsed, response.statusText));
  }
  return parsed as T;
}

/** Offers `text` as a file download named `name`. */
export function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  URL.revokeObjectURL(url);
}
