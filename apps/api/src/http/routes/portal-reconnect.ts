/**
 * `POST /api/v1/hotspot/auto-reconnect` in the old service's contract (LEGACY-API.md §4.5.6): a
 * returning device is logged in again as the hotspot user the portal remembered. Unlike the old
 * service, the password must fit the router's record of the user (src/hotspot/credentials.ts) and
 * attempts are limited (src/hotspot/attempts.ts); an unknown user and a wrong password answer alike.
 */
import { Type } from 'typebox';
import { reserveCheck } from '../../hotspot/attempts.js';
import { reconnect } from '../../hotspot/reconnect.js';
import { isValidClientIp, normalizeMac } from '../../payments/auto-connect.js';
import { apiKeyAuth, grantOf } from '../auth.js';
import type { RouteModule } from '../context.js';
import { HttpError } from '../errors.js';
import { reconnectAnswer, reconnectAnswerSchema } from '../hotspot-views.js';
import { portalDocs } from '../portal.js';
import { closedObject, errorSchema, nullable } from '../schemas.js';

/** The old body; `stored_mac` and `current_ssid` are accepted and, as before, not used. */
const reconnectBody = closedObject({
  username: Type.String({ minLength: 1, maxLength: 64 }),
  password: Type.Optional(nullable({ maxLength: 128 })),
  stored_mac: Type.Optional(nullable({ maxLength: 64 })),
  current_mac: Type.String({ maxLength: 64 }),
  current_ip: Type.Optional(nullable({ maxLength: 64 })),
  current_ssid: Type.Optional(nullable({ maxLength: 200 })),
});

export const portalReconnectRoutes: RouteModule = (app, ctx) => {
  app.post(
    '/api/v1/hotspot/auto-reconnect',
    {
      onRequest: apiKeyAuth(ctx),
      schema: {
        ...portalDocs,
        summary: 'Logs a returning device in again as the hotspot user it remembered (password checked, attempts limited)',
        body: reconnectBody,
        response: { 200: reconnectAnswerSchema, 401: errorSchema, 422: errorSchema, 429: errorSchema },
      },
    },
    async (request) => {
      const grant = grantOf(request);
      const { username, password, current_mac, current_ip } = request.body;
      // Checked strictly: the old service pasted this value into a router script (LEGACY-API.md §8.4).
      const mac = normalizeMac(current_mac);
      if (!mac) throw new HttpError(422, 'current_mac no es una dirección MAC válida');
      // As before, an address that is not a usable IPv4 one is looked up on the router by MAC instead.
      const ip = current_ip && current_ip !== '0.0.0.0' && isValidClientIp(current_ip) ? current_ip : undefined;
      const check = await reserveCheck(ctx.throttle, { routerId: grant.router.id, username, address: request.ip, mac });
      const outcome = await reconnect(ctx.payments.routerExec(grant.router), { username, password, mac, ip });
      await check.settle(outcome.result === 'refused');
      return reconnectAnswer(outcome, current_mac, ctx.now());
    },
  );
};
