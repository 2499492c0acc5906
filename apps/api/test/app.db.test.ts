import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICE_VERSION } from '../src/version.js';
import { startTestApp, type TestApp } from './helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('the app', () => {
  it('answers GET / with its name and version', async () => {
    const res = await t.request('GET', '/');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ name: 'hotspot-pagos-api', version: SERVICE_VERSION });
  });

  it('answers GET /health after a database round trip', async () => {
    const res = await t.request('GET', '/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', database: 'ok' });
  });

  it('answers unknown paths 404 with a detail', async () => {
    const res = await t.request('GET', '/nope');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ detail: 'Not Found' });
  });

  it('serves an OpenAPI document listing the routes', async () => {
    const res = await t.request('GET', '/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.0.3');
    expect(Object.keys(res.body.paths)).toContain('/health');
  });
});
