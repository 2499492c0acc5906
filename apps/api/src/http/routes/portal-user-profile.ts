/**
 * `POST /api/v1/hotspot/user/profile-info` in the old service's contract (LEGACY-API.md §4.5.7):
 * the router's facts about a hotspot user the portal holds credentials for. The old credential rule
 * is kept (src/hotspot/credentials.ts), the attempts are limited, and the user's password is never
 * in the answer.
 */
import { Type } from 'typebox';
import { reserveCheck } from '../../hotspot/attempts.js';
import { profileInfo } from '../../hotspot/profile-info.js';
import { apiKeyAuth, grantOf } from '../auth.js';
import type { RouteModule } from '../context.js';
import { profileInfoAnswer, profileInfoAnswerSchema } from '../hotspot-views.js';
import { portalDocs } from '../portal.js';
import { closedObject, errorSchema, nullable } from '../schemas.js';

export const portalUserProfileRoutes: RouteModule = (app, ctx) => {
  app.post(
    '/api/v1/hotspot/user/profile-info',
    {
      onRequest: apiKeyAuth(ctx),
      schema: {
        ...portalDocs,
        summary: "A hotspot user's profile and state on the router, for a portal that holds its credentials",
        body: closedObject({
          username: Type.String({ minLength: 1, maxLength: 64 }),
          password: Type.Optional(nullable({ maxLength: 128 })),
        }),
        response: { 200: profileInfoAnswerSchema, 401: errorSchema, 422: errorSchema, 429: errorSchema },
      },
    },
    async (request) => {
      const grant = grantOf(request);
      const { username, password } = request.body;
      const check = await reserveCheck(ctx.throttle, { routerId: grant.router.id, username, address: request.ip });
      const outcome = await profileInfo(ctx.payments.routerExec(grant.router), { username, password });
      await check.settle(outcome.result === 'refused');
      return profileInfoAnswer(outcome, username, ctx.now());
    },
  );
};
