/**
 * `npm run demo`: the whole service on one machine, with nothing to set up. Starts a mock RouterOS
 * router, the API on an in-memory database, seeds an empresa with that router and two plans, and
 * prints a router API key with copy-paste curl commands for the captive-portal calls.
 */
import { randomBytes } from 'node:crypto';
import { startMockRouter } from '@hotspot/mock-routeros';
import pino from 'pino';
import { ensureSuperAdmin } from '../bootstrap.js';
import { loadConfig, type Config } from '../config.js';
import { startDemoGateways } from '../demo-gateways.js';
import { buildApp } from '../http/app.js';
import { loggerOptions } from '../http/logger.js';
import { Runtime } from '../runtime.js';
import { runEntry } from './run.js';

const say = (line = '') => process.stdout.write(`${line}\n`);
const ROUTER_PASSWORD = 'demo-router-password';

/** One JSON call to the demo's own API; any non-2xx answer stops the demo with its detail. */
// biome-ignore lint/suspicious/noExplicitAny: the demo reads whatever its own API answers; the tests check those shapes
async function call(base: string, method: string, path: string, body?: unknown, token?: string): Promise<any> {
  const res = await fetch(base + path, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const answer = await res.json();
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(answer)}`);
  return answer;
}

async function main(): Promise<void> {
  // The demo keeps nothing: an in-memory database unless PGLITE_DIR or DATABASE_URL say otherwise.
  const env = { PGLITE_DIR: 'memory://', LOG_LEVEL: 'warn', ...process.env };
  const loaded = loadConfig(env);
  const gateways = await startDemoGateways();
  const config: Config = { ...loaded, gateways: { ...loaded.gateways, ...gateways.gateways }, portal: gateways.portal };
  const superAdmin = config.superAdmin ?? { email: 'admin@demo.local', password: randomBytes(9).toString('base64url') };

  const mock = await startMockRouter({
    password: ROUTER_PASSWORD,
    // The hotspot's login servlet too, so a browser on this machine can play the device.
    hotspotHttp: { loginBy: 'http-chap,http-pap' },
    profiles: [
      { name: '1h', 'session-timeout': '1h', 'rate-limit': '5M/5M' },
      { name: '1d', 'session-timeout': '1d', 'rate-limit': '10M/10M' },
    ],
  });
  const logger = pino(loggerOptions(config.logLevel));
  const runtime = await Runtime.open(config, { logger });
  await ensureSuperAdmin(runtime.db, superAdmin);
  const app = await buildApp(runtime, { logger });

  const stop = async () => {
    await app.close();
    await runtime.close();
    await mock.close();
    await gateways.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());

  const address = await app.listen({ host: config.host, port: config.port });
  runtime.startReconciler();
  runtime.startPlanEnforcement();
  const base = address.replace('0.0.0.0', 'localhost');

  // Seed through the API itself, as an operator would.
  const root = (await call(base, 'POST', '/api/v1/auth/login', superAdmin)).access_token as string;
  const company = await call(
    base,
    'POST',
    '/admin/empresas',
    { nombre: 'Demo WiFi', contacto_email: 'ops@demo.local', ...gateways.companySettings },
    root,
  );
  const router = await call(
    base,
    'POST',
    `/admin/empresas/${company.id}/routers`,
    { nombre: 'Mock router', host: '127.0.0.1', puerto: mock.port, usuario: 'admin', password: ROUTER_PASSWORD, ubicacion: 'localhost' },
    root,
  );
  const clientAdmin = { email: 'cliente@demo.local', password: randomBytes(9).toString('base64url') };
  await call(
    base,
    'POST',
    '/admin/usuarios',
    { ...clientAdmin, nombre: 'Demo client admin', rol: 'cliente_admin', empresa_id: company.id },
    root,
  );
  const client = (await call(base, 'POST', '/api/v1/auth/login', clientAdmin)).access_token as string;
  const plans = [
    { perfil_mikrotik_nombre: '1h', nombre_venta: '1 hora', precio: 15, detalles: ['1 hora', '5 Mbps'], orden_visual: 1 },
    {
      perfil_mikrotik_nombre: '1d',
      nombre_venta: '1 día',
      precio: 49.9,
      detalles: ['24 horas', '10 Mbps'],
      orden_visual: 2,
      destacado: true,
    },
  ];
  const products = [];
  for (const plan of plans)
    products.push(await call(base, 'POST', '/api/v1/admin/products', { router_id: router.id, moneda: 'MXN', ...plan }, client));

  // The router side of the hosted page, as an operator installs it: login.html in the hotspot's directory, the walled garden applied.
  const kit = await call(base, 'GET', `/api/v1/admin/routers/${router.id}/portal-kit`, undefined, client);
  mock.state.add('/file', { name: 'hotspot/login.html', contents: kit.files['login.html'] });
  await call(base, 'POST', `/api/v1/admin/routers/${router.id}/portal-kit/apply`, undefined, client);

  const key = router.api_key as string;
  const json = (value: unknown) => `'${JSON.stringify(value)}'`;
  say(`Demo running: API at ${base}, mock RouterOS router at 127.0.0.1:${mock.port} (user admin, password ${ROUTER_PASSWORD}).`);
  say(`Super admin: ${superAdmin.email} / ${superAdmin.password}    Client admin: ${clientAdmin.email} / ${clientAdmin.password}`);
  say(
    `Empresa ${company.id}, router ${router.id}, plans ${products.map((p) => `${p.id} (${p.nombre_venta}, ${p.precio} MXN)`).join(' and ')}.`,
  );
  say();
  say(`Hosted payment page: ${kit.portal_url}`);
  say(
    `As a device behind the hotspot sees it (login.html sends it to the page): ${mock.hotspotUrl}/login?dst=${encodeURIComponent(`${mock.hotspotUrl}/status`)}`,
  );
  say();
  say(`Router API key (shown once): ${key}`);
  say();
  say('Captive-portal calls:');
  say(`export API=${base} KEY=${key}`);
  say(`curl -s $API/api/v1/config/public -H "X-API-Key: $KEY"`);
  say(`curl -s $API/api/v1/catalogo_perfiles_venta -H "X-API-Key: $KEY"`);
  say(`curl -s $API/api/v1/catalogo_perfiles_venta/${products[0].id} -H "X-API-Key: $KEY"`);
  const purchase = {
    producto_id: products[0].id,
    token_tarjeta: 'tok_test_approve',
    nombre_cliente: 'Ana Pérez',
    email_cliente: 'ana@example.com',
    tipo_usuario: 'usuario_contrasena',
  };
  // The answer's id_transaccion goes into $ID, so the status call after it works as printed.
  say(
    `ID=$(curl -s -X POST $API/api/v1/payments/pagar-conekta -H "X-API-Key: $KEY" -H 'content-type: application/json' -d ${json(purchase)} | tee /dev/stderr | sed 's/.*"id_transaccion":"\\([^"]*\\)".*/\\1/')`,
  );
  say(`curl -s $API/api/v1/payments/estado-pago/$ID -H "X-API-Key: $KEY"`);
  say();
  say('Admin calls:');
  say(
    `TOKEN=$(curl -s -X POST $API/api/v1/auth/login -H 'content-type: application/json' -d ${json(clientAdmin)} | sed 's/.*"access_token":"\\([^"]*\\)".*/\\1/')`,
  );
  say(`curl -s $API/api/v1/admin/routers/${router.id}/test-connection -H "Authorization: Bearer $TOKEN"`);
  say(`curl -s $API/api/v1/admin/routers/${router.id}/mikrotik-profiles -H "Authorization: Bearer $TOKEN"`);
  for (const note of gateways.notes) say(note);
  say('See the hotspot user the purchase created, on the mock router:');
  say(
    `  npx routeros-repl --host 127.0.0.1 --port ${mock.port} --user admin   (password ${ROUTER_PASSWORD})   then   /ip/hotspot/user/print`,
  );
  say();
  say('Ctrl-C stops the demo (everything was in memory).');
}

runEntry(main);
