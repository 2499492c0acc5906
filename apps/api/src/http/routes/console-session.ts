/**
 * The console's session: POST /api/v1/auth/session signs in and sets the HttpOnly cookie (the token
 * never reaches the page's scripts), GET answers who is signed in with the CSRF token for writes,
 * DELETE revokes the session server-side and clears the cookie. Scripts keep /api/v1/auth/login.
 */
import { Type } from 'typebox';
import { revokeSession } from '../../db/users.js';
import { adminOf, sessionAuth } from '../auth.js';
import { clearedSessionCookie, csrfTokenFor, sessionCookie } from '../console-session.js';
import type { RouteModule } from '../context.js';
import { adminUserSchema, closedObject, errorSchema } from '../schemas.js';
import { publicUser, signIn } from '../sign-in.js';

const path = '/api/v1/auth/session';
const sessionSchema = Type.Object({ user: adminUserSchema, csrf_token: Type.String() });
const common = { tags: ['console session'] };

export const consoleSessionRoutes: RouteModule = (app, ctx) => {
  const onRequest = sessionAuth(ctx, ['super_admin', 'cliente_admin']);

  app.post(
    path,
    {
      schema: {
        ...common,
        summary: 'Console sign-in: sets the session cookie (HttpOnly, SameSite=Strict) and returns the CSRF token for writes',
        body: closedObject({
          email: Type.String({ minLength: 1, maxLength: 254 }),
          password: Type.String({ minLength: 1, maxLength: 256 }),
        }),
        response: { 200: sessionSchema, 401: errorSchema, 422: errorSchema, 429: errorSchema },
      },
    },
    async (request, reply) => {
      const { token, expiresAt, user } = await signIn(ctx, request.body, request.ip);
      reply.header('set-cookie', sessionCookie(request, token, expiresAt)).header('cache-control', 'no-store');
      return { user: publicUser(user), csrf_token: csrfTokenFor(token) };
    },
  );

  app.get(
    path,
    {
      onRequest,
      schema: { ...common, summary: "The cookie session's admin and CSRF token", response: { 200: sessionSchema, 401: errorSchema } },
    },
    async (request, reply) => {
      const token = request.cookieSessionToken;
      reply.header('cache-control', 'no-store');
      // A Bearer caller has no cookie to protect: its token is its own proof, so it gets no CSRF token to use.
      return { user: publicUser(adminOf(request)), csrf_token: token ? csrfTokenFor(token) : '' };
    },
  );

  app.delete(
    path,
    {
      onRequest,
      schema: {
        ...common,
        summary: 'Signs out: the session is revoked and the cookie cleared',
        response: { 204: Type.Null(), 401: errorSchema },
      },
    },
    async (request, reply) => {
      await revokeSession(ctx.db, request.sessionTokenHash!, ctx.now());
      return reply.header('set-cookie', clearedSessionCookie(request)).code(204).send(null);
    },
  );
};
