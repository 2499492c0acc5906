/** POST /api/v1/auth/login, /logout, /change-password. */
import { insertSession, findUserByEmail, revokeSession, revokeUserSessions, setUserPasswordHash } from '../../db/users.js';
import { findCompany } from '../../db/companies.js';
import { hashPassword, needsRehash, verifyPassword } from '../../security/passwords.js';
import { issueToken } from '../../security/tokens.js';
import { adminOf, sessionAuth } from '../auth.js';
import type { RouteModule } from '../context.js';
import { HttpError, unauthorized } from '../errors.js';
import { Type } from 'typebox';
import { closedObject, errorSchema, nullable, passwordInput, sessionSecurity } from '../schemas.js';

const SESSION_TOKEN_PREFIX = 'hss_';
const messageSchema = Type.Object({ message: Type.String() });

export const authRoutes: RouteModule = (app, ctx) => {
  app.post(
    '/api/v1/auth/login',
    {
      schema: {
        summary: 'Admin login: returns a session token',
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
            user: Type.Object({
              id: Type.Integer(),
              email: Type.String(),
              nombre: Type.String(),
              rol: Type.String(),
              empresa_id: nullable(),
              activo: Type.Boolean(),
            }),
          }),
          401: errorSchema,
          403: errorSchema,
          429: errorSchema,
        },
      },
    },
    async (request) => {
      const email = request.body.email.trim().toLowerCase();
      const attempt = await ctx.loginThrottle.begin(email, request.ip);
      const usuario = await findUserByEmail(ctx.db, email);
      const passwordMatches = await verifyPassword(request.body.password, usuario?.password_hash);
      // An inactive account gets the same answer whatever the password, so it does not confirm a guess.
      if (usuario && !usuario.activo) throw new HttpError(403, 'Usuario inactivo');
      if (usuario?.empresa_id && !(await findCompany(ctx.db, usuario.empresa_id))?.activa) {
        throw new HttpError(403, 'Empresa inactiva');
      }
      if (!usuario || !passwordMatches) throw unauthorized('Email o contraseña incorrectos');
      await attempt.succeeded();
      if (needsRehash(usuario.password_hash)) await setUserPasswordHash(ctx.db, usuario.id, await hashPassword(request.body.password));
      const { token, hash } = issueToken(SESSION_TOKEN_PREFIX);
      const expiresAt = new Date(ctx.now().getTime() + ctx.config.sessionTtlHours * 3_600_000);
      await insertSession(ctx.db, { tokenHash: hash, userId: usuario.id, expiresAt });
      const { id, nombre, rol, empresa_id, activo } = usuario;
      return {
        access_token: token,
        token_type: 'bearer',
        expires_at: expiresAt.toISOString(),
        user: { id, email: usuario.email, nombre, rol, empresa_id, activo },
      };
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
      return { message: 'Sesión cerrada' };
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
        response: { 200: messageSchema, 400: errorSchema, 401: errorSchema, 429: errorSchema },
      },
    },
    async (request) => {
      const admin = adminOf(request);
      const attempt = await ctx.loginThrottle.begin(admin.email, request.ip);
      if (!(await verifyPassword(request.body.current_password, admin.password_hash))) {
        throw new HttpError(400, 'La contraseña actual no es correcta');
      }
      await attempt.succeeded();
      if (request.body.new_password === request.body.current_password) {
        throw new HttpError(400, 'La nueva contraseña debe ser distinta de la actual');
      }
      await setUserPasswordHash(ctx.db, admin.id, await hashPassword(request.body.new_password));
      await revokeUserSessions(ctx.db, admin.id, ctx.now(), request.sessionTokenHash!);
      return { message: 'Contraseña actualizada' };
    },
  );
};
