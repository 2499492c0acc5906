/**
 * `POST /api/v1/hotspot/auto-reconnect`: logs a returning device in again with the credentials it
 * bought. The password sent is checked against the stored one (the old service returned the stored
 * password without checking anything), in constant time, and attempts are throttled per router and
 * MAC, so the route cannot be used to guess passwords.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { findTransactionByHotspotUser } from '../../db/transactions.js';
import { autoConnect, isValidClientIp, normalizeMac } from '../../payments/auto-connect.js';
import type { Limit } from '../../security/throttle.js';
import { apiKeyAuth, grantOf } from '../auth.js';
import type { RouteModule } from '../context.js';
import { HttpError, unauthorized } from '../errors.js';
import { portalDocs } from '../portal.js';
import { Type } from 'typebox';
import { autoConnectSchema, closedObject, errorSchema } from '../schemas.js';

const reconnectBody = closedObject({
  username: Type.String({ minLength: 1, maxLength: 64 }),
  password: Type.String({ minLength: 1, maxLength: 128 }),
  current_mac: Type.String({ maxLength: 17 }),
  current_ip: Type.Optional(Type.String({ maxLength: 15 })),
});

/** Attempts allowed per router and MAC, and per client address, in a minute. */
export const RECONNECT_LIMITS: { perDevice: Limit; perAddress: Limit } = {
  perDevice: { maxAttempts: 5, windowSeconds: 60 },
  perAddress: { maxAttempts: 60, windowSeconds: 60 },
};

function sameSecret(a: string, b: string): boolean {
  // Hash first so the comparison takes the same time whatever the lengths.
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(a), digest(b));
}

export const portalReconnectRoutes: RouteModule = (app, ctx) => {
  const services = ctx.payments;
  const onRequest = apiKeyAuth(ctx);
  const common = portalDocs;

  app.post(
    '/api/v1/hotspot/auto-reconnect',
    {
      onRequest,
      schema: {
        ...common,
        summary: 'Logs a returning device in again with the credentials it bought (password checked, throttled per router and MAC)',
        body: reconnectBody,
        response: {
          200: {
            type: 'object',
            properties: {
              success: { type: 'boolean' },
              auto_conexion: autoConnectSchema,
            },
          },
          401: errorSchema,
          422: errorSchema,
          429: errorSchema,
        },
      },
    },
    async (request) => {
      const grant = grantOf(request);
      const body = request.body;
      const mac = normalizeMac(body.current_mac);
      if (!mac) throw new HttpError(422, 'current_mac no es una dirección MAC válida');
      const ip = body.current_ip || undefined;
      if (ip !== undefined && !isValidClientIp(ip)) throw new HttpError(422, 'current_ip no es una dirección IPv4 válida');
      // Every attempt counts, not only failures: a device reconnects a few times a day at most.
      await ctx.throttle.reserve([
        { bucket: `reconnect-device:${grant.router.id}|${mac}`, limit: RECONNECT_LIMITS.perDevice },
        { bucket: `reconnect-address:${request.ip}`, limit: RECONNECT_LIMITS.perAddress },
      ]);

      const tx = await findTransactionByHotspotUser(ctx.db, grant.router.id, body.username);
      const stored = tx?.state === 'paid' ? ctx.secrets.open(tx.hotspot_password_sealed) : undefined;
      // Compare even when there is nothing to compare with, so timing does not reveal which users exist.
      const matches = sameSecret(body.password, stored ?? '\u0000');
      if (!stored || !matches) throw unauthorized('Usuario o contraseña incorrectos');

      const result = await autoConnect(services.routerExec(grant.router), { username: body.username, password: stored, mac, ip });
      return { success: result.estado === 'conectado', auto_conexion: result };
    },
  );
};
