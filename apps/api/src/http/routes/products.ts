/**
 * Client admin: plans on sale, under /api/v1/admin/products. Prices arrive and leave as decimal
 * amounts (`precio`) and are stored as integer cents; DELETE deactivates (past sales keep their plan).
 * Optional limits (`limite_tiempo`, `limite_datos_mb`, `vigencia`, `vigencia_desde`) make a plan
 * that ends: src/plans/limits.ts.
 */
import { findProductOfProfile, insertProduct, listProducts, updateProduct, type ProductChanges } from '../../db/products.js';
import type { Currency } from '../../db/schema.js';
import { definedFields } from '../../db/defined.js';
import { AmountError, centsFromAmount } from '../../money.js';
import {
  type ApiValidityStart,
  isPlanLimitError,
  MAX_DATA_MB,
  type PlanLimits,
  type PlanLimitsInput,
  planLimits,
  planLimitsView,
} from '../../plans/limits.js';
import { adminOf, sessionAuth } from '../auth.js';
import type { AppContext, RouteModule } from '../context.js';
import { HttpError, notFound } from '../errors.js';
import { requireProduct, requireRouter } from '../lookups.js';
import { Type } from 'typebox';
import { closedObject, errorSchema, idParam, nameInput, nullable, productSchema, sessionSecurity, webUrlInput } from '../schemas.js';
import { productView } from '../views.js';

const CURRENCIES: readonly Currency[] = ['MXN', 'USD', 'EUR'];
/** Checked by the handler, which answers the old service's message. */
const currencyInput = Type.String({ maxLength: 10 });
/** A line of the plan's details: a string, or the old admin UI's `{"texto": ...}`. */
const detailInput = Type.Union([Type.String({ maxLength: 500 }), closedObject({ texto: Type.Optional(Type.String({ maxLength: 500 })) })]);

/** A new plan; an update takes any subset of the same fields. */
const productBody = closedObject({
  router_id: idParam,
  perfil_mikrotik_id: Type.Optional(nullable({ maxLength: 64 })),
  perfil_mikrotik_nombre: Type.String({ minLength: 1, maxLength: 100 }),
  nombre_venta: nameInput,
  descripcion: Type.Optional(nullable({ maxLength: 2000 })),
  imagen_url: Type.Optional(Type.Union([webUrlInput, Type.Null()])),
  precio: Type.Number({ exclusiveMinimum: 0, maximum: 1_000_000 }),
  moneda: Type.Optional(currencyInput),
  detalles: Type.Optional(Type.Array(detailInput, { maxItems: 50 })),
  activo: Type.Optional(Type.Boolean()),
  orden_visual: Type.Optional(Type.Integer({ minimum: -1_000_000, maximum: 1_000_000 })),
  destacado: Type.Optional(Type.Boolean()),
  // Durations and their combination are checked by src/plans/limits.ts, which says what is wrong.
  limite_tiempo: Type.Optional(nullable({ maxLength: 40 })),
  limite_datos_mb: Type.Optional(Type.Unsafe<number | null>({ type: ['integer', 'null'], minimum: 1, maximum: MAX_DATA_MB })),
  vigencia: Type.Optional(nullable({ maxLength: 40 })),
  vigencia_desde: Type.Optional(Type.Unsafe<ApiValidityStart | null>({ type: ['string', 'null'], maxLength: 20 })),
});
const productCreateBody = closedObject({
  ...productBody.properties,
  moneda: Type.Optional(Type.String({ maxLength: 10, default: 'MXN' })),
});
const productUpdateBody = Type.Partial(productBody, { additionalProperties: false });

/** The plan's limits checked and normalised; a bad one is a 422 that says what is wrong. */
function limitsOf(input: PlanLimitsInput): PlanLimits {
  try {
    return planLimits(input);
  } catch (error) {
    if (isPlanLimitError(error)) throw new HttpError(422, error.message);
    throw error;
  }
}

/** The limits a PUT leaves: the plan's, with the fields sent replacing them (null clears one). */
function limitsAfter(current: PlanLimits, body: PlanLimitsInput): PlanLimits | undefined {
  const sent = definedFields({
    limite_tiempo: body.limite_tiempo,
    limite_datos_mb: body.limite_datos_mb,
    vigencia: body.vigencia,
    vigencia_desde: body.vigencia_desde,
  });
  if (Object.keys(sent).length === 0) return undefined;
  const merged: PlanLimitsInput = { ...planLimitsView(current), ...sent };
  // A validity cleared takes its start with it.
  if (body.vigencia === null && body.vigencia_desde === undefined) merged.vigencia_desde = null;
  return limitsOf(merged);
}

function cents(precio: number): number {
  try {
    return centsFromAmount(precio);
  } catch (err) {
    if (err instanceof AmountError) throw new HttpError(422, 'precio debe ser un importe positivo con a lo sumo dos decimales');
    throw err;
  }
}

/** @throws HttpError 422 with the old service's message for a currency it did not take */
function currency(moneda: string | undefined): Currency | undefined {
  if (moneda === undefined) return undefined;
  if (!CURRENCIES.includes(moneda as Currency)) throw new HttpError(422, `Moneda no válida. Valores permitidos: ${CURRENCIES.join(', ')}`);
  return moneda as Currency;
}

/** The details as stored: one string a line (the old admin UI's `{"texto"}` objects give their text). */
function detailsText(detalles: Array<string | { texto?: string }>): string {
  return JSON.stringify(detalles.map((line) => (typeof line === 'string' ? line : (line.texto ?? ''))));
}

/** The plan's router must be one of the caller's empresa's (another empresa's router answers 404). */
async function checkRouter(ctx: AppContext, routerId: string | undefined, companyId: string): Promise<void> {
  if (routerId !== undefined) await requireRouter(ctx, routerId, companyId, 'Router no encontrado o no pertenece a esta empresa');
}

