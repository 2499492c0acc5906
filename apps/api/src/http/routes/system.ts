/** GET / (the old service's banner, with our name) and GET /health (the old `healthy`, after a database round trip). */
import { sql } from 'kysely';
import { Type } from 'typebox';
import { SERVICE_NAME, SERVICE_VERSION } from '../../version.js';
import type { RouteModule } from '../context.js';
import { HttpError } from '../errors.js';
import { errorSchema } from '../schemas.js';

const rootSchema = Type.Object({
  message: Type.String(),
  version: Type.String(),
  status: Type.Literal('running'),
  /** The old service's form: seconds, an offset and a redundant `Z` (`2026-05-03T18:22:13+00:00Z`). */
  timestamp: Type.String(),
  docs: Type.String(),
  name: Type.String(),
});

export const systemRoutes: RouteModule = (app, ctx) => {
  app.get('/', { schema: { summary: 'Service banner, name and version', tags: ['system'], response: { 200: rootSchema } } }, async () => ({
    message: 'Sistema de pagos y gestión de accesos WiFi para hotspots MikroTik',
    version: SERVICE_VERSION,
    status: 'running' as const,
    timestamp: `${ctx.now().toISOString().slice(0, 19)}+00:00Z`,
    docs: '/docs',
    name: SERVICE_NAME,
  }));

  app.get(
    '/health',
    {
      schema: {
        summary: 'Liveness with a database round trip (503 without the database)',
        tags: ['system'],
        response: { 200: Type.Object({ status: Type.Literal('healthy'), database: Type.Literal('ok') }), 503: errorSchema },
      },
    },
    async (request) => {
      try {
        await sql`select 1`.execute(ctx.db);
      } catch (err) {
        request.log.error({ err }, 'health check: database unreachable');
        throw new HttpError(503, 'Base de datos no disponible');
      }
      return { status: 'healthy' as const, database: 'ok' as const };
    },
  );
};
