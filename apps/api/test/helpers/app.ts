/**
 * A running app for one test file: migrated database (TEST_DB backend), real HTTP on 127.0.0.1 at
 * an ephemeral port, and a small client that speaks JSON to it.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { KyselyPlugin } from 'kysely';
import pino from 'pino';
import { loadConfig, type Config } from '../../src/config.js';
import { buildApp } from '../../src/http/app.js';
import type { AppDeps, RouteModule } from '../../src/http/context.js';
import { loggerOptions } from '../../src/http/logger.js';
import { createPaymentServices, type PaymentServices } from '../../src/payments/services.js';
import { RouterDestinations } from '../../src/routers/destination.js';
import { RouterPool } from '../../src/routers/pool.js';
import { SecretBox } from '../../src/security/secret-box.js';
import { createTestDb, type TestDb } from './db.js';

/** A valid configuration for tests: in-memory database, a random key, silent logs, short timeouts. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  const base = loadConfig({
    PGLITE_DIR: 'memory://',
    APP_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: 'silent',
    ROUTER_TIMEOUT_MS: '2000',
  });
  return { ...base, ...overrides };
}

export interface JsonResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface RequestOptions {
  body?: unknown;
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
  /** Sent as `X-API-Key`. */
  apiKey?: string;
  headers?: Record<string, string>;
}

export interface TestApp {
  url: string;
  app: FastifyInstance;
  db: TestDb['db'];
  backend: TestDb['backend'];
  config: Config;
  secrets: SecretBox;
  routers: RouterPool;
  payments: PaymentServices;
  /** One HTTP request with a JSON body and a JSON (or text) answer. */
  request<T = any>(method: string, path: string, options?: RequestOptions): Promise<JsonResponse<T>>;
  close(): Promise<void>;
}

export interface StartTestAppOptions {
  config?: Partial<Config>;
  now?: () => Date;
  /** Receives the app's log lines (JSON), e.g. to check redaction. */
  logStream?: NodeJS.WritableStream;
  pool?: RouterPool;
  extraRoutes?: RouteModule[];
  /** Kysely plugins on the app's database (e.g. test/helpers/faults.ts); the test's own `db` goes around them. */
  dbPlugins?: KyselyPlugin[];
}

export async function startTestApp(options: StartTestAppOptions = {}): Promise<TestApp> {
  const config = testConfig(options.config);
  const testDb = await createTestDb();
  const secrets = new SecretBox(config.encryptionKey!, config.previousEncryptionKeys);
  const routers =
    options.pool ??
    new RouterPool({
      timeoutMs: config.routerTimeoutMs,
      idleMs: config.routerIdleMs,
      destinations: new RouterDestinations(config.routerDenyNetworks),
    });
  const appDb = (options.dbPlugins ?? []).reduce((db, plugin) => db.withPlugin(plugin), testDb.db);
  const payments = createPaymentServices({ config, db: appDb, secrets, routers });
  const deps: AppDeps = { config, db: appDb, secrets, routers, payments, ...(options.now ? { now: options.now } : {}) };
  const logger = options.logStream ? pino(loggerOptions('info'), options.logStream) : undefined;
  const app = await buildApp(deps, { ...(logger ? { logger } : {}), extraRoutes: options.extraRoutes ?? [] });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    url: address,
    app,
    db: testDb.db,
    backend: testDb.backend,
    config,
    secrets,
    routers,
    payments,
    request: async (method, path, req = {}) => {
      const headers: Record<string, string> = { ...req.headers };
      if (req.body !== undefined) headers['content-type'] = 'application/json';
      if (req.token) headers.authorization = `Bearer ${req.token}`;
      if (req.apiKey) headers['x-api-key'] = req.apiKey;
      const res = await fetch(address + path, {
        method,
        headers,
        ...(req.body !== undefined ? { body: typeof req.body === 'string' ? req.body : JSON.stringify(req.body) } : {}),
      });
      const text = await res.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON: the test sees the text
      }
      return { status: res.status, headers: res.headers, body: body as never };
    },
    close: async () => {
      await app.close();
      await payments.close();
      await routers.close();
      await testDb.close();
    },
  };
}
