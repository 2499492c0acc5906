/**
 * Super admin: an empresa's routers and their API keys, under /admin/empresas/{eid}/routers, answered
 * as the old service did (its statuses, messages and field names). Creating a router issues its first
 * API key (shown once).
 */
import { Type, type Static } from 'typebox';
import { isForeignKeyViolation } from '../../db/errors.js';
import { countActiveProducts } from '../../db/products.js';
import { deleteRouter, insertRouter, listApiKeys, listRouters, replaceApiKey, revokeApiKey, updateRouter } from '../../db/routers.js';
import { randomId } from '../../security/tokens.js';
import { apiKeyInfoView, apiKeyStatusView, apiKeyView } from '../api-key-views.js';
import { newApiKey } from '../api-keys.js';
import { sessionAuth } from '../auth.js';
import type { RouteModule } from '../context.js';
import { HttpError, notFound } from '../errors.js';
import { requireCompany, requireRouter } from '../lookups.js';
import {
  apiKeyInfoSchema,
  apiKeySchema,
  apiKeyStatusSchema,
  closedObject,
  errorSchema,
  idParam,
  messageSchema,
  ROUTER_TLS_PORT,
  routerInputProps,
  routerSchema,
  sessionSecurity,
} from '../schemas.js';
import { routerView } from '../views.js';

/** The RouterOS API's plain port, a new router's default. */
const ROUTER_API_PORT = 8728;
const routerBody = closedObject({
  ...routerInputProps,
  puerto: Type.Optional(Type.Integer({ ...routerInputProps.puerto, default: ROUTER_API_PORT })),
  // The old service required it and then used the path's: accepted, and ignored likewise.
  empresa_id: Type.Optional(idParam),
});

const companyParams = closedObject({ eid: idParam });
const routerParams = closedObject({ eid: idParam, rid: idParam });
type RouterParams = Static<typeof routerParams>;

const base = '/admin/empresas/:eid/routers';
const str = Type.String();
const routerWithKeySchema = Type.Object({ ...routerSchema.properties, api_key: str, api_key_info: apiKeyInfoSchema });
const newKeySchema = Type.Object({
  ...messageSchema.properties,
  router_id: str,
  new_api_key: str,
  api_key_info: apiKeyInfoSchema,
  previous_key_revoked: Type.Boolean(),
});
const toggledSchema = Type.Object({ ...messageSchema.properties, router_id: str, activo: Type.Boolean(), router: routerSchema });
const deletedSchema = Type.Object({ ...messageSchema.properties, router_id: str, empresa_id: str });
const revokedSchema = Type.Object({
  ...messageSchema.properties,
  key_id: str,
  router_id: str,
  revoked_at: Type.String({ format: 'date-time' }),
});

