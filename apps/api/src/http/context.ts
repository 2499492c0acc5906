/** What every route module receives: the service's dependencies, borrowed from the runtime (src/runtime.ts). */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { Config } from '../config.js';
import type { Db } from '../db/connection.js';
import type { PaymentServices } from '../payments/services.js';
import type { RouterPool } from '../routers/pool.js';
import type { SecretBox } from '../security/secret-box.js';
import type { LoginThrottle } from '../security/login-throttle.js';
import type { PurchaseThrottle } from '../security/purchase-throttle.js';
import type { Throttle } from '../security/throttle.js';

export interface AppDeps {
  config: Config;
  db: Db;
  /** Seals and opens secrets at rest. */
  secrets: SecretBox;
  /** Shared router connections. */
  routers: RouterPool;
  /** The empresas' gateway clients and the routers' command runners (owned by the runtime). */
  payments: PaymentServices;
  /** The current time (tests pass a fake one). */
  now?: () => Date;
}

/** AppDeps as route modules see them: with every optional part filled in. */
export interface AppContext extends Required<AppDeps> {
  /** Attempt limits shared by every instance (in the database). */
  throttle: Throttle;
  loginThrottle: LoginThrottle;
  purchaseThrottle: PurchaseThrottle;
}

/** The app as route modules see it: request and reply types come from the routes' TypeBox schemas. */
export type TypedApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** A group of routes; registered by src/http/routes/index.ts. */
export type RouteModule = (app: TypedApp, ctx: AppContext) => void | Promise<void>;
