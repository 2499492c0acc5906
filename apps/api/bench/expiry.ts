/**
 * Expiry benchmark (issue 13): one expiry sweep over `--routers` mock routers × `--users` service
 * users each, `--expired` of them due (each with a session to end), every user logged in before
 * and metered (plan "3h of use within 7 days"); then the idle cost of listening to those routers.
 * The routers run in a child process (bench/expiry-routers.ts), as other machines would; the sweep
 * and the listeners run here, on the router pool as the service runs them.
 *
 *   cd apps/api && npx tsx bench/expiry.ts [--db postgres|pglite] [--routers 20] [--users 5000] [--expired 1000] [--idle-seconds 10]
 *
 * Targets: the sweep under 2 s of wall clock, a handful of round trips per router; listening idle
 * under 1% of one core (process.cpuUsage of this process over the window).
 * PostgreSQL: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test), in a fresh schema
 * dropped at the end.
 */
import { randomBytes } from 'node:crypto';
import { fork, type ChildProcess } from 'node:child_process';
import { ask as askChild } from './child-process.js';
import { parseArgs } from 'node:util';
import { openDatabase, quoteIdentifier, type Db } from '../src/db/connection.js';
import { migrateToLatest } from '../src/db/migrator.js';
import { routersAwaitingLogin } from '../src/db/plan-users.js';
import type { NewTransaction } from '../src/db/transactions.js';
import type { RouterExec } from '../src/payments/hotspot-users.js';
import { sweepExpiredUsers } from '../src/plans/expiry-sweep.js';
import { LoginWatchers } from '../src/plans/login-watch.js';
import { RouterPool } from '../src/routers/pool.js';
import { routerTarget } from '../src/routers/target.js';
import { SecretBox } from '../src/security/secret-box.js';
import { withAdminClient } from '../test/helpers/db.js';
import { seedShop } from '../test/payments/shop.js';
import { benchUser, type RoutersReply, type RoutersRequest } from './expiry-routers.js';

const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'postgres' },
    routers: { type: 'string', default: '20' },
    users: { type: 'string', default: '5000' },
    expired: { type: 'string', default: '1000' },
    'idle-seconds': { type: 'string', default: '10' },
  },
});
const backend = args.db === 'pglite' ? 'pglite' : 'postgres';
const routerCount = Number(args.routers);
const usersPerRouter = Number(args.users);
const expiredPerRouter = Math.floor(Number(args.expired) / routerCount);
const idleMs = Number(args['idle-seconds']) * 1000;
const postgresUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

const ask = <K extends RoutersReply['kind']>(worker: ChildProcess, request: RoutersRequest, expected: K) =>
  askChild<RoutersReply, K>(worker, request, expected);

/** One shop per router (the same empresa would do; separate ones are closer to a hosted service). */
async function seed(db: Db, secrets: SecretBox, ports: number[], now: Date): Promise<string[]> {
  const routerIds: string[] = [];
  for (const [r, port] of ports.entries()) {
    const shop = await seedShop(db, secrets, { port });
    routerIds.push(shop.router.id);
    const rows: NewTransaction[] = [];
    for (let i = 0; i < usersPerRouter; i++) {
      const { name, transactionId } = benchUser(r, i);
      const expired = i < expiredPerRouter;
      rows.push({
        id: transactionId,
        empresa_id: shop.company.id,
        router_id: shop.router.id,
        producto_id: shop.plan.id,
        product_name: '3 h en 7 días',
        hotspot_profile: 'default',
        amount_cents: 1999,
        moneda: 'MXN',
        gateway: 'conekta',
        user_kind: 'usuario_contrasena',
        hotspot_username: name,
        hotspot_password_sealed: 'sealed',
        cliente_nombre: 'Bench',
        cliente_email: 'bench@example.com',
        time_limit: '3h',
        validity: '1w',
        validity_start: 'purchase',
        validity_seconds: 7 * 86_400,
        first_login_at: new Date(now.getTime() - 86_400_000),
        user_state: 'active',
        expires_at: new Date(now.getTime() + (expired ? -60_000 : 86_400_000)),
      });
    }
    for (let i = 0; i < rows.length; i += 1000) {
      await db
        .insertInto('transacciones')
        .values(rows.slice(i, i + 1000).map((row) => ({ ...row, state: 'paid' as const, created_at: now, updated_at: now, paid_at: now })))
        .execute();
    }
  }
  return routerIds;
}