export const superAdminRouterRoutes: RouteModule = (app, ctx) => {
  const onRequest = sessionAuth(ctx, ['super_admin']);
  const common = { tags: ['super admin'], security: sessionSecurity };
  const errors = { 401: errorSchema, 403: errorSchema, 404: errorSchema, 422: errorSchema };

  /** The router, checked to belong to the empresa in the path (itself checked to exist). */
  const loadRouter = async (params: RouterParams) => {
    await requireCompany(ctx, params.eid);
    return requireRouter(ctx, params.rid, params.eid, 'Router no encontrado o no pertenece a la empresa');
  };

  app.post(
    base,
    {
      onRequest,
      schema: {
        ...common,
        summary: 'Adds a router to an empresa and issues its API key (shown once)',
        params: companyParams,
        body: routerBody,
        response: { 200: routerWithKeySchema, ...errors },
      },
    },
    async (request) => {
      const company = await requireCompany(ctx, request.params.eid);
      const body = request.body;
      const key = newApiKey(ctx);
      const { router, key: keyRow } = await insertRouter(
        ctx.db,
        {
          id: randomId('RTR_', 8),
          empresa_id: company.id,
          nombre: body.nombre,
          host: body.host,
          puerto: body.puerto ?? ROUTER_API_PORT,
          usuario: body.usuario,
          password_sealed: ctx.secrets.seal(body.password),
          ubicacion: body.ubicacion ?? null,
          creado_en: ctx.now(),
          tls: body.tls ?? (body.puerto ?? ROUTER_API_PORT) === ROUTER_TLS_PORT,
          tls_mode: body.tls_mode ?? 'verify-cert',
          tls_ca_pem: body.tls_ca_pem ?? null,
        },
        key.row,
      );
      return { ...routerView(router), api_key: key.apiKey, api_key_info: apiKeyInfoView(keyRow) };
    },
  );

  app.get(
    base,
    {
      onRequest,
      schema: { ...common, summary: "An empresa's routers", params: companyParams, response: { 200: Type.Array(routerSchema), ...errors } },
    },
    async (request) => {
      await requireCompany(ctx, request.params.eid);
      return (await listRouters(ctx.db, request.params.eid)).map(routerView);
    },
  );

  app.get(
    `${base}/:rid`,
    { onRequest, schema: { ...common, summary: 'One router', params: routerParams, response: { 200: routerSchema, ...errors } } },
    async (request) => routerView(await loadRouter(request.params)),
  );

  app.put(
    `${base}/:rid/toggle-activo`,
    {
      onRequest,
      schema: {
        ...common,
        summary: 'Activates or deactivates a router (its API keys stop working while inactive)',
        params: routerParams,
        response: { 200: toggledSchema, ...errors },
      },
    },
    async (request) => {
      const router = await loadRouter(request.params);
      const updated = await updateRouter(ctx.db, router.id, router.empresa_id, { activo: !router.activo });
      if (!updated) throw notFound('Router no encontrado o no pertenece a la empresa');
      if (!updated.activo) await ctx.routers.evict(router.id);
      return {
        message: updated.activo ? 'Router activado correctamente' : 'Router desactivado correctamente',
        router_id: updated.id,
        activo: updated.activo,
        router: routerView(updated),
      };
    },
  );

  app.delete(
    `${base}/:rid`,
    {
      onRequest,
      schema: {
        ...common,
        summary:
          'Deletes a router with its API keys and inactive plans (refused while it has active plans, 400, or sales, 409: deactivate it instead)',
        params: routerParams,
        response: { 200: deletedSchema, ...errors, 400: errorSchema, 409: errorSchema },
      },
    },
    async (request) => {
      const router = await loadRouter(request.params);
      const plans = await countActiveProducts(ctx.db, { routerId: router.id });
      if (plans > 0) throw new HttpError(400, `No se puede eliminar el router porque tiene ${plans} producto(s) asociado(s)`);
      try {
        if (!(await deleteRouter(ctx.db, router.id, router.empresa_id))) throw notFound('Router no encontrado o no pertenece a la empresa');
      } catch (err) {
        if (isForeignKeyViolation(err))
          throw new HttpError(409, 'El router tiene transacciones registradas; desactívelo en lugar de eliminarlo');
        throw err;
      }
      await ctx.routers.evict(router.id);
      return { message: 'Router eliminado exitosamente', router_id: router.id, empresa_id: router.empresa_id };
    },
  );

  app.post(
    `${base}/:rid/regenerate-api-key`,
    {
      onRequest,
      schema: {
        ...common,
        summary: 'Issues a new API key (shown once); every earlier key stops working at once',
        params: routerParams,
        response: { 200: newKeySchema, ...errors, 400: errorSchema },
      },
    },
    async (request) => {
      const router = await loadRouter(request.params);
      if (!router.activo) throw new HttpError(400, 'No se puede regenerar API key de un router inactivo');
      const key = newApiKey(ctx);
      const replaced = await replaceApiKey(ctx.db, router.id, key.row, ctx.now());
      return {
        message: 'API Key regenerada exitosamente',
        router_id: router.id,
        new_api_key: key.apiKey,
        api_key_info: apiKeyInfoView(replaced.key),
        previous_key_revoked: replaced.revoked > 0,
      };
    },
  );

  app.get(
    `${base}/:rid/api-keys`,
    {
      onRequest,
      schema: {
        ...common,
        summary: "The router's API keys, newest first (never their values)",
        params: routerParams,
        response: { 200: Type.Array(apiKeySchema), ...errors },
      },
    },
    async (request) => {
      const router = await loadRouter(request.params);
      const now = ctx.now();
      return (await listApiKeys(ctx.db, router.id)).map((k) => apiKeyView(k, router, now));
    },
  );

  app.post(
    `${base}/:rid/api-keys/:key_id/revoke`,
    {
      onRequest,
      schema: {
        ...common,
        summary: 'Revokes one API key',
        params: closedObject({ ...routerParams.properties, key_id: idParam }),
        response: { 200: revokedSchema, ...errors, 400: errorSchema },
      },
    },
    async (request) => {
      const router = await loadRouter(request.params);
      const revoked = await revokeApiKey(ctx.db, router.id, request.params.key_id, ctx.now());
      if (!revoked) throw notFound('API Key no encontrada');
      if (!revoked.revokedNow) throw new HttpError(400, 'La API Key ya está revocada');
      return {
        message: 'API Key revocada exitosamente',
        key_id: revoked.key.key_id,
        router_id: router.id,
        revoked_at: revoked.key.revoked_at!.toISOString(),
      };
    },
  );

  app.get(
    `${base}/:rid/api-key-status`,
    {
      onRequest,
      schema: {
        ...common,
        summary: 'Whether the router has a working API key, until when, and what to do about it',
        params: routerParams,
        response: { 200: apiKeyStatusSchema, ...errors },
      },
    },
    async (request) => {
      const router = await loadRouter(request.params);
      return apiKeyStatusView(router, await listApiKeys(ctx.db, router.id), ctx.now());
    },
  );
};
