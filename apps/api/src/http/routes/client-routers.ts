/**
 * Client admin's routers: list and partial update under /api/v1/admin/mi-empresa/routers, and the
 * two routes that talk to a router, under /api/v1/admin/routers/{rid}. A super admin may update and
 * check any empresa's router.
 */
import { findRouter, listRouters, updateRouter, type RouterChanges } from '../../db/routers.js';
import { describeRouterError } from '../../routers/describe-error.js';
import { probeRouter } from '../../routers/probe.js';
import { type HotspotProfile, PROFILE_FIELDS, readHotspotProfiles } from '../../routers/profiles.js';
import { routerTarget } from '../../routers/target.js';
import { adminOf, sessionAuth } from '../auth.js';
import type { RouteModule } from '../context.js';
import { HttpError, notFound } from '../errors.js';
import { requireRouter, scopeOf } from '../lookups.js';
import { Type } from 'typebox';
import {
  closedObject,
  errorSchema,
  idParam,
  nullable,
  ROUTER_TLS_PORT,
  routerInputProps,
  routerSchema,
  sessionSecurity,
} from '../schemas.js';
import { routerView } from '../views.js';

/** Any subset of a router's fields; `password_encrypted` is the old service's name for the new password. */
const routerUpdateBody = Type.Partial(closedObject({ ...routerInputProps, password_encrypted: routerInputProps.password }), {
  additionalProperties: false,
});

/** The old client-admin routes' 404 for a router that is missing or another empresa's. */
const NOT_YOURS = 'Router no encontrado o no pertenece a tu empresa';

const connectionTestSchema = Type.Object({
  success: Type.Boolean(),
  message: Type.String(),
  // Absent when the router is not found.
  router: Type.Optional(
    Type.Object({ id: Type.String(), nombre: Type.String(), host: Type.String(), puerto: Type.Integer(), activo: Type.Boolean() }),
  ),
  perfiles_encontrados: Type.Optional(Type.Integer()),
  router_name: Type.Optional(nullable()),
  error: nullable(),
  timestamp: Type.String({ format: 'date-time' }),
});

/** A hotspot user profile: each field a string, or null where the router leaves the property out. */
const profileSchema = Type.Object(
  Object.fromEntries(PROFILE_FIELDS.map((field) => [field, nullable()])) as Record<keyof HotspotProfile, ReturnType<typeof nullable>>,
);

const PASSWORD_REQUIRED =
  'Cambiar host, puerto o usuario requiere enviar la contraseña del router en la misma solicitud ' +
  '(changing host, port or user requires the router password in the same request)';

