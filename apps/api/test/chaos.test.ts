/**
 * The chaos run of bench/chaos.ts, short: three instances of the service (real processes, the
 * built entry point `npm start` runs: dist/bin/main.js, which `npm test` builds first) on one PostgreSQL, purchases of every outcome with and without
 * Idempotency-Keys, one instance killed with SIGKILL and restarted twice, then reconciliation; every
 * money invariant must hold. It always needs PostgreSQL (several processes share one database), so
 * it runs once, in this project, against TEST_POSTGRES_URL (the workspace's default server).
 */
import { describe, expect, it } from 'vitest';
import { describeChaos, runChaos } from '../bench/chaos.js';

describe('chaos: three instances, two SIGKILLs', () => {
  it('no money lost or taken twice, every paid customer with access, nothing unsettled', async () => {
    const result = await runChaos({
      purchases: 30,
      concurrency: 4,
      entry: 'dist',
      postgresUrl: process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    });
    const report = describeChaos(result).join('\n');
    expect(
      result.invariants.filter((i) => !i.ok),
      report,
    ).toEqual([]);
    expect(result.kills).toBe(2);
    expect(result.states.paid, report).toBeGreaterThan(0);
  }, 60_000);
});
