/** POST /api/v1/auth/login, /logout, /change-password. */
import { revokeSession, revokeUserSessions, setUserPasswordHash } from '../../db/users.js';
import { hashPassword, verifyPassword } from '../../security/passwords.js';
import { adminOf, sessionAuth } from '../auth.js';
import type { RouteModule } from '../context.js';
import { HttpError } from '../errors.js';
import { publicUser, signIn } from '../sign-in.js';
import { Type } from 'typebox';
import { adminUserSchema, closedObject, errorSchema, messageSchema, passwordInput, sessionSecurity } from '../schemas.js';

export const authRoutes: RouteModule = (app, ctx) => {
  app.post(
    '/api/v1/auth/login',
    {
      schema: {
        summary: 'Admin login: returns a session token (an e-mail address, or `Name <address>`)',
        tags: ['auth'],
        body: closedObject({
          email: Type.String({ minLength: 1, maxLength: 254 }),
          password: Type.String({ minLength: 1, maxLength: 256 }),
        }),
        response: {
          200: Type.Object({
            access_token: Type.String(),
            token_type: Type.String(),
            expires_at: Type.String({ format: 'date-time' }),
            user: adminUserSchema,
          }),
          401: errorSchema,
          422: errorSchema,
          429: errorSchema,
        },
      },
    },
    async (request) => {
      const { token, expiresAt, user } = await signIn(ctx, request.body, request.ip);
      return { access_token: token, token_type: 'bearer', expires_at: expiresAt.toISOString(), user: publicUser(user) };
    },
  );

  app.post(
    '/api/v1/auth/logout',
    {
      onRequest: sessionAuth(ctx, ['super_admin', 'cliente_admin']),
      schema: {
        summary: 'Revokes the session token used',
        tags: ['auth'],
        security: sessionSecurity,
        response: { 200: messageSchema, 401: errorSchema },
      },
    },
    async (request) => {
      await revokeSession(ctx.db, request.sessionTokenHash!, ctx.now());
      return { message: 'Sesión cerrada exitosamente' };
    },
  );

  app.post(
    '/api/v1/auth/change-password',
    {
      onRequest: sessionAuth(ctx, ['super_admin', 'cliente_admin']),
      schema: {
        summary: "Changes the caller's password; other sessions are revoked",
        tags: ['auth'],
        security: sessionSecurity,
        body: closedObject({ current_password: Type.String({ minLength: 1, maxLength: 256 }), new_password: passwordInput }),
        response: { 200: messageSchema, 400: errorSchema, 401: errorSchema, 422: errorSchema, 429: errorSchema },
      },
    },
    async (request) => {
      const admin = adminOf(request);
      const attempt = await ctx.loginThrottle.begin(admin.email, request.ip);
      if (!(await verifyPassword(request.body.current_password, admin.password_hash))) {
        throw new HttpError(400, 'Contraseña actual incorrecta');
      }
      await attempt.succeeded();
      if (request.body.new_password === request.body.current_password) {
        throw new HttpError(400, 'La nueva contraseña debe ser distinta de la actual');
      }
      await setUserPasswordHash(ctx.db, admin.id, await hashPassword(request.body.new_password));
      await revokeUserSessions(ctx.db, admin.id, ctx.now(), request.sessionTokenHash!);
      return { message: 'Contraseña actualizada exitosamente' };
    },
  );
};
