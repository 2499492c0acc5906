/**
 * `POST /api/v1/routers/validar-empresa-router` in the old service's contract (LEGACY-API.md
 * §4.5.8): whether the API key's router answers now, asked through its pooled connection.
 */
import { routerAnswers } from '../../routers/reachable.js';
import { apiKeyAuth, grantOf } from '../auth.js';
import type { RouteModule } from '../context.js';
import { routerCheckAnswer, routerCheckAnswerSchema } from '../hotspot-views.js';
import { portalDocs } from '../portal.js';
import { errorSchema } from '../schemas.js';

export const portalRouterCheckRoutes: RouteModule = async (app, ctx) => {
  // The route takes no body; a portal that sends `Content-Type: application/json` with none (or
  // with anything) is not refused for it, as the old service did not refuse it.
  await app.register(async (scoped) => {
    scoped.removeContentTypeParser('application/json');
    scoped.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, _body, done) => done(null, undefined));
    scoped.post(
      '/api/v1/routers/validar-empresa-router',
      {
        onRequest: apiKeyAuth(ctx),
        schema: {
          ...portalDocs,
          summary: "Whether the API key's router answers now",
          response: { 200: routerCheckAnswerSchema, 401: errorSchema },
        },
      },
      async (request) => routerCheckAnswer(await routerAnswers(ctx.payments.routerExec(grantOf(request).router)), ctx.now()),
    );
  });
};
