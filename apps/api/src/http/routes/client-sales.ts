/**
 * Sales as the client admin sees them: `GET /api/v1/admin/mi-empresa/transacciones?limit&offset`
 * and `GET /api/v1/admin/mi-empresa/dashboard`. Hotspot passwords never appear here.
 */
import { listTransactions } from '../../db/transactions.js';
import { adminOf, sessionAuth } from '../auth.js';
import type { RouteModule } from '../context.js';
import { salesFigures } from '../sales-figures.js';
import { Type } from 'typebox';
import { closedObject, errorSchema, MAX_ROW_NUMBER, sessionSecurity } from '../schemas.js';
import { transactionView } from '../views.js';

const transactionSchema = { type: 'object', additionalProperties: true } as const;

export const clientSalesRoutes: RouteModule = (app, ctx) => {
  const onRequest = sessionAuth(ctx, ['cliente_admin']);
  const common = { tags: ['client admin'], security: sessionSecurity };
  const errors = { 401: errorSchema, 403: errorSchema };

  app.get(
    '/api/v1/admin/mi-empresa/transacciones',
    {
      onRequest,
      schema: {
        ...common,
        summary: "The empresa's purchase attempts, newest first",
        querystring: closedObject({
          limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
          // An offset past any real table: a bigger one is a client's mistake (422), not a database error.
          offset: Type.Integer({ minimum: 0, maximum: MAX_ROW_NUMBER, default: 0 }),
        }),
        response: {
          200: {
            type: 'object',
            properties: {
              empresa_id: { type: 'string' },
              total: { type: 'integer' },
              limit: { type: 'integer' },
              offset: { type: 'integer' },
              transacciones: { type: 'array', items: transactionSchema },
            },
          },
          ...errors,
        },
      },
    },
    async (request) => {
      const companyId = adminOf(request).empresa_id!;
      const { limit, offset } = request.query;
      const page = await listTransactions(ctx.db, companyId, { limit, offset });
      return { empresa_id: companyId, total: page.total, limit, offset, transacciones: page.rows.map(transactionView) };
    },
  );

  app.get(
    '/api/v1/admin/mi-empresa/dashboard',
    {
      onRequest,
      schema: {
        ...common,
        summary: "The empresa's sales figures and latest attempts",
        response: { 200: { type: 'object', additionalProperties: true }, ...errors },
      },
    },
    async (request) => {
      const companyId = adminOf(request).empresa_id!;
      const [figures, latest] = await Promise.all([
        salesFigures(ctx.db, companyId, ctx.now()),
        listTransactions(ctx.db, companyId, { limit: 10, offset: 0 }),
      ]);
      return { empresa_id: companyId, ...figures, ultimas_transacciones: latest.rows.map(transactionView) };
    },
  );
};
