/**
 * Super admin: an empresa's routers and their API keys, under /admin/empresas/{eid}/routers.
 * Creating a router issues its first API key (shown once).
 */
import { isForeignKeyViolation } from '../../db/errors.js';
import { deleteRouter, insertRouter, listApiKeys, listRouters, replaceApiKey, revokeApiKey, updateRouter } from '../../db/routers.js';
import { randomId } from '../../security/tokens.js';
import { newApiKey } from '../api-keys.js';
import { sessionAuth } from '../auth.js';
import type { RouteModule } from '../context.js';
import { HttpError, notFound } from '../errors.js';
import { type Static, Type } from 'typebox';
import { requireCompany, requireRouter } from '../lookups.js';
import {
  closedObject,
  apiKeyInfoSchema,
  apiKeySchema,
  errorSchema,
  idParam,
  ROUTER_TLS_PORT,
  routerInputProps,
  routerSchema,
  sessionSecurity,
} from '../schemas.js';
import { apiKeyState, apiKeyInfoView, apiKeyView, routerView } from '../views.js';

/** The RouterOS API's plain port, a new router's default. */
const ROUTER_API_PORT = 8728;
const routerBody = closedObject({
  ...routerInputProps,
  puerto: Type.Optional(Type.Integer({ ...routerInputProps.puerto, default: ROUTER_API_PORT })),
});

const companyParams = Type.Object({ eid: idParam });
const routerParams = Type.Object({ eid: idParam, rid: idParam });
type RouterParams = Static<typeof routerParams>;

const base = '/admin/empresas/:eid/routers';
const routerWithKeySchema = {
  type: 'object',
  properties: { ...routerSchema.properties, api_key: { type: 'string' }, api_key_info: apiKeyInfoSchema },
} as const;
const newKeySchema = {
  type: 'object',
  properties: { router_id: { type: 'string' }, api_key: { type: 'string' }, api_key_info: apiKeyInfoSchema },
} as const;

export const superAdminRouterRoutes: RouteModule = (app, ctx) => {
  const onRequest = sessionAuth(ctx, ['super_admin']);
  const common = { tags: ['super admin'], security: sessionSecurity };
  const errors = { 401: errorSchema, 403: errorSchema, 404: errorSchema };

  /** The router, checked to belong to the empresa in the path (itself checked to exist). */
  const loadRouter = async (params: RouterParams) => {
    await requireCompany(ctx, params.eid);
    return requireRouter(ctx, params.rid, params.eid);
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
        response: { 201: routerWithKeySchema, ...errors, 422: errorSchema },
      },
    },
    async (request, reply) => {
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
      return reply.code(201).send({ ...routerView(router), api_key: key.apiKey, api_key_info: apiKeyInfoView(keyRow) });
    },
  );

  app.get(
    base,
    {
      onRequest,
      schema: {
        ...common,
        summary: "An empresa's routers",
        params: companyParams,
        response: { 200: { type: 'array', items: routerSchema }, ...errors },
      },
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
        response: { 200: routerSchema, ...errors },
      },
    },
    async (request) => {
      const router = await loadRouter(request.params);
      const updated = await updateRouter(ctx.db, router.id, router.empresa_id, { activo: !router.activo });
      if (!updated) throw notFound('Router no encontrado');
      if (!updated.activo) await ctx.routers.evict(router.id);
      return routerView(updated);
    },
  );

  app.delete(
    `${base}/:rid`,
    {
      onRequest,
      schema: {
        ...common,
        summary: 'Deletes a router with its API keys and plans (refused while it has transactions: deactivate it instead)',
        params: routerParams,
        response: {
          200: { type: 'object', properties: { message: { type: 'string' }, id: { type: 'string' } } },
          ...errors,
          409: errorSchema,
        },
      },
    },
    async (request) => {
      const router = await loadRouter(request.params);
      try {
        if (!(await deleteRouter(ctx.db, router.id, router.empresa_id))) throw notFound('Router no encontrado');
      } catch (err) {
        if (isForeignKeyViolation(err))
          throw new HttpError(409, 'El router tiene transacciones registradas; desactívelo en lugar de eliminarlo');
        throw err;
      }
      await ctx.routers.evict(router.id);
      return { message: 'Router eliminado', id: router.id };
    },
  );

  app.post(
    `${base}/:rid/regenerate-api-key`,
    {
      onRequest,
      schema: {
        ...common,
        summary: 'Issues a new API key; every earlier key stops working at once',
        params: routerParams,
        response: { 200: newKeySchema, ...errors },
      },
    },
    async (request) => {
      const router = await loadRouter(request.params);
      const key = newApiKey(ctx);
      const row = await replaceApiKey(ctx.db, router.id, key.row, ctx.now());
      return { router_id: router.id, api_key: key.apiKey, api_key_info: apiKeyInfoView(row) };
    },
  );

  app.get(
    `${base}/:rid/api-keys`,
    {
      onRequest,
      schema: {
        ...common,
        summary: "The router's API keys (never their values)",
        params: routerParams,
        response: { 200: { type: 'array', items: apiKeySchema }, ...errors },
      },
    },
    async (request) => {
      const router = await loadRouter(request.params);
      const now = ctx.now();
      return (await listApiKeys(ctx.db, router.id)).map((k) => apiKeyView(k, now));
    },
  );

  app.post(
    `${base}/:rid/api-keys/:key_id/revoke`,
    {
      onRequest,
      schema: {
        ...common,
        summary: 'Revokes one API key',
        params: Type.Object({ ...routerParams.properties, key_id: idParam }),
        response: { 200: apiKeySchema, ...errors },
      },
    },
    async (request) => {
      const router = await loadRouter(request.params);
      const now = ctx.now();
      const key = await revokeApiKey(ctx.db, router.id, request.params.key_id, now);
      if (!key) throw notFound('API key no encontrada');
      return apiKeyView(key, now);
    },
  );

  app.get(
    `${base}/:rid/api-key-status`,
    {
      onRequest,
      schema: {
        ...common,
        summary: 'Whether the router has a working API key, and until when',
        params: routerParams,
        response: {
          200: {
            type: 'object',
            properties: {
              router_id: { type: 'string' },
              tiene_api_key_activa: { type: 'boolean' },
              api_key_info: { anyOf: [apiKeyInfoSchema, { type: 'null' }] },
            },
          },
          ...errors,
        },
      },
    },
    async (request) => {
      const router = await loadRouter(request.params);
      const now = ctx.now();
      const live = (await listApiKeys(ctx.db, router.id)).find((k) => apiKeyState(k, now) === 'activa');
      return { router_id: router.id, tiene_api_key_activa: live !== undefined, api_key_info: live ? apiKeyInfoView(live) : null };
    },
  );
};
