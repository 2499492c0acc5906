/** Super admin: admin users, under /admin/usuarios. */
import { isUniqueViolation } from '../../db/errors.js';
import { findUser, insertUser, listUsers, revokeUserSessions, setUserActive } from '../../db/users.js';
import { hashPassword } from '../../security/passwords.js';
import { adminOf, sessionAuth } from '../auth.js';
import type { RouteModule } from '../context.js';
import { HttpError, notFound } from '../errors.js';
import { requireCompany } from '../lookups.js';
import { Type } from 'typebox';
import {
  closedObject,
  emailInput,
  errorSchema,
  idParam,
  nameInput,
  nullable,
  passwordInput,
  sessionSecurity,
  userSchema,
} from '../schemas.js';
import { userView } from '../views.js';

const userBody = closedObject({
  email: emailInput,
  password: passwordInput,
  nombre: nameInput,
  rol: Type.Union([Type.Literal('super_admin'), Type.Literal('cliente_admin')]),
  empresa_id: Type.Optional(nullable({ maxLength: 64 })),
});

export const superAdminUserRoutes: RouteModule = (app, ctx) => {
  const onRequest = sessionAuth(ctx, ['super_admin']);
  const common = { tags: ['super admin'], security: sessionSecurity };
  const params = Type.Object({ id: idParam });
  const errors = { 401: errorSchema, 403: errorSchema, 404: errorSchema };

  const load = async (id: string) => {
    const user = /^\d{1,9}$/.test(id) ? await findUser(ctx.db, Number(id)) : undefined;
    if (!user) throw notFound('Usuario no encontrado');
    return user;
  };

  app.post(
    '/admin/usuarios',
    {
      onRequest,
      schema: {
        ...common,
        summary: 'Creates an admin: a super admin, or a client admin of one empresa',
        body: userBody,
        response: { 201: userSchema, ...errors, 409: errorSchema, 422: errorSchema },
      },
    },
    async (request, reply) => {
      const { email, password, nombre, rol } = request.body;
      const companyId = request.body.empresa_id ?? null;
      if (rol === 'cliente_admin' && companyId === null) throw new HttpError(422, 'Un cliente_admin necesita empresa_id');
      if (rol === 'super_admin' && companyId !== null) throw new HttpError(422, 'Un super_admin no pertenece a una empresa');
      if (companyId !== null) await requireCompany(ctx, companyId);
      try {
        const user = await insertUser(ctx.db, {
          email: email.toLowerCase(),
          password_hash: await hashPassword(password),
          nombre,
          rol,
          empresa_id: companyId,
          creado_en: ctx.now(),
        });
        return reply.code(201).send(userView(user));
      } catch (err) {
        if (isUniqueViolation(err)) throw new HttpError(409, 'Ya existe un usuario con ese email');
        throw err;
      }
    },
  );

  app.get(
    '/admin/usuarios',
    {
      onRequest,
      schema: { ...common, summary: 'Every admin user', response: { 200: Type.Array(userSchema), ...errors } },
    },
    async () => (await listUsers(ctx.db)).map(userView),
  );

  app.get(
    '/admin/usuarios/:id',
    { onRequest, schema: { ...common, summary: 'One admin user', params, response: { 200: userSchema, ...errors } } },
    async (request) => userView(await load(request.params.id)),
  );

  app.put(
    '/admin/usuarios/:id/toggle-activo',
    {
      onRequest,
      schema: {
        ...common,
        summary: "Activates or deactivates an admin (deactivating ends the user's sessions)",
        params,
        response: { 200: userSchema, ...errors, 400: errorSchema },
      },
    },
    async (request) => {
      const user = await load(request.params.id);
      if (user.id === adminOf(request).id) throw new HttpError(400, 'No puede desactivarse a sí mismo');
      const updated = await setUserActive(ctx.db, user.id, !user.activo);
      if (!updated) throw notFound('Usuario no encontrado');
      if (!updated.activo) await revokeUserSessions(ctx.db, updated.id, ctx.now());
      return userView(updated);
    },
  );
};
