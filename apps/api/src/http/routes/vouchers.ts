/**
 * Client admin: voucher batches (issue 15, item 2), under /api/v1/admin/mi-empresa/vouchers:
 *
 *   POST .../vouchers {producto_id, cantidad, prefijo?, tipo_usuario?}   a batch on the plan's router
 *   GET  .../vouchers?lote_id&estado&desde&hasta&limit&offset           the vouchers
 *   POST .../vouchers/{id}/vender | /revocar                              one voucher
 *   GET  .../vouchers/lotes, .../vouchers/lotes/{id}                      batches, with counts by state
 *   POST .../vouchers/lotes/{id}/vender | /revocar {desde?, hasta?}       a range of a batch (all without bounds)
 *   POST .../vouchers/lotes/{id}/reanudar                                 finish a batch a router drop cut short
 *
 *   GET  .../vouchers/lotes/{id}/imprimir?formato=a4|carta|58mm&salida=html|pdf&desde&hasta   the printable sheet
 *
 * The flows are src/vouchers/.
 */
import { Type } from 'typebox';
import {
  batchCounts,
  findBatch,
  findBatchOfVoucher,
  listBatches,
  listVouchers,
  printableVouchers,
  type BatchRow,
  type VoucherRow,
  type VoucherSelection,
} from '../../db/vouchers.js';
import { logoUrl } from '../../branding/logo.js';
import { companyLogo } from '../../db/company-logos.js';
import { findRouter } from '../../db/routers.js';
import { isRouterFailure } from '../../routers/failure.js';
import {
  BatchBusyError,
  BatchInterruptedError,
  createVoucherBatch,
  MAX_BATCH_SIZE,
  resumeVoucherBatch,
  type VoucherDeps,
} from '../../vouchers/batch.js';
import { revokeSelected, sellSelected } from '../../vouchers/counter.js';
import { sheetPdf } from '../../vouchers/sheet-pdf.js';
import { buildSheet, sheetHtml } from '../../vouchers/sheet.js';
import { adminOf, sessionAuth } from '../auth.js';
import type { RouteModule } from '../context.js';
import { HttpError, notFound } from '../errors.js';
import { requireCompany, requireProduct } from '../lookups.js';
import { closedObject, errorSchema, idParam, MAX_ROW_NUMBER, sessionSecurity } from '../schemas.js';
import { batchView, VOUCHER_STATUS_NAMES, VOUCHER_STATUSES, voucherView } from '../voucher-views.js';

const base = '/api/v1/admin/mi-empresa/vouchers';
const number = Type.Integer({ minimum: 1, maximum: MAX_BATCH_SIZE });
const rangeBody = closedObject({ desde: Type.Optional(number), hasta: Type.Optional(number) });
/** A batch or voucher view (src/http/voucher-views.ts), sent as built. */
const anyObject = Type.Object({}, { additionalProperties: true });

