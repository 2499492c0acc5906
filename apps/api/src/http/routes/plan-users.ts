/**
 * Client admin: a sold hotspot user's validity, under /api/v1/admin/mi-empresa/transacciones/{id}:
 * `POST .../extender {vigencia}` and `POST .../terminar`. The flows are src/plans/user-actions.ts.
 */
import { findTransaction } from '../../db/transactions.js';
import { DurationError, parsePlanDuration } from '../../plans/duration.js';
import { extendValidity, terminateUser, UserActionError, type UserActionDeps } from '../../plans/user-actions.js';
import { isRouterFailure } from '../../routers/failure.js';
import { adminOf, sessionAuth } from '../auth.js';
import type { RouteModule } from '../context.js';
import { HttpError, notFound } from '../errors.js';
import { closedObject, errorSchema, idParam, sessionSecurity } from '../schemas.js';
import { Type } from 'typebox';
import { transactionView } from '../views.js';

const base = '/api/v1/admin/mi-empresa/transacciones/:id';

export const planUserRoutes: RouteModule = (app, ctx) => {
  const onRequest = sessionAuth(ctx, ['cliente_admin']);
  const common = { tags: ['client admin'], security: sessionSecurity };
  const params = Type.Object({ id: idParam });
  const response = {
    // The sale as the transaction list shows it (src/http/views.ts), with its new validity.
    200: Type.Object({ id: Type.String(), estado: Type.String(), estado_pago: Type.String() }, { additionalProperties: true }),
    401: errorSchema,
    403: errorSchema,
    404: errorSchema,
    409: errorSchema,
    503: errorSchema,
  };
  const deps: UserActionDeps = { db: ctx.db, now: ctx.now, routerExecFor: (id) => ctx.payments.routerExecForId(id) };

  /** The empresa's sale, or 404 (another empresa's looks missing). */
  const saleOf = async (request: Parameters<typeof adminOf>[0], id: string) => {
    const row = await findTransaction(ctx.db, id, { companyId: adminOf(request).empresa_id! });
    if (!row) throw notFound('Transacción no encontrada');
    return row;
  };
  /** Router failures are 503 (nothing changed); a user that cannot be changed is 409. */
  const answering = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      if (error instanceof UserActionError) throw new HttpError(409, error.message);
      if (isRouterFailure(error)) throw new HttpError(503, 'Router no disponible; no se hizo ningún cambio');
      throw error;
    }
  };

  app.post(
    `${base}/extender`,
    {
      onRequest,
      schema: {
        ...common,
        summary: "Extends a sold user's validity by `vigencia` (a RouterOS duration)",
        params,
        body: closedObject({ vigencia: Type.String({ minLength: 1, maxLength: 40 }) }),
        response: { ...response, 422: errorSchema },
      },
    },
    async (request) => {
      let seconds: number;
      try {
        seconds = parsePlanDuration('vigencia', request.body.vigencia);
      } catch (error) {
        if (error instanceof DurationError) throw new HttpError(422, error.message);
        throw error;
      }
      const row = await saleOf(request, request.params.id);
      return transactionView(await answering(() => extendValidity(deps, row, seconds, adminOf(request).id)));
    },
  );

  app.post(
    `${base}/terminar`,
    {
      onRequest,
      schema: { ...common, summary: 'Ends a sold user now: removed from the router, its sessions logged out', params, response },
    },
    async (request) => {
      const row = await saleOf(request, request.params.id);
      return transactionView(await answering(() => terminateUser(deps, row, adminOf(request).id)));
    },
  );
};
