/**
 * `npm run reconcile`: one reconciliation pass over every unsettled purchase attempt (asking the
 * gateways), then the sweep of the routers' users; prints what it did and exits. Safe while the
 * service runs on PostgreSQL (rows are leased). An embedded PGlite data directory can be opened
 * by one process only: there, the service's own background loop does this work.
 *
 *   npm run reconcile [-- --stale-after-seconds N]   (default 120: attempts untouched that long)
 */
import pino from 'pino';
import { loadConfig } from '../config.js';
import { loggerOptions } from '../http/logger.js';
import { DEFAULT_RECONCILE_OPTIONS, failuresByCompany, reconcileOnce, type ReconcileFailure } from '../payments/reconcile.js';
import { Runtime } from '../runtime.js';
import { runEntry, UsageError } from './run.js';

const USAGE = 'npm run reconcile [-- --stale-after-seconds N]';

function staleAfterMs(argv: readonly string[]): number {
  if (argv.length === 0) return DEFAULT_RECONCILE_OPTIONS.staleAfterMs;
  const [flag, value] = argv;
  if (flag !== '--stale-after-seconds' || value === undefined || !/^\d{1,7}$/.test(value) || argv.length > 2)
    throw new UsageError(USAGE, argv.join(' '));
  return Number(value) * 1000;
}

async function main(): Promise<void> {
  const options = { ...DEFAULT_RECONCILE_OPTIONS, staleAfterMs: staleAfterMs(process.argv.slice(2)) };
  const config = loadConfig();
  const runtime = await Runtime.open(config, { logger: pino(loggerOptions(config.logLevel)) });
  try {
    const deps = {
      ...runtime.reconcileDeps(),
      onError: ({ transactionId, routerId, error }: ReconcileFailure) =>
        console.error(`deferred ${transactionId ?? `router ${routerId}`}: ${error instanceof Error ? error.message : String(error)}`),
    };
    const report = await reconcileOnce(deps, options);
    console.log(
      `paid ${report.paid.length}, not paid ${report.notPaid.length}, cleaned up ${report.cleanedUp.length}, ` +
        `deferred ${report.deferred.length}, voucher batches resumed ${report.batchesResumed.length}, ` +
        `stray hotspot users removed ${report.strayUsersRemoved}, expired records purged ${report.expiredRecordsPurged}`,
    );
    if (report.failures.length > 0) {
      const byCompany = Object.entries(failuresByCompany(report)).map(([company, n]) => `${company} ${n}`);
      console.log(`failed ${report.failures.length} (retried by a later pass): ${byCompany.join(', ')}`);
    }
    for (const [label, ids] of [
      ['paid', report.paid],
      ['not paid', report.notPaid],
      ['deferred', report.deferred],
    ] as const) {
      if (ids.length > 0) console.log(`${label}: ${ids.join(' ')}`);
    }
  } finally {
    await runtime.close();
  }
}

runEntry(main);
