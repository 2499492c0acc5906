/** What the portal route modules share: the app context, the payment services, API-key auth. */
import type { ProductoRow } from '../../db/productos.js';
import type { ApiKeyGrant } from '../../db/routers.js';
import type { PaymentServices } from '../../payments/services.js';
import type { AuthHook } from '../auth.js';
import type { AppContext } from '../context.js';
import { notFound } from '../errors.js';
import { requireProducto } from '../lookups.js';

export interface PortalContext {
  ctx: AppContext;
  services: PaymentServices;
  /** API-key authentication, for the routes the captive portal calls. */
  onRequest: AuthHook;
  /** OpenAPI tags and security of the portal routes. */
  common: { tags: string[]; security: Array<Record<string, string[]>> };
}

/** A plan the API key's router sells: active, of that router and empresa; anything else is 404. */
export async function requireSellableProducto(ctx: AppContext, grant: ApiKeyGrant, productoId: string | number): Promise<ProductoRow> {
  const producto = await requireProducto(ctx, productoId, grant.empresa.id);
  if (!producto.activo || producto.router_id !== grant.router.id) throw notFound('Producto no encontrado');
  return producto;
}
