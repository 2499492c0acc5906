/**
 * `POST /api/v1/webhook/mercado-pago`: Mercado Pago's payment notifications. The signature is
 * required and checked in constant time with the empresa's webhook secret; a bad or missing one
 * answers 401 and changes nothing. The notification only says "payment N changed": its status is
 * read back from Mercado Pago, then applied as reconciliation would (approved → user enabled;
 * rejected → removed; refunded or charged back → removed, attempt reversed). Duplicates are ignored.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { findEmpresa, listEmpresas, type EmpresaRow } from '../../db/empresas.js';
import { findTransaction, findTransactionByCharge, forgetWebhookEvent, recordWebhookEvent } from '../../db/transactions.js';
import { GatewayError } from '../../payments/gateways/gateway.js';
import { isRouterFailure } from '../../routers/failure.js';
import { applyChargeStatus } from '../../payments/reconcile.js';
import { reconcileDepsFor } from '../../payments/reconcile-deps.js';
import { parseSignatureHeader, verifyWebhookSignature } from '../../payments/webhook-signature.js';
import { HttpError, unauthorized } from '../errors.js';
import type { PortalContext } from './portal-shared.js';

interface WebhookBody {
  type?: string;
  action?: string;
  data?: { id?: string | number };
}
interface WebhookQuery {
  'data.id'?: string;
  type?: string;
  empresa_id?: string;
}

const header = (request: FastifyRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
};

export function registerMercadoPagoWebhook(app: FastifyInstance, portal: PortalContext): void {
  const { ctx, services } = portal;
  const reconcileDeps = reconcileDepsFor(ctx, services);

  /** The empresas whose secret may have signed a notification about payment `dataId`. */
  async function candidates(dataId: string, empresaId: string | undefined): Promise<EmpresaRow[]> {
    const tx = await findTransactionByCharge(ctx.db, 'mercadopago', dataId);
    const wanted = tx?.empresa_id ?? empresaId;
    // The one empresa the payment (or else the query) names; every empresa only when neither does.
    const rows = wanted === undefined ? await listEmpresas(ctx.db) : [await findEmpresa(ctx.db, wanted)];
    return rows.filter((e): e is EmpresaRow => e !== undefined && e.mercadopago_webhook_secret_sealed !== null);
  }

  app.post<{ Body: WebhookBody; Querystring: WebhookQuery }>(
    '/api/v1/webhook/mercado-pago',
    {
      // Before the body is even parsed: without a signature there is nothing to discuss.
      onRequest: async (request) => {
        if (!parseSignatureHeader(header(request, 'x-signature'))) throw unauthorized('Firma ausente o mal formada');
      },
      schema: {
        tags: ['webhooks'],
        summary: 'Mercado Pago payment notifications (X-Signature required)',
        querystring: {
          type: 'object',
          properties: {
            'data.id': { type: 'string', maxLength: 64 },
            type: { type: 'string' },
            empresa_id: { type: 'string', maxLength: 64 },
          },
        },
        body: {
          type: 'object',
          properties: {
            type: { type: 'string' },
            action: { type: 'string' },
            data: { type: 'object', properties: { id: { type: ['string', 'integer'] } } },
          },
        },
      },
    },
    async (request) => {
      const signature = parseSignatureHeader(header(request, 'x-signature'))!;
      const rawId = request.query['data.id'] ?? request.body?.data?.id;
      const dataId = rawId === undefined ? '' : String(rawId);
      const requestId = header(request, 'x-request-id') ?? '';
      if (!/^\d{1,30}$/.test(dataId)) throw unauthorized('Firma inválida');
      let empresa: EmpresaRow | undefined;
      for (const candidate of await candidates(dataId, request.query.empresa_id)) {
        if (verifyWebhookSignature(ctx.secrets.open(candidate.mercadopago_webhook_secret_sealed!), signature, dataId, requestId)) {
          empresa = candidate;
          break;
        }
      }
      if (!empresa) throw unauthorized('Firma inválida');

      const eventId = `mercadopago:${empresa.id}:${dataId}:${requestId}:${signature.ts}`;
      if (!(await recordWebhookEvent(ctx.db, eventId, ctx.now()))) return { status: 'duplicado' };
      const type = request.body?.type ?? request.query.type;
      if (type !== undefined && type !== 'payment') return { status: 'ignorado' };
      try {
        const found = await services.gatewayFor(empresa, 'mercadopago').lookUp('', dataId);
        const tx =
          (await findTransactionByCharge(ctx.db, 'mercadopago', dataId)) ??
          (found.reference ? await findTransaction(ctx.db, found.reference, { empresaId: empresa.id }) : undefined);
        if (!tx || tx.empresa_id !== empresa.id || tx.pasarela !== 'mercadopago') return { status: 'ignorado' };
        await applyChargeStatus(reconcileDeps, await reconcileDeps.routerExecFor(tx.router_id), tx, found);
        const after = await findTransaction(ctx.db, tx.id);
        return { status: 'procesado', id_transaccion: tx.id, estado: after?.estado };
      } catch (error) {
        await forgetWebhookEvent(ctx.db, eventId);
        // Mercado Pago retries a notification that did not get a 2xx: let it, when the failure is passing.
        if (error instanceof GatewayError || isRouterFailure(error)) throw new HttpError(503, 'No se pudo procesar ahora; reintente');
        throw error;
      }
    },
  );
}
