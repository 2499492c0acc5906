/**
 * Test fixture: an empresa with both gateways configured (keys the fake gateways accept), a router
 * record pointing at a mock router, its API key, and plans.
 */
import type { Db } from '../../src/db/connection.js';
import { insertCompany, type CompanyRow } from '../../src/db/companies.js';
import { insertProduct, type ProductRow } from '../../src/db/products.js';
import { insertRouter, type RouterRow } from '../../src/db/routers.js';
import type { SecretBox } from '../../src/security/secret-box.js';
import { issueToken, randomId } from '../../src/security/tokens.js';

export const CONEKTA_KEY = 'key_test_shop';
export const MP_TOKEN = 'TEST-shop-token';
export const WEBHOOK_SECRET = 'whsec-shop-secret';

export interface Shop {
  company: CompanyRow;
  router: RouterRow;
  apiKey: string;
  /** 1 hour, 19.99 MXN, profile `1h`. */
  plan: ProductRow;
  /** 1 day, 99.00 MXN, profile `1d`. */
  dayPlan: ProductRow;
}

export async function seedShop(db: Db, secrets: SecretBox, router: { port: number; password?: string }): Promise<Shop> {
  const company = await insertCompany(db, {
    id: randomId('EMP_', 10),
    nombre: 'WiFi Plaza',
    contacto_email: 'ops@example.com',
    contacto_telefono: null,
    conekta_public_key: 'key_public_shop',
    conekta_private_key_sealed: secrets.seal(CONEKTA_KEY),
    conekta_mode: 'sandbox',
    mercadopago_public_key: 'TEST-public',
    mercadopago_access_token_sealed: secrets.seal(MP_TOKEN),
    mercadopago_mode: 'sandbox',
    mercadopago_webhook_secret_sealed: secrets.seal(WEBHOOK_SECRET),
  });
  const key = issueToken('hsk_');
  const inserted = await insertRouter(
    db,
    {
      id: randomId('RTR_', 8),
      empresa_id: company.id,
      nombre: 'Lobby',
      host: '127.0.0.1',
      puerto: router.port,
      usuario: 'admin',
      password_sealed: secrets.seal(router.password ?? ''),
      ubicacion: 'Planta baja',
      tls: false,
      tls_mode: 'verify-cert',
      tls_ca_pem: null,
    },
    { key_id: randomId('KEY_', 8), key_hash: key.hash, expires_at: new Date(Date.now() + 86_400_000) },
  );
  const base = {
    empresa_id: company.id,
    router_id: inserted.router.id,
    perfil_mikrotik_id: null,
    descripcion: null,
    imagen_url: null,
    moneda: 'MXN' as const,
  };
  const plan = await insertProduct(db, {
    ...base,
    perfil_mikrotik_nombre: '1h',
    nombre_venta: 'Plan 1 hora',
    price_cents: 1999,
    detalles: '[]',
  });
  const dayPlan = await insertProduct(db, {
    ...base,
    perfil_mikrotik_nombre: '1d',
    nombre_venta: 'Plan 1 día',
    price_cents: 9900,
    detalles: '[]',
  });
  return { company: company, router: inserted.router, apiKey: key.token, plan, dayPlan };
}
