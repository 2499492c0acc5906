/** Reconciliation's dependencies, wired to the payment services (shared by the loop, the CLI and the webhook). */
import type { Db } from '../db/connection.js';
import type { SecretBox } from '../security/secret-box.js';
import type { ReconcileDeps } from './reconcile.js';
import type { PaymentServices } from './services.js';

/** A sale with no gateway to ask (a voucher, settled when sold, which reconciliation never claims). */
export class NoGatewayError extends Error {
  constructor(readonly transactionId: string) {
    super(`transaction ${transactionId} was not paid through a gateway`);
    this.name = 'NoGatewayError';
  }
}

export function reconcileDepsFor(deps: { db: Db; secrets: SecretBox; now: () => Date }, services: PaymentServices): ReconcileDeps {
  return {
    db: deps.db,
    secrets: deps.secrets,
    now: deps.now,
    gatewayFor: (tx) =>
      tx.gateway === null ? Promise.reject(new NoGatewayError(tx.id)) : services.gatewayForCompanyId(tx.empresa_id, tx.gateway),
    routerExecFor: (routerId) => services.routerExecForId(routerId),
    onPaid: (tx) => services.mailCredentials(tx),
  };
}