/** One plan per RouterOS profile and router, as the old service's unique key had it. @throws HttpError 409 */
async function checkProfileFree(ctx: AppContext, companyId: string, routerId: string, profileId: string | null, self?: number) {
  if (profileId === null) return;
  const other = await findProductOfProfile(ctx.db, companyId, routerId, profileId);
  if (other && other.id !== self) {
    throw new HttpError(409, `Ya existe un producto con el perfil '${profileId}' para este router (${routerId})`);
  }
}

export const productRoutes: RouteModule = (app, ctx) => {
  const onRequest = sessionAuth(ctx, ['cliente_admin']);
  const common = { tags: ['client admin'], security: sessionSecurity };
  const params = Type.Object({ id: idParam });
  const errors = { 401: errorSchema, 403: errorSchema, 404: errorSchema };
  const base = '/api/v1/admin/products';

  app.post(
    base,
    {
      onRequest,
      schema: {
        ...common,
        summary: 'Creates a plan on one of the empresa’s routers',
        body: productCreateBody,
        response: { 201: productSchema, ...errors, 409: errorSchema, 422: errorSchema },
      },
    },
    async (request, reply) => {
      const companyId = adminOf(request).empresa_id!;
      const body = request.body;
      await checkRouter(ctx, body.router_id, companyId);
      await checkProfileFree(ctx, companyId, body.router_id, body.perfil_mikrotik_id ?? null);
      const product = await insertProduct(ctx.db, {
        empresa_id: companyId,
        router_id: body.router_id,
        perfil_mikrotik_id: body.perfil_mikrotik_id ?? null,
        perfil_mikrotik_nombre: body.perfil_mikrotik_nombre,
        nombre_venta: body.nombre_venta,
        descripcion: body.descripcion ?? null,
        imagen_url: body.imagen_url ?? null,
        price_cents: cents(body.precio),
        moneda: currency(body.moneda) ?? 'MXN',
        detalles: detailsText(body.detalles ?? []),
        activo: body.activo,
        orden_visual: body.orden_visual,
        destacado: body.destacado,
        creado_en: ctx.now(),
        ...limitsOf(body),
      });
      return reply.code(201).send(productView(product));
    },
  );

  app.get(
    base,
    {
      onRequest,
      schema: {
        ...common,
        summary: "The empresa's plans (active or not), optionally of one router, by orden_visual and then newest first",
        querystring: closedObject({ router_id: Type.Optional(idParam) }),
        response: { 200: Type.Array(productSchema), ...errors },
      },
    },
    async (request) => {
      const companyId = adminOf(request).empresa_id!;
      if (request.query.router_id !== undefined) await requireRouter(ctx, request.query.router_id, companyId);
      const router = request.query.router_id === undefined ? {} : { routerId: request.query.router_id };
      const rows = await listProducts(ctx.db, companyId, { ...router, newestFirst: true });
      return rows.map(productView);
    },
  );

  app.get(
    `${base}/:id`,
    { onRequest, schema: { ...common, summary: 'One plan', params, response: { 200: productSchema, ...errors } } },
    async (request) => productView(await requireProduct(ctx, request.params.id, adminOf(request).empresa_id!)),
  );

  app.put(
    `${base}/:id`,
    {
      onRequest,
      schema: {
        ...common,
        summary: 'Updates a plan (only the fields sent)',
        params,
        body: productUpdateBody,
        response: { 200: productSchema, ...errors, 409: errorSchema, 422: errorSchema },
      },
    },
    async (request) => {
      const companyId = adminOf(request).empresa_id!;
      const product = await requireProduct(ctx, request.params.id, companyId, 'Producto no encontrado o no pertenece a esta empresa');
      const body = request.body;
      await checkRouter(ctx, body.router_id, companyId);
      if (body.router_id !== undefined || body.perfil_mikrotik_id !== undefined) {
        const profileId = body.perfil_mikrotik_id === undefined ? product.perfil_mikrotik_id : body.perfil_mikrotik_id;
        await checkProfileFree(ctx, companyId, body.router_id ?? product.router_id, profileId, product.id);
      }
      const changes: ProductChanges = {
        router_id: body.router_id,
        perfil_mikrotik_id: body.perfil_mikrotik_id,
        perfil_mikrotik_nombre: body.perfil_mikrotik_nombre,
        nombre_venta: body.nombre_venta,
        descripcion: body.descripcion,
        imagen_url: body.imagen_url,
        price_cents: body.precio === undefined ? undefined : cents(body.precio),
        moneda: currency(body.moneda),
        detalles: body.detalles === undefined ? undefined : detailsText(body.detalles),
        activo: body.activo,
        orden_visual: body.orden_visual,
        destacado: body.destacado,
        ...limitsAfter(product, body),
      };
      const updated = await updateProduct(ctx.db, product.id, companyId, changes);
      if (!updated) throw notFound('Producto no encontrado o no pertenece a esta empresa');
      return productView(updated);
    },
  );

  app.delete(
    `${base}/:id`,
    {
      onRequest,
      schema: {
        ...common,
        summary: 'Deactivates a plan (it leaves the catalogue; past sales keep it)',
        params,
        response: {
          200: Type.Object({ message: Type.String(), producto_id: Type.Integer(), activo: Type.Boolean(), id: Type.Integer() }),
          ...errors,
        },
      },
    },
    async (request) => {
      const companyId = adminOf(request).empresa_id!;
      const product = await requireProduct(ctx, request.params.id, companyId);
      await updateProduct(ctx.db, product.id, companyId, { activo: false });
      return { message: 'Producto desactivado', producto_id: product.id, activo: false, id: product.id };
    },
  );
};
