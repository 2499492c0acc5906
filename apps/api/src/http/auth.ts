/**
 * Request authentication, as `onRequest` hooks. Admin routes take a session token
 * (`Authorization: Bearer`, or the console's cookie with its CSRF token on writes: console-session.ts);
 * captive portal routes take a router API key (`X-API-Key`, or
 * `Authorization: Bearer` as the old service read it). Handlers then read the caller through
 * `adminOf(request)` / `grantOf(request)`.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { findApiKeyGrant, type ApiKeyGrant } from '../db/routers.js';
import type { Role } from '../db/schema.js';
import { findSessionUser, isExpiredSession, type UserRow } from '../db/users.js';
import { hashToken } from '../security/tokens.js';
import { apiKeyHash } from './api-keys.js';
import type { AppContext } from './context.js';
import { cookieToken, csrfAllows } from './console-session.js';
import { HttpError, unauthorized } from './errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The admin behind the session token; set by `sessionAuth`. */
    admin: UserRow | null;
    /** Hash of the session token used (logout and password change need it). */
    sessionTokenHash: string | null;
    /** The session token itself when it came in the console's cookie (its CSRF token derives from it). */
    cookieSessionToken: string | null;
    /** The router and empresa an API key opens; set by `apiKeyAuth`. */
    apiKey: ApiKeyGrant | null;
  }
}

/** An `onRequest` hook (auth runs before the body is read, so an anonymous caller learns nothing from validation). */
export type AuthHook = (request: FastifyRequest) => Promise<void>;

/** Registers the request fields the auth hooks fill in. */
export function decorateAuth(app: FastifyInstance): void {
  app.decorateRequest('admin', null);
  app.decorateRequest('sessionTokenHash', null);
  app.decorateRequest('cookieSessionToken', null);
  app.decorateRequest('apiKey', null);
}

function bearerToken(request: FastifyRequest): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  return match?.[1];
}

/**
 * The old service's words (FastAPI's HTTPBearer): no credential at all, or an Authorization header of
 * another scheme. It answered them 403; here they are 401 (RFC 9110: not authenticated), on which the
 * console returns to its sign-in page.
 */
function missingCredential(request: FastifyRequest): HttpError {
  return unauthorized(request.headers.authorization ? 'Invalid authentication credentials' : 'Not authenticated');
}

/** The old service's 403 for a session of the wrong role: `Se requiere rol SUPER_ADMIN`. */
function roleRequired(roles: readonly Role[]): HttpError {
  return new HttpError(403, `Se requiere rol ${roles.map((role) => role.toUpperCase()).join(' o ')}`);
}

/** Requires a live session of a user with one of `roles` (401 without one, 403 with another role). */
export function sessionAuth(ctx: AppContext, roles: readonly Role[]): AuthHook {
  return async (request) => {
    const bearer = bearerToken(request);
    const cookie = bearer === undefined ? cookieToken(request) : undefined;
    const token = bearer ?? cookie;
    if (token === undefined) throw missingCredential(request);
    // Checked before the session is looked up: a forged cross-site write learns nothing either way.
    if (cookie !== undefined && !csrfAllows(request, cookie)) throw new HttpError(403, 'Falta el token CSRF o no es válido');
    const tokenHash = hashToken(token);
    const now = ctx.now();
    const user = await findSessionUser(ctx.db, tokenHash, now);
    if (!user) throw unauthorized((await isExpiredSession(ctx.db, tokenHash, now)) ? 'Token expirado' : 'Token inválido');
    if (!roles.includes(user.rol)) throw roleRequired(roles);
    request.admin = user;
    request.sessionTokenHash = tokenHash;
    request.cookieSessionToken = cookie ?? null;
  };
}

/** Every hook `apiKeyAuth` made, so `takesApiKey` can tell the routes it guards. */
const apiKeyHooks = new WeakSet<AuthHook>();

/** Whether a route's `onRequest` hooks include `apiKeyAuth`: its credential is a header, never a cookie (cors.ts). */
export function takesApiKey(onRequest: unknown): boolean {
  const hooks: unknown[] = Array.isArray(onRequest) ? onRequest : [onRequest];
  return hooks.some((hook) => typeof hook === 'function' && apiKeyHooks.has(hook as AuthHook));
}

/** Requires a live API key of an active router of an active empresa (401 otherwise, never 500). */
export function apiKeyAuth(ctx: AppContext): AuthHook {
  const hook: AuthHook = async (request) => {
    const header = request.headers['x-api-key'];
    const key = (typeof header === 'string' && header.trim()) || bearerToken(request);
    if (!key) throw missingCredential(request);
    const grant = await findApiKeyGrant(ctx.db, apiKeyHash(key), ctx.now());
    // The old service's words for an unknown or revoked key; an expired key, or one of an inactive
    // router or empresa, answers the same here rather than saying which.
    if (!grant) throw unauthorized('API Key no válida o revocada');
    request.apiKey = grant;
  };
  apiKeyHooks.add(hook);
  return hook;
}

/** The authenticated admin; only valid behind `sessionAuth`. */
export function adminOf(request: FastifyRequest): UserRow {
  if (!request.admin) throw unauthorized('No autenticado');
  return request.admin;
}

/** The API key's grant; only valid behind `apiKeyAuth`. */
export function grantOf(request: FastifyRequest): ApiKeyGrant {
  if (!request.apiKey) throw unauthorized('API key requerida');
  return request.apiKey;
}
