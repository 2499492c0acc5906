/**
 * The console's first load (index.html and every file it pulls in before anything is clicked),
 * compressed as the wire carries it, stays under 200 KB.
 */
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../api/test/helpers/app.js';

const BUDGET_BYTES = 200 * 1024;

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

async function gzippedSize(path: string): Promise<{ text: string; bytes: number }> {
  const res = await fetch(app.url + path);
  expect(res.status, path).toBe(200);
  const text = await res.text();
  return { text, bytes: gzipSync(text, { level: 9 }).length };
}

it('loads in under 200 KB compressed', async () => {
  const index = await gzippedSize('/panel/');
  const assets = [...index.text.matchAll(/(?:src|href)="(\/panel\/[^"]+)"/g)].map((m) => m[1]!);
  expect(assets.some((a) => a.endsWith('.js'))).toBe(true);
  const sizes = await Promise.all(assets.map(async (path) => ({ path, bytes: (await gzippedSize(path)).bytes })));
  const total = index.bytes + sizes.reduce((sum, s) => sum + s.bytes, 0);
  process.stdout.write(
    `console first load: ${total} bytes gzipped (${sizes.map((s) => `${s.path} ${s.bytes}`).join(', ')}); budget ${BUDGET_BYTES}\n`,
  );
  expect(total).toBeLessThan(BUDGET_BYTES);
});
