/**
 * The operator's console (apps/console, built by the root build) served at /panel/ by
 * @fastify/static. Its files are hashed by the build, so they are cached for good; index.html is
 * not cached, so a new build reaches the browser on the next load. The pages navigate by #hash:
 * every page is /panel/ to the server.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyReply } from 'fastify';
import type { RouteModule } from '../context.js';

export const CONSOLE_PREFIX = '/panel/';

/** Only this origin's files; the plan preview is this origin's frame; nothing inline runs. */
const CONSOLE_HEADERS = {
  'content-security-policy':
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
};

/** apps/console/dist, found through the workspace package wherever this file was built to. */
export function consoleDistDir(): string {
  return join(dirname(createRequire(import.meta.url).resolve('@hotspot/console/package.json')), 'dist');
}

export const consoleAppRoutes: RouteModule = async (app) => {
  const root = consoleDistDir();
  const redirect = (_request: unknown, reply: FastifyReply) => reply.redirect(CONSOLE_PREFIX, 301);
  app.get('/panel', { schema: { hide: true } }, redirect);
  if (!existsSync(join(root, 'index.html'))) {
    app.get(`${CONSOLE_PREFIX}*`, { schema: { hide: true } }, (_request, reply) =>
      reply.code(503).send({ detail: 'La consola no está construida: ejecute npm run build' }),
    );
    return;
  }
  await app.register(fastifyStatic, {
    root,
    prefix: CONSOLE_PREFIX,
    wildcard: true,
    index: ['index.html'],
    preCompressed: false,
    setHeaders: (reply, path) => {
      reply.headers(CONSOLE_HEADERS);
      reply.header('cache-control', path.endsWith('.html') ? 'no-cache' : 'public, max-age=31536000, immutable');
    },
  });
};
