/**
 * The Fastify application factory. `buildApp(deps)` returns a ready-to-listen app with every route;
 * it opens and starts nothing itself (database, router pool, payment services and logger come in
 * through deps, from the runtime), so tests and src/bin/main.ts assemble it the same way.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import { LoginThrottle } from '../security/login-throttle.js';
import { PurchaseThrottle } from '../security/purchase-throttle.js';
import { Throttle, TooManyAttemptsError } from '../security/throttle.js';
import { SERVICE_NAME, SERVICE_VERSION } from '../version.js';
import { decorateAuth } from './auth.js';
import type { AppContext, AppDeps, RouteModule } from './context.js';
import { registerCors } from './cors.js';
import { HttpError } from './errors.js';
import { refuseNulBytes } from './input-text.js';
import { loggerOptions } from './logger.js';
import { registerOpenApi } from './openapi.js';
import { routeModules } from './routes/index.js';

export interface BuildAppOptions {
  /** Defaults to a pino logger at config.logLevel, with secrets redacted. */
  logger?: Logger;
  /** Route modules registered after the service's own (tests use it to probe the auth hooks). */
  extraRoutes?: RouteModule[];
}

/** An idle kept-alive connection is closed after this. */
const KEEP_ALIVE_TIMEOUT_MS = 5_000;

/** Fastify error codes of a body that is not valid JSON at all: answered 422 like a schema failure. */
const UNPARSABLE_BODY = new Set(['FST_ERR_CTP_EMPTY_JSON_BODY', 'FST_ERR_CTP_INVALID_JSON_BODY']);

export async function buildApp(deps: AppDeps, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const now = deps.now ?? (() => new Date());
  const throttle = new Throttle(deps.db, now);
  const ctx: AppContext = {
    ...deps,
    now,
    throttle,
    loginThrottle: new LoginThrottle(throttle, deps.config.login),
    purchaseThrottle: new PurchaseThrottle(throttle, deps.config.purchase),
  };
  const app = Fastify({
    loggerInstance: options.logger ?? pino(loggerOptions(deps.config.logLevel)),
    trustProxy: deps.config.trustProxy,
    // A client that trickles its request is cut off. Node arms its check only for a deadline given
    // when it creates the server (Fastify sets its requestTimeout afterwards, so both are needed),
    // and checks every connectionsCheckingInterval (30 s by default, longer than a short deadline).
    requestTimeout: deps.config.requestTimeoutMs,
    http: {
      requestTimeout: deps.config.requestTimeoutMs,
      headersTimeout: Math.min(60_000, deps.config.requestTimeoutMs),
      connectionsCheckingInterval: Math.min(1_000, deps.config.requestTimeoutMs),
    },
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
    // Unknown body fields are dropped rather than refused (every body schema is closed, schemas.ts):
    // old captive portals send extras, and the old FastAPI service ignored them too.
    ajv: { customOptions: { removeAdditional: true, coerceTypes: 'array', useDefaults: true, allErrors: false, allowUnionTypes: true } },
  }) as unknown as FastifyInstance;

  app.setErrorHandler((error: FastifyError | HttpError | TooManyAttemptsError, request, reply) => {
    if (error instanceof HttpError) {
      return reply.code(error.statusCode).headers(error.headers).send({ detail: error.detail });
    }
    if (error instanceof TooManyAttemptsError) {
      const seconds = error.retryAfterSeconds;
      return reply
        .code(429)
        .header('retry-after', String(seconds))
        .send({ detail: `Demasiados intentos; reintente en ${seconds} s` });
    }
    if (error.validation) return reply.code(422).send({ detail: error.message });
    if (error.code && UNPARSABLE_BODY.has(error.code)) return reply.code(422).send({ detail: 'El cuerpo no es JSON válido' });
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.code(error.statusCode).send({ detail: error.message });
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.code(500).send({ detail: 'Error interno del servidor' });
  });
  app.setNotFoundHandler((_request, reply) => reply.code(404).send({ detail: 'Not Found' }));

  // Answers sent while closing end their connection: a keep-alive client would otherwise hold
  // close() open until its connection timed out.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    if (closing) reply.header('connection', 'close');
    return payload;
  });

  // Before any route: it adds each route's preflight, and its headers go on every answer, errors included.
  registerCors(app, deps.config.corsOrigins);
  app.addHook('preValidation', refuseNulBytes);
  decorateAuth(app);
  await registerOpenApi(app, { title: SERVICE_NAME, version: SERVICE_VERSION, redocJsUrl: deps.config.redocJsUrl });
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  for (const module of [...routeModules, ...(options.extraRoutes ?? [])]) await module(typed, ctx);
  return app;
}
