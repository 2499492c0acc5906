/**
 * Errors answered as `{"detail": ...}` (the old service's shape). Throw an HttpError from a
 * handler; anything else that escapes is a 500 with a generic detail (and logged).
 */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly detail: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = 'HttpError';
  }
}

export const notFound = (detail: string): HttpError => new HttpError(404, detail);

/** 401 with the challenge header a bearer-token client expects. */
export const unauthorized = (detail: string): HttpError => new HttpError(401, detail, { 'www-authenticate': 'Bearer' });
