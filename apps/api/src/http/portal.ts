/** What the captive portal's route modules share: their OpenAPI tags and security, and the sellable-plan lookup. */
import type { ProductRow } from '../db/products.js';
import type { ApiKeyGrant } from '../db/routers.js';
import type { AppContext } from './context.js';
import { notFound } from './errors.js';
import { requireProduct } from './lookups.js';
import { apiKeySecurity } from './schemas.js';

/** OpenAPI tags and security of the routes the captive portal calls (router API key). */
export const portalDocs = { tags: ['captive portal'], security: apiKeySecurity };

/** A plan the API key's router sells: active, of that router and empresa; anything else is 404. */
export async function requireSellableProduct(ctx: AppContext, grant: ApiKeyGrant, productId: string | number): Promise<ProductRow> {
  const producto = await requireProduct(ctx, productId, grant.empresa.id);
  if (!producto.activo || producto.router_id !== grant.router.id) throw notFound('Producto no encontrado');
  return producto;
}
