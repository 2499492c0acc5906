/**
 * Builds the OpenAPI document from the routes' own JSON schemas: an onRoute hook records each
 * route as it is registered, and GET /openapi.json serves what was recorded.
 */
import type { FastifyInstance, RouteOptions } from 'fastify';

declare module 'fastify' {
  /** Documentation-only keys a route schema may carry (validation ignores them). */
  interface FastifySchema {
    summary?: string;
    tags?: string[];
    security?: Array<Record<string, string[]>>;
    /** Leave the route out of /openapi.json. */
    hide?: boolean;
  }
}

interface RouteSchema {
  summary?: string;
  tags?: string[];
  security?: Array<Record<string, string[]>>;
  body?: unknown;
  querystring?: { properties?: Record<string, unknown>; required?: string[] };
  params?: { properties?: Record<string, unknown> };
  response?: Record<string, unknown>;
}

type Operation = Record<string, unknown>;

function operationOf(route: RouteOptions): Operation {
  const schema = (route.schema ?? {}) as RouteSchema;
  const parameters = [
    ...Object.entries(schema.params?.properties ?? {}).map(([name, s]) => ({ name, in: 'path', required: true, schema: s })),
    ...Object.entries(schema.querystring?.properties ?? {}).map(([name, s]) => ({
      name,
      in: 'query',
      required: schema.querystring?.required?.includes(name) ?? false,
      schema: s,
    })),
  ];
  const responses = Object.fromEntries(
    Object.entries(schema.response ?? { 200: {} }).map(([status, s]) => [
      status,
      { description: status, ...(s && Object.keys(s as object).length ? { content: { 'application/json': { schema: s } } } : {}) },
    ]),
  );
  return {
    ...(schema.summary ? { summary: schema.summary } : {}),
    ...(schema.tags ? { tags: schema.tags } : {}),
    ...(schema.security ? { security: schema.security } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(schema.body ? { requestBody: { required: true, content: { 'application/json': { schema: schema.body } } } } : {}),
    responses,
  };
}

/** Adds the recording hook and the /openapi.json route; call before registering other routes. */
export function registerOpenApi(app: FastifyInstance, info: { title: string; version: string }): void {
  const paths: Record<string, Record<string, Operation>> = {};
  app.addHook('onRoute', (route) => {
    if (route.schema?.hide) return;
    const path = route.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const methods = (Array.isArray(route.method) ? route.method : [route.method]).filter((m) => m !== 'HEAD');
    const operations = paths[path] ?? {};
    paths[path] = operations;
    for (const method of methods) operations[method.toLowerCase()] = operationOf(route);
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => ({
    // 3.1: its schemas are JSON Schema, so the routes' nullable types (type: ["string", "null"]) are valid as they are.
    openapi: '3.1.0',
    info,
    components: {
      securitySchemes: {
        session: { type: 'http', scheme: 'bearer', description: 'Admin session token from POST /api/v1/auth/login' },
        apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key', description: "A router's API key" },
      },
    },
    paths,
  }));
}
