import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const apiDir = fileURLToPath(new URL('../..', import.meta.url));
const env = { ...process.env, PGLITE_DIR: 'memory://', DATABASE_URL: '', LOG_LEVEL: 'silent' };

describe('npm run reconcile', () => {
  it('runs one pass and reports what it did', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/reconcile.ts'], { cwd: apiDir, env });
    expect(stdout).toMatch(/^paid 0, not paid 0, cleaned up 0, deferred 0, stray hotspot users removed 0$/m);
  });

  it('refuses an argument it does not understand', async () => {
    const failed = run(process.execPath, ['--import', 'tsx', 'src/reconcile.ts', '--stale-after', 'soon'], { cwd: apiDir, env });
    await expect(failed).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/usage: npm run reconcile/) });
  });
});
