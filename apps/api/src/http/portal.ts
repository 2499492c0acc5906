/** What the captive portal's route modules share: their OpenAPI tags and security, the sellable-plan lookup, the device and gateway checks. */
import type { CompanyRow } from '../db/companies.js';
import type { ProductRow } from '../db/products.js';
import { isValidClientIp, normalizeMac } from '../payments/auto-connect.js';
import type { GatewayName, PaymentGateway } from '../payments/gateways/gateway.js';
import { GatewayNotConfiguredError } from '../payments/services.js';
import type { ApiKeyGrant } from '../db/routers.js';
import type { AppContext } from './context.js';
import { HttpError, notFound } from './errors.js';
import { requireProduct } from './lookups.js';
import { apiKeySecurity } from './schemas.js';

/** OpenAPI tags and security of the routes the captive portal calls (router API key). */
export const portalDocs = { tags: ['captive portal'], security: apiKeySecurity };

/** A plan the API key's router sells: active, of that router and empresa; anything else is 404. */
export async function requireSellableProduct(ctx: AppContext, grant: ApiKeyGrant, productId: string | number): Promise<ProductRow> {
  const product = await requireProduct(ctx, productId, grant.company.id);
  if (!product.activo || product.router_id !== grant.router.id) throw notFound('Producto no encontrado');
  return product;
}

/** The customer's device as the portal sent it: MAC normalized, IPv4 checked; empty means absent. @throws HttpError 422 */
export function clientDevice(
  macInput: string | undefined,
  ipInput: string | undefined,
): { mac: string | undefined; ip: string | undefined } {
  const mac = macInput === undefined || macInput === '' ? undefined : normalizeMac(macInput);
  if (macInput && !mac) throw new HttpError(422, 'mac_cliente no es una dirección MAC válida');
  const ip = ipInput === undefined || ipInput === '' ? undefined : ipInput;
  if (ip !== undefined && !isValidClientIp(ip)) throw new HttpError(422, 'ip_cliente no es una dirección IPv4 válida');
  return { mac, ip };
}

/** The empresa's client for a gateway it configured. @throws HttpError 503 when it has not */
export function configuredGateway(ctx: AppContext, company: CompanyRow, gateway: GatewayName): PaymentGateway {
  try {
    return ctx.payments.gatewayFor(company, gateway);
  } catch (error) {
    if (error instanceof GatewayNotConfiguredError) throw new HttpError(503, 'La empresa no tiene configurada esta pasarela de pago');
    throw error;
  }
}
