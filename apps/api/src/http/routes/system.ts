/** GET / (name and version) and GET /health (checks the database). */
import { sql } from 'kysely';
import { SERVICE_NAME, SERVICE_VERSION } from '../../version.js';
import type { RouteModule } from '../context.js';
import { HttpError } from '../errors.js';

export const systemRoutes: RouteModule = (app, ctx) => {
  app.get(
    '/',
    {
      schema: {
        summary: 'Service name and version',
        tags: ['system'],
        response: { 200: { type: 'object', properties: { name: { type: 'string' }, version: { type: 'string' } } } },
      },
    },
    async () => ({ name: SERVICE_NAME, version: SERVICE_VERSION }),
  );

  app.get(
    '/health',
    {
      schema: {
        summary: 'Liveness with a database round trip',
        tags: ['system'],
        response: { 200: { type: 'object', properties: { status: { type: 'string' }, database: { type: 'string' } } } },
      },
    },
    async (request) => {
      try {
        await sql`select 1`.execute(ctx.db);
      } catch (err) {
        request.log.error({ err }, 'health check: database unreachable');
        throw new HttpError(503, 'Base de datos no disponible');
      }
      return { status: 'ok', database: 'ok' };
    },
  );
};
