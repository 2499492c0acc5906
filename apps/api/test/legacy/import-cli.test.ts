import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLegacyDb, type LegacyDb } from '../helpers/legacy-db.js';
import { OLD_FERNET_KEY, seedOldService } from './old-service.js';

const run = promisify(execFile);
const apiDir = fileURLToPath(new URL('../..', import.meta.url));

let old: LegacyDb;
let dataDir: string;
beforeAll(async () => {
  [old, dataDir] = await Promise.all([createLegacyDb('model'), mkdtemp(join(tmpdir(), 'import-legacy-'))]);
  await seedOldService(old, 8728, 'model');
});
afterAll(async () => {
  await Promise.all([old?.close(), dataDir && rm(dataDir, { recursive: true, force: true })]);
});

const importLegacy = (env: Record<string, string>, ...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'src/bin/import-legacy.ts', ...args], {
    cwd: apiDir,
    env: { PATH: process.env.PATH ?? '', ...env },
  });

describe('npm run import-legacy', () => {
  it('imports into the configured database and prints per table; refuses a command line it does not understand', async () => {
    const env = { PGLITE_DIR: dataDir, APP_ENCRYPTION_KEY: randomBytes(32).toString('base64') };
    // Both at once: each start costs seconds of TypeScript loading.
    const [imported, misuse] = await Promise.allSettled([
      importLegacy({ ...env, ENCRYPTION_KEY_MERCADO_PAGO: OLD_FERNET_KEY }, '--from', old.url),
      importLegacy(env, '--dry-run'),
    ]);
    const out = imported.status === 'fulfilled' ? imported.value.stdout : String(imported.status === 'rejected' && imported.reason);
    expect(out).toMatch(/^Imported from the old service:$/m);
    expect(out).toMatch(/^ {2}old server-local times read as America\/Mexico_City$/m);
    expect(out).toMatch(/^empresas: 3 imported, 0 already present, 0 not imported$/m);
    expect(out).toMatch(/^productos: 4 imported, 0 already present, 2 not imported$/m);
    expect(out).toMatch(/^transacciones: 4 imported, 0 already present, 1 not imported$/m);
    expect(out).not.toContain(old.url);
    expect(misuse.status === 'rejected' && misuse.reason).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^usage: npm run import-legacy -- --from/),
    });
  }, 60_000);
});