async function main(): Promise<void> {
  const worker = fork(new URL('./expiry-routers.ts', import.meta.url), { execArgv: ['--import', 'tsx'] });
  const { ports } = await ask(worker, { kind: 'start', routers: routerCount, users: usersPerRouter, expired: expiredPerRouter }, 'started');
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  if (backend === 'postgres') await withAdminClient(postgresUrl, (c) => c.query(`create schema ${quoteIdentifier(schema)}`));
  const db =
    backend === 'postgres'
      ? await openDatabase({ kind: 'postgres', url: postgresUrl }, { schema })
      : await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
  const pool = new RouterPool({ timeoutMs: 30_000, idleMs: 600_000 });
  const watchers: LoginWatchers[] = [];
  try {
    await migrateToLatest(db);
    const secrets = new SecretBox(randomBytes(32));
    const now = () => new Date();
    const routerIds = await seed(db, secrets, ports, now());
    const rows = await db.selectFrom('routers').selectAll().execute();
    const targets = new Map(rows.map((row) => [row.id, routerTarget(row, secrets)]));
    const execFor =
      async (routerId: string): Promise<RouterExec> =>
      (path, params) =>
        pool.exec(targets.get(routerId)!, path, params);
    // Connections opened and logged in beforehand, as the service's pool would have them.
    await Promise.all(routerIds.map(async (id) => (await execFor(id))('/system/identity/print')));

    const routersCpuBefore = (await ask(worker, { kind: 'cpu' }, 'cpu')).ms;
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const report = await sweepExpiredUsers(
      { db, now, routerExecFor: execFor },
      { retentionMs: 86_400_000, leaseMs: 300_000, batchSize: 20_000 },
    );
    const wallMs = performance.now() - started;
    const sweepCpu = process.cpuUsage(cpuBefore);
    const routersCpu = (await ask(worker, { kind: 'cpu' }, 'cpu')).ms - routersCpuBefore;
    const counted = await ask(worker, { kind: 'count' }, 'counted');
    const trips = Object.values(report.roundTrips);
    console.log(
      `backend ${backend}; ${routerCount} routers x ${usersPerRouter} service users, ${expiredPerRouter * routerCount} expired with a session each`,
    );
    console.log(`sweep wall clock ${wallMs.toFixed(0)} ms (target < 2000 ms)`);
    console.log(
      `sweep CPU: this process ${((sweepCpu.user + sweepCpu.system) / 1000).toFixed(0)} ms, the routers' process ${routersCpu.toFixed(0)} ms (the database's not counted)`,
    );
    console.log(
      `removed ${report.removed.length} users, ended ${report.sessionsEnded} sessions, ${report.deferredRouters.length} routers deferred`,
    );
    console.log(
      `round trips per router: ${Math.min(...trips)}..${Math.max(...trips)} (one print of users + sessions, one pipelined batch of removes)`,
    );
    console.log(
      `left on the routers: ${counted.users.reduce((a, b) => a + b, 0)} users, ${counted.sessions.reduce((a, b) => a + b, 0)} sessions`,
    );

    // Idle listening: every router gets a listener (one sold user per router still waiting for a first login).
    for (const id of routerIds) {
      await db
        .updateTable('transacciones')
        .set({ first_login_at: null })
        .where('id', '=', benchUser(routerIds.indexOf(id), usersPerRouter - 1).transactionId)
        .execute();
    }
    const listeners = new LoginWatchers({
      db,
      now,
      routerExecFor: execFor,
      routerStreamFor: async (id, path) => pool.stream(targets.get(id)!, path),
      retryMs: 5000,
    });
    watchers.push(listeners);
    await listeners.sync(await routersAwaitingLogin(db));
    // Each listen starts with its catch-up (a print of the users): wait for those, then let them finish.
    for (;;) {
      const { listens, userPrints } = await ask(worker, { kind: 'count' }, 'counted');
      if (listens.every((n) => n > 0) && userPrints.every((n) => n > 1)) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const routersIdleBefore = (await ask(worker, { kind: 'cpu' }, 'cpu')).ms;
    const before = process.cpuUsage();
    const t0 = performance.now();
    await new Promise((resolve) => setTimeout(resolve, idleMs));
    const cpu = process.cpuUsage(before);
    const elapsed = performance.now() - t0;
    const routersIdle = (await ask(worker, { kind: 'cpu' }, 'cpu')).ms - routersIdleBefore;
    const percent = ((cpu.user + cpu.system) / 1000 / elapsed) * 100;
    console.log(
      `idle: ${listeners.routerIds.length} routers listening, ${(elapsed / 1000).toFixed(1)} s window, CPU ${percent.toFixed(3)}% of one core (target < 1%); the routers' process ${((routersIdle / elapsed) * 100).toFixed(3)}%`,
    );
  } finally {
    await Promise.all(watchers.map((w) => w.stop()));
    await pool.close();
    await db.destroy();
    await ask(worker, { kind: 'stop' }, 'stopped');
    worker.disconnect();
    if (backend === 'postgres') await withAdminClient(postgresUrl, (c) => c.query(`drop schema ${quoteIdentifier(schema)} cascade`));
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
