/**
 * The captive portal's public configuration and plan catalogue in the old service's contract
 * (LEGACY-API.md §4.5.1, §4.5.2; router API key); its payments and auto-reconnect are in
 * portal-payments.ts and portal-reconnect.ts.
 */
import { Type } from 'typebox';
import { findProduct, listProducts, type ProductRow } from '../../db/products.js';
import { apiKeyAuth, grantOf } from '../auth.js';
import type { RouteModule } from '../context.js';
import { notFound } from '../errors.js';
import { portalDocs } from '../portal.js';
import { errorSchema, nullable, productSchema, rowIdInput } from '../schemas.js';
import { productView } from '../views.js';

const str = Type.String();
const nullableStr = nullable();

/** `detalles` as the old catalogue gave them: a list of `{"texto": ...}` (this service keeps the texts). */
const detailsSchema = Type.Array(Type.Object({ texto: str }));

/** A plan as the old catalogue listed it (`ProductoVentaResponse`), with this service's fields besides. */
const catalogueItemSchema = Type.Object({
  ...productSchema.properties,
  perfil_mikrotik_id: str,
  detalles: detailsSchema,
});

const publicConfigSchema = Type.Object({
  empresa: Type.Object({
    id: str,
    nombre: str,
    conekta_public_key: nullableStr,
    mercadopago_public_key: nullableStr,
    conekta_mode: nullableStr,
  }),
  router: Type.Object({ id: str, nombre: str, ubicacion: nullableStr }),
});

const debugSchema = Type.Object({
  empresa: str,
  router: str,
  router_id: str,
  empresa_id: str,
  total_productos: Type.Integer(),
  productos: Type.Array(
    Type.Object({
      id: Type.Integer(),
      nombre_venta: str,
      perfil_mikrotik_id: str,
      detalles_raw: Type.Array(str),
      detalles_tipo: str,
      detalles_normalizado: detailsSchema,
      creado_en: str,
      creado_en_tipo: str,
      activo: Type.Boolean(),
      precio: Type.Number(),
      moneda: str,
    }),
  ),
});

export const portalCatalogRoutes: RouteModule = async (app, ctx) => {
  const onRequest = apiKeyAuth(ctx);
  const errors = { 401: errorSchema, 404: errorSchema, 422: errorSchema };

  app.get(
    '/api/v1/config/public',
    {
      onRequest,
      schema: {
        ...portalDocs,
        summary: "What the portal page needs: the empresa's public gateway keys and the router",
        response: { 200: publicConfigSchema, ...errors },
      },
    },
    async (request) => {
      const { company, router } = grantOf(request);
      return {
        empresa: {
          id: company.id,
          nombre: company.nombre,
          conekta_public_key: company.conekta_public_key,
          mercadopago_public_key: company.mercadopago_public_key,
          conekta_mode: legacyMode(company.conekta_mode),
        },
        router: { id: router.id, nombre: router.nombre, ubicacion: router.ubicacion },
      };
    },
  );

  app.get(
    '/api/v1/catalogo_perfiles_venta',
    {
      onRequest,
      schema: {
        ...portalDocs,
        summary: "The router's active plans, by orden_visual, featured first",
        response: { 200: Type.Array(catalogueItemSchema), ...errors },
      },
    },
    async (request) => {
      const { company, router } = grantOf(request);
      return (await listProducts(ctx.db, company.id, { routerId: router.id, onlyActive: true })).map(catalogueItemView);
    },
  );

  // Registered beside /{producto_id}; the router matches this static path first, as the old service did.
  app.get(
    '/api/v1/catalogo_perfiles_venta/debug',
    {
      onRequest,
      schema: {
        ...portalDocs,
        summary: "Every plan of the router, inactive ones included, with the old service's diagnostic fields",
        response: { 200: debugSchema, ...errors },
      },
    },
    async (request) => {
      const { company, router } = grantOf(request);
      const products = await listProducts(ctx.db, company.id, { routerId: router.id });
      return {
        empresa: company.nombre,
        router: router.nombre,
        router_id: router.id,
        empresa_id: company.id,
        total_productos: products.length,
        productos: products.map((p) => {
          const texts = detailTexts(p);
          return {
            id: p.id,
            nombre_venta: p.nombre_venta,
            perfil_mikrotik_id: p.perfil_mikrotik_id ?? '',
            detalles_raw: texts,
            // The old service printed Python's types here; these are the ones it printed for a well-formed row.
            detalles_tipo: "<class 'list'>",
            detalles_normalizado: texts.map((texto) => ({ texto })),
            creado_en: p.creado_en.toISOString(),
            creado_en_tipo: "<class 'datetime.datetime'>",
            activo: p.activo,
            precio: productView(p).precio,
            moneda: p.moneda,
          };
        }),
      };
    },
  );

  app.get(
    '/api/v1/catalogo_perfiles_venta/:producto_id',
    {
      onRequest,
      schema: {
        ...portalDocs,
        summary: 'One active plan of the router',
        params: Type.Object({ producto_id: rowIdInput }),
        response: { 200: catalogueItemSchema, ...errors },
      },
    },
    async (request) => {
      const { company, router } = grantOf(request);
      const product = await findProduct(ctx.db, request.params.producto_id, company.id);
      if (!product?.activo || product.router_id !== router.id) throw notFound('Producto no encontrado o no disponible');
      return catalogueItemView(product);
    },
  );
};

/** The texts of a plan's `detalles` (stored as a JSON array of strings). */
function detailTexts(p: ProductRow): string[] {
  return JSON.parse(p.detalles) as string[];
}

function catalogueItemView(p: ProductRow) {
  return {
    ...productView(p),
    perfil_mikrotik_id: p.perfil_mikrotik_id ?? '',
    detalles: detailTexts(p).map((texto) => ({ texto })),
  };
}

/** A gateway mode in the old service's words: `test` / `live` (this service stores `sandbox` / `production`). */
function legacyMode(mode: string | null): string | null {
  if (mode === 'sandbox') return 'test';
  if (mode === 'production') return 'live';
  return mode;
}