export const voucherRoutes: RouteModule = (app, ctx) => {
  const onRequest = sessionAuth(ctx, ['cliente_admin']);
  const common = { tags: ['client admin'], security: sessionSecurity };
  const errors = { 401: errorSchema, 403: errorSchema, 404: errorSchema, 422: errorSchema };
  const deps: VoucherDeps = {
    db: ctx.db,
    secrets: ctx.secrets,
    now: ctx.now,
    routerExecFor: (routerId) => ctx.payments.routerExecForId(routerId),
  };
  const companyOf = (request: Parameters<typeof adminOf>[0]) => adminOf(request).empresa_id!;
  const params = closedObject({ id: idParam });

  const batchOf = async (companyId: string, id: string): Promise<BatchRow> => {
    const batch = await findBatch(ctx.db, id, companyId);
    if (!batch) throw notFound('Lote no encontrado');
    return batch;
  };
  const viewOf = async (batch: BatchRow) => batchView(batch, (await batchCounts(ctx.db, [batch.id])).get(batch.id) ?? {});
  /** A batch the router cut short is kept: 503, saying how to finish it. */
  const interrupted = (batchId: string) =>
    new HttpError(503, `Router no disponible: el lote ${batchId} quedó a medias; reanúdelo con POST ${base}/lotes/${batchId}/reanudar`);
  const range = (
    batchId: string,
    body: { desde?: number | undefined; hasta?: number | undefined },
  ): { batchId: string; from?: number | undefined; to?: number | undefined } => {
    if (body.desde !== undefined && body.hasta !== undefined && body.desde > body.hasta) {
      throw new HttpError(422, 'desde no puede ser mayor que hasta');
    }
    return { batchId, from: body.desde, to: body.hasta };
  };
  const answer = (vouchers: VoucherRow[]) => ({
    cantidad: vouchers.length,
    vouchers: vouchers.map((v) => ({ id: v.id, lote_id: v.batch_id, numero: v.number })),
  });
  const sell = async (companyId: string, selection: VoucherSelection) => answer(await sellSelected(deps, companyId, selection));
  const revoke = async (companyId: string, batch: BatchRow, selection: VoucherSelection) => {
    try {
      return answer(await revokeSelected(deps, companyId, batch.router_id, selection));
    } catch (error) {
      if (!isRouterFailure(error)) throw error;
      throw new HttpError(503, 'Router no disponible: los vouchers quedaron revocados; repita la revocación para quitarlos del router');
    }
  };
  /** The batch of one of the empresa's vouchers. */
  const batchOfVoucher = async (companyId: string, voucherId: string): Promise<BatchRow> => {
    const batch = await findBatchOfVoucher(ctx.db, voucherId, companyId);
    if (!batch) throw notFound('Voucher no encontrado');
    return batch;
  };

  app.post(
    base,
    {
      onRequest,
      schema: {
        ...common,
        summary: "Makes `cantidad` vouchers of a plan on the plan's router, in one pipelined burst",
        body: closedObject({
          producto_id: Type.Integer({ minimum: 1 }),
          cantidad: Type.Integer({ minimum: 1, maximum: MAX_BATCH_SIZE }),
          prefijo: Type.Optional(Type.String({ pattern: '^[a-z0-9-]{1,8}$', description: 'lower-case letters, digits, -' })),
          tipo_usuario: Type.Optional(
            Type.Union([Type.Literal('usuario_contrasena'), Type.Literal('pin')], { default: 'usuario_contrasena' }),
          ),
        }),
        response: { 201: anyObject, ...errors, 503: errorSchema },
      },
    },
    async (request, reply) => {
      const companyId = companyOf(request);
      const product = await requireProduct(ctx, request.body.producto_id, companyId);
      if (!product.activo) throw new HttpError(422, 'El producto no está activo');
      const router = await findRouter(ctx.db, product.router_id, companyId);
      if (!router?.activo) throw new HttpError(422, 'El router del producto no está activo');
      try {
        const batch = await createVoucherBatch(deps, {
          companyId,
          product,
          count: request.body.cantidad,
          prefix: request.body.prefijo,
          userKind: request.body.tipo_usuario ?? 'usuario_contrasena',
          createdBy: adminOf(request).id,
        });
        return reply.code(201).send(await viewOf(batch));
      } catch (error) {
        if (error instanceof BatchInterruptedError) throw interrupted(error.batchId);
        throw error;
      }
    },
  );

  app.get(
    base,
    {
      onRequest,
      schema: {
        ...common,
        summary: "The empresa's vouchers, by batch and number; filter by batch, state and number range",
        querystring: closedObject({
          lote_id: Type.Optional(idParam),
          estado: Type.Optional(Type.Union(Object.values(VOUCHER_STATUS_NAMES).map((name) => Type.Literal(name)))),
          desde: Type.Optional(number),
          hasta: Type.Optional(number),
          limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
          offset: Type.Integer({ minimum: 0, maximum: MAX_ROW_NUMBER, default: 0 }),
        }),
        response: { 200: anyObject, ...errors },
      },
    },
    async (request) => {
      const { lote_id, estado, desde, hasta, limit, offset } = request.query;
      const page = await listVouchers(
        ctx.db,
        companyOf(request),
        { batchId: lote_id, status: estado === undefined ? undefined : VOUCHER_STATUSES[estado], from: desde, to: hasta },
        { limit, offset },
      );
      return { total: page.total, limit, offset, vouchers: page.rows.map(voucherView) };
    },
  );

  app.get(
    `${base}/lotes`,
    {
      onRequest,
      schema: {
        ...common,
        summary: "The empresa's voucher batches, newest first, with how many vouchers are in each state",
        querystring: closedObject({
          limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
          offset: Type.Integer({ minimum: 0, maximum: MAX_ROW_NUMBER, default: 0 }),
        }),
        response: { 200: anyObject, ...errors },
      },
    },
    async (request) => {
      const { limit, offset } = request.query;
      const page = await listBatches(ctx.db, companyOf(request), { limit, offset });
      const counts = await batchCounts(
        ctx.db,
        page.rows.map((b) => b.id),
      );
      return { total: page.total, limit, offset, lotes: page.rows.map((b) => batchView(b, counts.get(b.id) ?? {})) };
    },
  );

  app.get(
    `${base}/lotes/:id`,
    { onRequest, schema: { ...common, summary: 'One batch, with its counts by state', params, response: { 200: anyObject, ...errors } } },
    async (request) => viewOf(await batchOf(companyOf(request), request.params.id)),
  );

  app.get(
    `${base}/lotes/:id/imprimir`,
    {
      onRequest,
      schema: {
        ...common,
        summary: "A batch's printable sheet (unsold and sold vouchers): HTML with print CSS, or PDF",
        params,
        querystring: closedObject({
          formato: Type.Union([Type.Literal('a4'), Type.Literal('carta'), Type.Literal('58mm')], { default: 'a4' }),
          salida: Type.Union([Type.Literal('html'), Type.Literal('pdf')], { default: 'html' }),
          desde: Type.Optional(number),
          hasta: Type.Optional(number),
        }),
        response: {
          200: Type.Unsafe<string | Buffer>({ type: 'string', description: 'text/html (print CSS) or application/pdf' }),
          ...errors,
          409: errorSchema,
        },
      },
    },
    async (request, reply) => {
      const companyId = companyOf(request);
      const batch = await batchOf(companyId, request.params.id);
      if (batch.state !== 'ready')
        throw new HttpError(409, `El lote no está completo: reanúdelo con POST ${base}/lotes/${batch.id}/reanudar`);
      const { formato, salida, desde, hasta } = request.query;
      const selection = range(batch.id, { desde, hasta });
      const [company, logo, vouchers] = await Promise.all([
        requireCompany(ctx, companyId),
        companyLogo(ctx.db, companyId),
        printableVouchers(ctx.db, batch.id, { from: selection.from, to: selection.to }),
      ]);
      const sheet = buildSheet({
        format: formato,
        company: { nombre: company.nombre, logo: logo ? { ...logo, url: logoUrl(logo.fileName)! } : null },
        batch,
        vouchers,
        secrets: ctx.secrets,
      });
      // Credentials: never cached on the way, nor named to the logo's host.
      reply.headers({ 'cache-control': 'no-store', 'referrer-policy': 'no-referrer', 'x-content-type-options': 'nosniff' });
      if (salida === 'pdf') {
        return reply
          .type('application/pdf')
          .header('content-disposition', `inline; filename="vouchers-${batch.id}-${formato}.pdf"`)
          .send(await sheetPdf(sheet));
      }
      return reply.type('text/html; charset=utf-8').send(sheetHtml(sheet));
    },
  );

  app.post(
    `${base}/lotes/:id/reanudar`,
    {
      onRequest,
      schema: {
        ...common,
        summary: 'Finishes a batch a router drop cut short: users found on the router are kept, the rest added',
        params,
        response: { 200: anyObject, ...errors, 409: errorSchema, 503: errorSchema },
      },
    },
    async (request) => {
      const batch = await batchOf(companyOf(request), request.params.id);
      try {
        return await viewOf(await resumeVoucherBatch(deps, batch));
      } catch (error) {
        if (error instanceof BatchBusyError) throw new HttpError(409, 'El lote se está creando o reanudando en este momento');
        if (error instanceof BatchInterruptedError) throw interrupted(error.batchId);
        throw error;
      }
    },
  );

  app.post(
    `${base}/lotes/:id/vender`,
    {
      onRequest,
      schema: {
        ...common,
        summary: "Marks a batch's unsold vouchers numbered desde..hasta sold now (each a paid sale at the batch's price)",
        params,
        body: rangeBody,
        response: { 200: anyObject, ...errors },
      },
    },
    async (request) => {
      const companyId = companyOf(request);
      const batch = await batchOf(companyId, request.params.id);
      return sell(companyId, range(batch.id, request.body));
    },
  );

  app.post(
    `${base}/lotes/:id/revocar`,
    {
      onRequest,
      schema: {
        ...common,
        summary: "Revokes a batch's unsold vouchers numbered desde..hasta: their users are removed from the router",
        params,
        body: rangeBody,
        response: { 200: anyObject, ...errors, 503: errorSchema },
      },
    },
    async (request) => {
      const companyId = companyOf(request);
      const batch = await batchOf(companyId, request.params.id);
      return revoke(companyId, batch, range(batch.id, request.body));
    },
  );

  app.post(
    `${base}/:id/vender`,
    { onRequest, schema: { ...common, summary: 'Marks one unsold voucher sold now', params, response: { 200: anyObject, ...errors } } },
    async (request) => {
      const companyId = companyOf(request);
      await batchOfVoucher(companyId, request.params.id);
      return sell(companyId, { voucherId: request.params.id });
    },
  );

  app.post(
    `${base}/:id/revocar`,
    {
      onRequest,
      schema: {
        ...common,
        summary: 'Revokes one unsold voucher: its user is removed from the router',
        params,
        response: { 200: anyObject, ...errors, 503: errorSchema },
      },
    },
    async (request) => {
      const companyId = companyOf(request);
      const batch = await batchOfVoucher(companyId, request.params.id);
      return revoke(companyId, batch, { voucherId: request.params.id });
    },
  );
};
