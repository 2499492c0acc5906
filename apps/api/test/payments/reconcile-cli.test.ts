import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const apiDir = fileURLToPath(new URL('../..', import.meta.url));
const env = { ...process.env, PGLITE_DIR: 'memory://', DATABASE_URL: '', LOG_LEVEL: 'silent' };
const reconcile = (...args: string[]) => run(process.execPath, ['--import', 'tsx', 'src/bin/reconcile.ts', ...args], { cwd: apiDir, env });

describe('npm run reconcile', () => {
  it('runs one pass and reports what it did; refuses an argument it does not understand', async () => {
    // Both at once: each start costs seconds of TypeScript loading.
    const [pass, misuse] = await Promise.allSettled([reconcile(), reconcile('--stale-after', 'soon')]);
    expect(pass.status === 'fulfilled' && pass.value.stdout).toMatch(
      /^paid 0, not paid 0, cleaned up 0, deferred 0, voucher batches resumed 0, stray hotspot users removed 0, expired records purged 0$/m,
    );
    expect(misuse.status === 'rejected' && misuse.reason).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/usage: npm run reconcile/),
    });
  }, 60_000);
});