export const clientRouterRoutes: RouteModule = (app, ctx) => {
  const anyAdmin = sessionAuth(ctx, ['cliente_admin', 'super_admin']);
  const common = { tags: ['client admin'], security: sessionSecurity };
  const params = Type.Object({ rid: idParam });
  const errors = { 401: errorSchema, 403: errorSchema, 404: errorSchema };

  app.get(
    '/api/v1/admin/mi-empresa/routers',
    {
      onRequest: sessionAuth(ctx, ['cliente_admin']),
      schema: {
        ...common,
        summary: "The empresa's routers",
        response: { 200: Type.Object({ empresa_id: Type.String(), total: Type.Integer(), routers: Type.Array(routerSchema) }), ...errors },
      },
    },
    async (request) => {
      const companyId = adminOf(request).empresa_id!;
      const routers = (await listRouters(ctx.db, companyId)).map(routerView);
      return { empresa_id: companyId, total: routers.length, routers };
    },
  );

  app.put(
    '/api/v1/admin/mi-empresa/routers/:rid',
    {
      onRequest: anyAdmin,
      schema: {
        ...common,
        summary:
          'Updates a router: only the fields sent change; a new host, port or user needs the password too (password_encrypted is accepted for password)',
        params,
        body: routerUpdateBody,
        response: {
          200: Type.Object({ message: Type.String(), router: Type.Object({ ...routerSchema.properties, usuario: Type.String() }) }),
          ...errors,
          422: errorSchema,
        },
      },
    },
    async (request) => {
      const router = await requireRouter(ctx, request.params.rid, scopeOf(adminOf(request)), NOT_YOURS);
      const { password, password_encrypted, ...body } = request.body;
      const newPassword = password ?? password_encrypted;
      // The stored password is never sent to a destination its owner did not give it for.
      const moved =
        (body.host !== undefined && body.host !== router.host) ||
        (body.puerto !== undefined && body.puerto !== router.puerto) ||
        (body.usuario !== undefined && body.usuario !== router.usuario);
      if (moved && newPassword === undefined) throw new HttpError(422, PASSWORD_REQUIRED);
      const changes: RouterChanges = {
        nombre: body.nombre,
        host: body.host,
        puerto: body.puerto,
        usuario: body.usuario,
        password_sealed: newPassword === undefined ? undefined : ctx.secrets.seal(newPassword),
        ubicacion: body.ubicacion,
        // A new port without an explicit TLS choice follows the convention: 8729 is TLS.
        tls: body.tls ?? (body.puerto === undefined ? undefined : body.puerto === ROUTER_TLS_PORT),
        tls_mode: body.tls_mode,
        tls_ca_pem: body.tls_ca_pem,
      };
      const updated = await updateRouter(ctx.db, router.id, router.empresa_id, changes);
      if (!updated) throw notFound(NOT_YOURS);
      // The next command reconnects with the new settings; do not keep the old session open meanwhile.
      await ctx.routers.evict(router.id);
      return { message: 'Router actualizado correctamente', router: { ...routerView(updated), usuario: updated.usuario } };
    },
  );

  app.get(
    '/api/v1/admin/routers/:rid/test-connection',
    {
      onRequest: anyAdmin,
      schema: {
        ...common,
        summary: 'Logs in to the router now, reads its identity and counts its hotspot profiles',
        params,
        response: { 200: connectionTestSchema, ...errors },
      },
    },
    async (request) => {
      // The old route answered an unknown router with 200 and success false too.
      const router = await findRouter(ctx.db, request.params.rid, scopeOf(adminOf(request)));
      if (!router) return { success: false, message: 'Router no encontrado', error: NOT_YOURS, timestamp: ctx.now().toISOString() };
      const target = routerTarget(router, ctx.secrets);
      const summary = { id: router.id, nombre: router.nombre, host: router.host, puerto: router.puerto, activo: router.activo };
      try {
        const probe = await probeRouter(target, ctx.config.routerTimeoutMs, ctx.routers.destinations);
        return {
          success: true,
          message: 'Conexión exitosa',
          router: summary,
          perfiles_encontrados: probe.profileCount,
          router_name: probe.identity,
          error: null,
          timestamp: ctx.now().toISOString(),
        };
      } catch (err) {
        return {
          success: false,
          message: 'Error de conexión',
          router: summary,
          perfiles_encontrados: 0,
          router_name: null,
          error: describeRouterError(err, target, ctx.config.routerTimeoutMs),
          timestamp: ctx.now().toISOString(),
        };
      }
    },
  );

  app.get(
    '/api/v1/admin/routers/:rid/mikrotik-profiles',
    {
      onRequest: anyAdmin,
      schema: {
        ...common,
        summary: "The router's hotspot user profiles, read live (a property the router leaves out is null)",
        params,
        response: {
          200: Type.Array(profileSchema),
          400: errorSchema,
          ...errors,
          502: errorSchema,
        },
      },
    },
    async (request) => {
      const router = await requireRouter(ctx, request.params.rid, scopeOf(adminOf(request)), NOT_YOURS);
      if (!router.activo) throw new HttpError(400, 'El router está inactivo. Actívalo primero desde el panel.');
      const target = routerTarget(router, ctx.secrets);
      try {
        return await readHotspotProfiles(ctx.routers, target);
      } catch (err) {
        request.log.warn(
          { routerId: router.id, err: { name: (err as Error).name, message: (err as Error).message } },
          'reading hotspot profiles failed',
        );
        throw new HttpError(502, describeRouterError(err, target, ctx.config.routerTimeoutMs));
      }
    },
  );
};
