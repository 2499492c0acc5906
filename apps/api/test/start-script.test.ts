/** scripts/start.mjs, what `npm start` runs: it builds first only when a dist/ is older than its sources. */
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staleOutputs } from '../scripts/start.mjs';

let root: string;
const workspaces = [{ sources: ['lib/src', 'lib/package.json'], output: 'lib/dist/index.js' }];
const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, seconds));

async function file(path: string, when: Date): Promise<void> {
  await mkdir(join(root, path, '..'), { recursive: true });
  await writeFile(join(root, path), '');
  await utimes(join(root, path), when, when);
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'hotspot-start-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('staleOutputs', () => {
  it('names a missing output, and an output older than any file of its sources; not a fresh one', async () => {
    await file('lib/src/deep/a.ts', at(10));
    await file('lib/package.json', at(10));
    expect(staleOutputs(root, workspaces)).toEqual(['lib/dist/index.js']);
    await file('lib/dist/index.js', at(20));
    // Directories count too, so the test pins theirs below the build.
    for (const dir of ['lib/src/deep', 'lib/src']) await utimes(join(root, dir), at(10), at(10));
    expect(staleOutputs(root, workspaces)).toEqual([]);
    await file('lib/src/deep/a.ts', at(30));
    expect(staleOutputs(root, workspaces)).toEqual(['lib/dist/index.js']);
  });
});
