/**
 * What the purchase, reconciliation and the webhook need from the outside world, assembled once:
 * each empresa's gateway client (its keys opened from their sealed columns) on one shared undici
 * pool, and each router's command runner on THE router pool.
 */
import type { Params, RouterOSStream } from '@hotspot/routeros';
import type { Agent } from 'undici';
import type { Config } from '../config.js';
import type { Db } from '../db/connection.js';
import { findCompany, type CompanyRow } from '../db/companies.js';
import { findRouter, type RouterRow } from '../db/routers.js';
import type { TransactionRow } from '../db/transactions.js';
import type { RouterPool } from '../routers/pool.js';
import { routerTarget } from '../routers/target.js';
import type { SecretBox } from '../security/secret-box.js';
import { conektaGateway } from './gateways/conekta.js';
import type { GatewayName, PaymentGateway } from './gateways/gateway.js';
import { createGatewayAgent } from './gateways/http.js';
import { mercadoPagoGateway } from './gateways/mercadopago.js';
import { createCredentialsMailer } from './credentials-mail.js';
import type { RouterExec } from './hotspot-users.js';

/** The empresa has not configured the gateway it is asked to charge through. */
export class GatewayNotConfiguredError extends Error {
  constructor(
    readonly companyId: string,
    readonly gateway: GatewayName,
  ) {
    super(`${gateway} is not configured for ${companyId}`);
    this.name = 'GatewayNotConfiguredError';
  }
}

/** The router or empresa of a transaction no longer exists. */
export class RecordGoneError extends Error {
  constructor(
    readonly kind: 'router' | 'empresa',
    readonly id: string,
  ) {
    super(`${kind} ${id} no longer exists`);
    this.name = 'RecordGoneError';
  }
}

export interface PaymentServices {
  /** The empresa's client for `gateway`. @throws GatewayNotConfiguredError */
  gatewayFor(company: CompanyRow, gateway: GatewayName): PaymentGateway;
  /** Same, by empresa id. @throws RecordGoneError, GatewayNotConfiguredError */
  gatewayForCompanyId(companyId: string, gateway: GatewayName): Promise<PaymentGateway>;
  /** Commands on the router's pooled connection. */
  routerExec(router: RouterRow): RouterExec;
  /** Same, by router id. @throws RecordGoneError */
  routerExecForId(routerId: string): Promise<RouterExec>;
  /** A long-running command (`listen`) on the router's pooled connection. @throws RecordGoneError */
  routerStreamForId(routerId: string, path: string, params?: Params): Promise<RouterOSStream>;
  /** E-mails a paid cash sale's credentials to its customer, when SMTP is configured and the customer gave an address. */
  mailCredentials(transaction: TransactionRow): Promise<void>;
  /** Closes the gateways' HTTP pool and the SMTP connection (the router pool belongs to its owner). */
  close(): Promise<void>;
}

export function createPaymentServices(deps: { config: Config; db: Db; secrets: SecretBox; routers: RouterPool }): PaymentServices {
  const { config, db, secrets, routers } = deps;
  const agent: Agent = createGatewayAgent({ connectMs: Math.min(5000, config.gateways.timeoutMs), readMs: config.gateways.timeoutMs });
  const mailer = config.smtp ? createCredentialsMailer(config.smtp, secrets, config.gateways.timeoutMs) : undefined;

  function gatewayFor(company: CompanyRow, gateway: GatewayName): PaymentGateway {
    if (gateway === 'conekta') {
      if (!company.conekta_private_key_sealed) throw new GatewayNotConfiguredError(company.id, gateway);
      return conektaGateway({
        baseUrl: config.gateways.conektaUrl,
        privateKey: secrets.open(company.conekta_private_key_sealed),
        dispatcher: agent,
      });
    }
    if (!company.mercadopago_access_token_sealed) throw new GatewayNotConfiguredError(company.id, gateway);
    return mercadoPagoGateway({
      baseUrl: config.gateways.mercadoPagoUrl,
      accessToken: secrets.open(company.mercadopago_access_token_sealed),
      dispatcher: agent,
    });
  }

  function routerExec(router: RouterRow): RouterExec {
    const target = routerTarget(router, secrets);
    return (path, params) => routers.exec(target, path, params);
  }

  return {
    gatewayFor,
    routerExec,
    async gatewayForCompanyId(companyId, gateway) {
      const company = await findCompany(db, companyId);
      if (!company) throw new RecordGoneError('empresa', companyId);
      return gatewayFor(company, gateway);
    },
    async routerExecForId(routerId) {
      const router = await findRouter(db, routerId);
      if (!router) throw new RecordGoneError('router', routerId);
      return routerExec(router);
    },
    async routerStreamForId(routerId, path, params) {
      const router = await findRouter(db, routerId);
      if (!router) throw new RecordGoneError('router', routerId);
      return routers.stream(routerTarget(router, secrets), path, params);
    },
    async mailCredentials(transaction) {
      if (transaction.channel === 'cash') await mailer?.send(transaction);
    },
    close: async () => {
      mailer?.close();
      await agent.close();
    },
  };
}
