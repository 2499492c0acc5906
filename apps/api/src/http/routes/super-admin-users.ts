/**
 * Super admin: admin users, under /admin/usuarios, answered as the old service did (its statuses,
 * messages and `{message, usuario}` nesting); the users also carry `creado_en`.
 */
import { Type } from 'typebox';
import { isUniqueViolation } from '../../db/errors.js';
import { isRole } from '../../db/schema.js';
import { findUser, insertUser, listUsers, revokeUserSessions, setUserActive } from '../../db/users.js';
import { hashPassword } from '../../security/passwords.js';
import { adminOf, sessionAuth } from '../auth.js';
import type { RouteModule } from '../context.js';
import { HttpError, notFound } from '../errors.js';
import { requireCompany } from '../lookups.js';
import {
  closedObject,
  emailInput,
  errorSchema,
  messageSchema,
  nameInput,
  nullable,
  passwordInput,
  rowIdInput,
  sessionSecurity,
  userSchema,
} from '../schemas.js';
import { userView } from '../views.js';

const userBody = closedObject({
  email: emailInput,
  password: passwordInput,
  nombre: nameInput,
  // Any text: an unknown role is the old service's 400, not a schema 422.
  rol: Type.String({ maxLength: 64 }),
  empresa_id: Type.Optional(nullable({ maxLength: 64 })),
});

const createdSchema = Type.Object({ ...messageSchema.properties, usuario: userSchema });
const toggledSchema = Type.Object({ ...messageSchema.properties, usuario_id: Type.Integer(), activo: Type.Boolean(), usuario: userSchema });

export const superAdminUserRoutes: RouteModule = (app, ctx) => {
  const onRequest = sessionAuth(ctx, ['super_admin']);
  const common = { tags: ['super admin'], security: sessionSecurity };
  // The old path parameter was an int: anything else is a 422, as FastAPI answered.
  const params = closedObject({ id: rowIdInput });
  const errors = { 401: errorSchema, 403: errorSchema, 404: errorSchema, 422: errorSchema };

  const load = async (id: number) => {
    const user = await findUser(ctx.db, id);
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
        response: { 200: createdSchema, 400: errorSchema, ...errors },
      },
    },
    async (request) => {
      const { email, password, nombre, rol } = request.body;
      // Blank is no empresa, as the old service's truthiness checks read it.
      const companyId = request.body.empresa_id || null;
      // In the old service's order, with its words.
      if (!isRole(rol)) throw new HttpError(400, "Rol inválido. Debe ser 'super_admin' o 'cliente_admin'");
      if (rol === 'cliente_admin') {
        if (companyId === null) throw new HttpError(400, 'cliente_admin requiere empresa_id');
        await requireCompany(ctx, companyId);
      }
      if (rol === 'super_admin' && companyId !== null) throw new HttpError(400, 'super_admin no debe tener empresa_id');
      try {
        const user = await insertUser(ctx.db, {
          email: email.toLowerCase(),
          password_hash: await hashPassword(password),
          nombre,
          rol,
          empresa_id: companyId,
          creado_en: ctx.now(),
        });
        return { message: 'Usuario creado exitosamente', usuario: userView(user) };
      } catch (err) {
        if (isUniqueViolation(err)) throw new HttpError(400, 'El email ya está registrado');
        throw err;
      }
    },
  );

  app.get(
    '/admin/usuarios',
    {
      onRequest,
      schema: {
        ...common,
        summary: 'Admin users, optionally of one role and/or one empresa (exact matches)',
        querystring: closedObject({
          rol: Type.Optional(Type.String({ maxLength: 64 })),
          empresa_id: Type.Optional(Type.String({ maxLength: 64 })),
        }),
        response: { 200: Type.Array(userSchema), ...errors },
      },
    },
    async (request) => {
      // A blank filter is no filter (`?rol=&empresa_id=` lists everyone), as the old service read them.
      const rol = request.query.rol || undefined;
      const companyId = request.query.empresa_id || undefined;
      // No admin has a role outside the two: an exact match finds nobody.
      if (rol !== undefined && !isRole(rol)) return [];
      return (await listUsers(ctx.db, { rol, companyId })).map(userView);
    },
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
        response: { 200: toggledSchema, ...errors, 400: errorSchema },
      },
    },
    async (request) => {
      const user = await load(request.params.id);
      if (user.id === adminOf(request).id) throw new HttpError(400, 'No puedes desactivar tu propio usuario');
      const updated = await setUserActive(ctx.db, user.id, !user.activo);
      if (!updated) throw notFound('Usuario no encontrado');
      if (!updated.activo) await revokeUserSessions(ctx.db, updated.id, ctx.now());
      return {
        message: updated.activo ? 'Usuario activado' : 'Usuario desactivado',
        usuario_id: updated.id,
        activo: updated.activo,
        usuario: userView(updated),
      };
    },
  );
};
