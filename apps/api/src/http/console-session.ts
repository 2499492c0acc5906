/**
 * The console's session cookie. The browser holds the session token in an HttpOnly,
 * SameSite=Strict cookie (Secure when the request came over TLS, directly or as a trusted proxy
 * says), so no script can read it. A write made with the cookie must also carry the session's CSRF
 * token in `X-CSRF-Token`: the token is derived from the session token (a hash no other origin can
 * compute or read), so it needs no table and dies with the session.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';

export const SESSION_COOKIE = 'hs_session';
export const CSRF_HEADER = 'x-csrf-token';

/** Methods that change nothing: a cookie alone is enough for them. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The session token in the request's cookie, if any. */
export function cookieToken(request: FastifyRequest): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) return part.slice(eq + 1).trim() || undefined;
  }
  return undefined;
}

/** The `Set-Cookie` value that hands the browser a session until `expiresAt`. */
export function sessionCookie(request: FastifyRequest, token: string, expiresAt: Date): string {
  return `${SESSION_COOKIE}=${token}; Path=/; Expires=${expiresAt.toUTCString()}; HttpOnly; SameSite=Strict${secureFlag(request)}`;
}

/** The `Set-Cookie` value that makes the browser forget its session. */
export function clearedSessionCookie(request: FastifyRequest): string {
  return `${SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict${secureFlag(request)}`;
}

function secureFlag(request: FastifyRequest): string {
  // request.protocol reads X-Forwarded-Proto only when TRUST_PROXY says the proxy is trusted.
  return request.protocol === 'https' ? '; Secure' : '';
}

/** The CSRF token of the session whose token is `sessionToken`. */
export function csrfTokenFor(sessionToken: string): string {
  return createHash('sha256').update(`csrf:${sessionToken}`, 'utf8').digest('base64url');
}

/** Whether a request authenticated by cookie `sessionToken` may go on: reads always, writes with the session's CSRF token. */
export function csrfAllows(request: FastifyRequest, sessionToken: string): boolean {
  if (SAFE_METHODS.has(request.method)) return true;
  const sent = request.headers[CSRF_HEADER];
  if (typeof sent !== 'string') return false;
  const expected = Buffer.from(csrfTokenFor(sessionToken));
  const given = Buffer.from(sent);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
