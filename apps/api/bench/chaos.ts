/**
 * Chaos run of the money paths (issue 11, item 10): three service instances (real processes, the
 * real entry point) on one PostgreSQL, a load of card purchases with and without Idempotency-Keys
 * (approvals, declines, pendings and gateway 500s, charged or not, through both gateways) spread
 * over them, one instance killed with SIGKILL and restarted twice during the run; then the
 * pendings are decided at the gateway and reconciliation runs. It prints the invariants and exits
 * 1 on any breach:
 *
 * - every approved charge at a gateway ↔ exactly one paid transaction ↔ an enabled hotspot user
 *   with the plan's profile on the mock router, or a recorded refund (a `refunded` transaction,
 *   the charge refunded once at the gateway, no user);
 * - every service user on the router ↔ a paid transaction, or an unsold, unrevoked voucher;
 * - no Idempotency-Key charged twice (nor any transaction);
 * - no transaction left unsettled.
 *
 * and the purchases per second it sustained, and the p99 latency while an instance was down.
 *
 *   cd apps/api && npm run build && npx tsx bench/chaos.ts [--purchases N] [--concurrency C] [--entry dist|src]
 *
 * PostgreSQL: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test), in a fresh schema
 * dropped at the end. The mock router and the fake gateways run in this process.
 * test/chaos.test.ts runs a short version.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type FakeCharge, type FakeGateways, startFakeGateways, TEST_TOKENS } from '@hotspot/fake-gateways';
import { type MockRouter, startMockRouter } from '@hotspot/mock-routeros';
import { loadConfig } from '../src/config.js';
import { type Db, openDatabase, quoteIdentifier } from '../src/db/connection.js';
import { migrateToLatest } from '../src/db/migrator.js';
import { transactionIdOf } from '../src/payments/hotspot-users.js';
import { DEFAULT_RECONCILE_OPTIONS, reconcileOnce } from '../src/payments/reconcile.js';
import { reconcileDepsFor } from '../src/payments/reconcile-deps.js';
import { createPaymentServices } from '../src/payments/services.js';
import { RouterPool } from '../src/routers/pool.js';
import { SecretBox } from '../src/security/secret-box.js';
import { withAdminClient } from '../test/helpers/db.js';
import { PLAN_PROFILES } from '../test/payments/env.js';
import { CONEKTA_KEY, MP_TOKEN, seedShop, type Shop } from '../test/payments/shop.js';

export interface ChaosOptions {
  /** Purchases at least (logical: a keyed purchase retried counts once); the load lasts until both restarts are over. */
  purchases: number;
  concurrency: number;
  /** `dist`: node dist/bin/main.js (build first); `src`: tsx src/bin/main.ts. */
  entry: 'dist' | 'src';
  postgresUrl: string;
  /** Progress lines (instances killed and restarted). */
  say?: (line: string) => void;
}

export interface Invariant {
  name: string;
  ok: boolean;
  detail: string;
}

export interface ChaosResult {
  invariants: Invariant[];
  ok: boolean;
  purchases: number;
  answers: Record<string, number>;
  seconds: number;
  purchasesPerSecond: number;
  p99Ms: number;
  /** p99 of the requests started while an instance was down. */
  p99WhileDownMs: number;
  requestsWhileDown: number;
  kills: number;
  /** Keyed purchases given up after bounded retries (their transaction is left to reconciliation). */
  gaveUp: number;
  states: Record<string, number>;
}

const apiDir = fileURLToPath(new URL('..', import.meta.url));
const INSTANCES = 3;
const RESTARTS = 2;
const KEY_RETRIES = 6;
const LEASES_PASSED_MS = DEFAULT_RECONCILE_OPTIONS.leaseMs + DEFAULT_RECONCILE_OPTIONS.retryAfterMs;

/** What each purchase's card token does, in turn: mostly approvals, with every kind of trouble spread in. */
const TOKEN_MIX = [
  TEST_TOKENS.approve,
  TEST_TOKENS.approve,
  TEST_TOKENS.decline,
  TEST_TOKENS.approve,
  TEST_TOKENS.pending,
  TEST_TOKENS.approve,
  TEST_TOKENS.serverError,
  TEST_TOKENS.approve,
  TEST_TOKENS.serverErrorUncharged,
  TEST_TOKENS.approve,
  TEST_TOKENS.decline,
];

/** One running service instance. */
class Instance {
  url: string | undefined;
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();

  constructor(
    private readonly env: Record<string, string>,
    private readonly entry: 'dist' | 'src',
  ) {}

  async start(): Promise<void> {
    if (this.entry === 'dist' && !existsSync(join(apiDir, 'dist/bin/main.js')))
      throw new Error('dist/bin/main.js is missing: npm run build first');
    const args = this.entry === 'dist' ? ['dist/bin/main.js'] : ['--import', 'tsx', 'src/bin/main.ts'];
    const child = spawn(process.execPath, args, { cwd: apiDir, env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    let output = '';
    this.url = await new Promise<string>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
        if (url) resolve(url.replace('localhost', '127.0.0.1'));
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code) => reject(new Error(`instance exited (${code}) before listening:\n${output}`)));
    });
  }

  async kill(signal: NodeJS.Signals): Promise<void> {
    this.url = undefined;
    this.child?.kill(signal);
    await this.exited;
  }
}

const percentile = (values: number[], p: number) => {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

function customerEmail(charge: FakeCharge): string | undefined {
  const request = charge.request as { customer_info?: { email?: string }; payer?: { email?: string } };
  return request.customer_info?.email ?? request.payer?.email;
}

export async function runChaos(options: ChaosOptions): Promise<ChaosResult> {
  const say = options.say ?? (() => undefined);
  const schema = `chaos_${randomBytes(4).toString('hex')}`;
  const key = randomBytes(32);
  await withAdminClient(options.postgresUrl, (c) => c.query(`create schema ${quoteIdentifier(schema)}`));
  const [mock, fakes] = await Promise.all([
    startMockRouter({ profiles: PLAN_PROFILES }),
    startFakeGateways({ conekta: { privateKey: CONEKTA_KEY }, mercadoPago: { accessToken: MP_TOKEN } }),
  ]);
  const db = await openDatabase({ kind: 'postgres', url: options.postgresUrl }, { schema, maxConnections: 4 });
  const instances: Instance[] = [];
  try {
    await migrateToLatest(db);
    const secrets = new SecretBox(key);
    const shop = await seedShop(db, secrets, { port: mock.port });
    const url = new URL(options.postgresUrl);
    url.searchParams.set('options', `-c search_path=${schema}`);
    const env = {
      PATH: process.env.PATH ?? '',
      HOST: '127.0.0.1',
      PORT: '0',
      DATABASE_URL: url.toString(),
      APP_ENCRYPTION_KEY: key.toString('base64'),
      CONEKTA_API_URL: fakes.conekta.url,
      MERCADOPAGO_API_URL: fakes.mercadoPago.url,
      GATEWAY_TIMEOUT_MS: '3000',
      ROUTER_TIMEOUT_MS: '3000',
      LOG_LEVEL: 'warn',
      // Every purchase comes from this one address and API key: the card-testing limits would answer
      // 429 to most of them, and this run is about money under crashes, not about those limits.
      PURCHASE_MAX_PER_API_KEY: '1000000',
      PURCHASE_MAX_PER_ADDRESS: '1000000',
      PURCHASE_MAX_DECLINES_PER_ADDRESS: '1000000',
      PURCHASE_MAX_DECLINES_PER_API_KEY: '1000000',
    };
    for (let i = 0; i < INSTANCES; i++) instances.push(new Instance(env, options.entry));
    await Promise.all(instances.map((instance) => instance.start()));
    say(`${INSTANCES} instances up: ${instances.map((i) => i.url).join(' ')}`);

    const load = await drive(instances, shop, options, say);
    await Promise.all(instances.map((instance) => instance.kill('SIGTERM')));

    // The gateway decides the pendings; then reconciliation settles everything left.
    let decided = 0;
    for (const charge of [...fakes.conekta.charges, ...fakes.mercadoPago.charges]) {
      if (charge.status !== 'pending') continue;
      const gateway = charge.gateway === 'conekta' ? fakes.conekta : fakes.mercadoPago;
      gateway.setStatus(charge.id, decided++ % 2 === 0 ? 'approved' : 'declined');
    }
    await reconcileAll(db, secrets, fakes);
    const { invariants, states } = await checkInvariants(db, mock, fakes, shop, load.keyedEmails);
    const seconds = load.seconds;
    return {
      invariants,
      ok: invariants.every((i) => i.ok),
      purchases: load.purchases,
      answers: load.answers,
      seconds,
      purchasesPerSecond: load.purchases / seconds,
      p99Ms: percentile(load.latencies, 99),
      p99WhileDownMs: percentile(load.latenciesWhileDown, 99),
      requestsWhileDown: load.latenciesWhileDown.length,
      kills: load.kills,
      gaveUp: load.gaveUp,
      states,
    };
  } finally {
    await Promise.all(instances.map((instance) => instance.kill('SIGKILL')));
    await db.destroy();
    await Promise.all([mock.close(), fakes.close()]);
    await withAdminClient(options.postgresUrl, (c) => c.query(`drop schema ${quoteIdentifier(schema)} cascade`));
  }
}

interface LoadResult {
  purchases: number;
  seconds: number;
  latencies: number[];
  latenciesWhileDown: number[];
  answers: Record<string, number>;
  keyedEmails: Set<string>;
  kills: number;
  gaveUp: number;
}

/**
 * The load, with the SIGKILLs: one instance killed after a quarter of the purchases, started again,
 * killed again a quarter later and started again. The load goes on until both restarts are over,
 * so every kill falls inside it (the purchase count is then a minimum).
 */
async function drive(instances: Instance[], shop: Shop, options: ChaosOptions, say: (line: string) => void): Promise<LoadResult> {
  const result: LoadResult = {
    purchases: 0,
    seconds: 0,
    latencies: [],
    latenciesWhileDown: [],
    answers: {},
    keyedEmails: new Set(),
    kills: 0,
    gaveUp: 0,
  };
  let next = 0;
  let done = 0;
  let down = 0;
  let restarts = 0;
  let nextKillAt = Math.floor(options.purchases / 4);
  let chaos: Promise<void> | undefined;
  const victim = instances[1]!;
  let turn = 0;
  const live = () => instances.filter((i) => i.url !== undefined);

  async function send(path: string, body: unknown, idempotencyKey: string | undefined): Promise<number | 'network'> {
    const targets = live();
    const target = targets[turn++ % targets.length]!;
    const started = performance.now();
    const whileDown = down > 0;
    let status: number | 'network';
    try {
      const res = await fetch(`${target.url}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-api-key': shop.apiKey,
          ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      });
      await res.arrayBuffer();
      status = res.status;
    } catch {
      status = 'network';
    }
    const ms = performance.now() - started;
    result.latencies.push(ms);
    if (whileDown || down > 0) result.latenciesWhileDown.push(ms);
    result.answers[String(status)] = (result.answers[String(status)] ?? 0) + 1;
    return status;
  }

  async function purchase(i: number): Promise<void> {
    const token = TOKEN_MIX[i % TOKEN_MIX.length]!;
    const mercadoPago = i % 3 === 0;
    const keyed = i % 2 === 0;
    const email = `c${i}@chaos.test`;
    const body = {
      producto_id: shop.plan.id,
      token_tarjeta: token,
      nombre_cliente: `Cliente ${i}`,
      email_cliente: email,
      ...(mercadoPago ? { payment_method_id: 'visa', cuotas: 1, monto: 19.99 } : {}),
    };
    const path = mercadoPago ? '/api/v1/payments/pagar-mercado-pago' : '/api/v1/payments/pagar-conekta';
    if (!keyed) {
      await send(path, body, undefined);
      return;
    }
    result.keyedEmails.add(email);
    // A portal retries a keyed purchase on anything but a final answer, at whichever instance answers.
    for (let attempt = 1; ; attempt++) {
      const status = await send(path, body, `chaos-key-${i}`);
      if (status !== 'network' && status !== 409 && status !== 500 && status !== 503) return;
      if (attempt >= KEY_RETRIES) {
        result.gaveUp++;
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }

  async function killAndRestart(): Promise<void> {
    down++;
    await victim.kill('SIGKILL');
    result.kills++;
    say(`SIGKILL instance 2 after ${done} purchases`);
    await victim.start();
    down--;
    restarts++;
    nextKillAt = done + Math.floor(options.purchases / 4);
    say(`instance 2 back at ${victim.url} after ${done} purchases`);
    chaos = undefined;
  }

  const started = performance.now();
  const worker = async () => {
    while (next < options.purchases || restarts < RESTARTS) {
      const i = next++;
      if (!chaos && result.kills < RESTARTS && done >= nextKillAt) chaos = killAndRestart();
      await purchase(i);
      done++;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  result.purchases = done;
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

/** Reconciliation passes (everything treated as stale) until nothing is left unsettled, bounded. */
async function reconcileAll(db: Db, secrets: SecretBox, fakes: FakeGateways): Promise<void> {
  const base = loadConfig({ PGLITE_DIR: 'memory://', LOG_LEVEL: 'silent' });
  const config = { ...base, gateways: { conektaUrl: fakes.conekta.url, mercadoPagoUrl: fakes.mercadoPago.url, timeoutMs: 3000 } };
  const routers = new RouterPool({ timeoutMs: 3000, idleMs: 60_000 });
  const services = createPaymentServices({ config, db, secrets, routers });
  // The instances' own reconcilers may have held leases (up to a minute) or retry times on rows when
  // they were stopped or killed: this reconciliation's clock runs past them instead of waiting.
  const deps = reconcileDepsFor({ db, secrets, now: () => new Date(Date.now() + LEASES_PASSED_MS) }, services);
  const options = { ...DEFAULT_RECONCILE_OPTIONS, unresolvedAfterMs: 0, staleAfterMs: 0, retryAfterMs: 0 };
  try {
    for (let pass = 0; pass <= options.lookupMissesBeforeReview + 1; pass++) {
      const report = await reconcileOnce(deps, options, pass === 0);
      if (report.deferred.length === 0 && pass > 0) break;
    }
    await reconcileOnce(deps, options, true);
  } finally {
    await routers.close();
    await services.close();
  }
}

async function checkInvariants(
  db: Db,
  mock: MockRouter,
  fakes: FakeGateways,
  shop: Shop,
  keyedEmails: Set<string>,
): Promise<{ invariants: Invariant[]; states: Record<string, number> }> {
  const rows = await db.selectFrom('transacciones').selectAll().execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const charges = [...fakes.conekta.charges, ...fakes.mercadoPago.charges];
  const approved = charges.filter((c) => c.status === 'approved');
  const refunded = charges.filter((c) => c.status === 'refunded');
  // Money taken at some point: still held (approved) or given back (refunded).
  const taken = [...approved, ...refunded];
  const users = mock.state.items('/ip/hotspot/user');
  const serviceUsers = users.filter((u) => transactionIdOf(u.comment) !== undefined);
  const usersOf = (id: string) => serviceUsers.filter((u) => transactionIdOf(u.comment) === id);
  const paid = rows.filter((r) => r.state === 'paid');
  const profile = shop.plan.perfil_mikrotik_nombre;

  const approvedWithoutAccess = approved.filter((c) => {
    const tx = c.reference ? byId.get(c.reference) : undefined;
    const [user, ...more] = tx ? usersOf(tx.id) : [];
    return tx?.state !== 'paid' || !user || more.length > 0 || user.disabled !== 'false' || user.profile !== profile;
  });
  const refundNotRecorded = refunded.filter((c) => {
    const tx = c.reference ? byId.get(c.reference) : undefined;
    return tx?.state !== 'refunded' || (c.refunds ?? []).length !== 1 || usersOf(tx.id).length > 0;
  });
  const approvedRefs = new Set(approved.map((c) => c.reference));
  const paidWithoutCharge = paid.filter((r) => !approvedRefs.has(r.id));
  const refundedRefs = new Set(refunded.map((c) => c.reference));
  const refundWithoutCharge = rows.filter((r) => r.state === 'refunded' && !refundedRefs.has(r.id));
  const chargesPerTx = new Map<string, number>();
  for (const c of taken) chargesPerTx.set(c.reference ?? '', (chargesPerTx.get(c.reference ?? '') ?? 0) + 1);
  const txChargedTwice = [...chargesPerTx.values()].filter((n) => n > 1).length;
  // A user may also be an unsold, unrevoked voucher's (src/vouchers/): its sale is not made yet.
  const unsoldVouchers = new Set((await db.selectFrom('vouchers').select('id').where('state', '=', 'unsold').execute()).map((v) => v.id));
  const strayUsers = serviceUsers.filter((u) => {
    const id = transactionIdOf(u.comment)!;
    return byId.get(id)?.state !== 'paid' && !unsoldVouchers.has(id);
  });
  const chargesPerKey = new Map<string, number>();
  for (const c of taken) {
    const email = customerEmail(c);
    if (email && keyedEmails.has(email)) chargesPerKey.set(email, (chargesPerKey.get(email) ?? 0) + 1);
  }
  const keysChargedTwice = [...chargesPerKey.values()].filter((n) => n > 1).length;
  const unsettled = rows.filter((r) => r.settled_at === null);
  const states: Record<string, number> = {};
  for (const r of rows) states[r.state] = (states[r.state] ?? 0) + 1;

  return {
    states,
    invariants: [
      {
        name: 'approved charge ↔ one paid transaction ↔ one enabled user with the plan profile, or a recorded refund',
        ok:
          approvedWithoutAccess.length === 0 &&
          paidWithoutCharge.length === 0 &&
          txChargedTwice === 0 &&
          refundNotRecorded.length === 0 &&
          refundWithoutCharge.length === 0,
        detail: `approved charges ${approved.length}, paid transactions ${paid.length}, without access ${approvedWithoutAccess.length}, paid without a charge ${paidWithoutCharge.length}, transactions charged twice ${txChargedTwice}, refunded ${refunded.length} (not recorded once ${refundNotRecorded.length}, recorded without a refund ${refundWithoutCharge.length})`,
      },
      {
        name: 'service user on the router ↔ paid transaction or unsold, unrevoked voucher',
        ok: strayUsers.length === 0 && serviceUsers.length === paid.length + unsoldVouchers.size,
        detail: `service users ${serviceUsers.length}, unsold vouchers ${unsoldVouchers.size}, of neither ${strayUsers.length}`,
      },
      {
        name: 'no key charged twice',
        ok: keysChargedTwice === 0,
        detail: `keys ${keyedEmails.size}, charged twice ${keysChargedTwice}`,
      },
      {
        name: 'no transaction left unsettled',
        ok: unsettled.length === 0,
        detail: `transactions ${rows.length}, unsettled ${unsettled.length}`,
      },
    ],
  };
}

/** The report's lines. */
export function describeChaos(result: ChaosResult): string[] {
  return [
    ...result.invariants.map((i) => `${i.ok ? 'OK    ' : 'BREACH'} ${i.name}: ${i.detail}`),
    `invariants: ${result.ok ? 'all hold' : 'BREACHED'}`,
    `states ${JSON.stringify(result.states)}; answers ${JSON.stringify(result.answers)}; keyed purchases given up after ${KEY_RETRIES} tries ${result.gaveUp}`,
    `${result.purchases} purchases in ${result.seconds.toFixed(1)} s with ${result.kills} SIGKILLs: ${result.purchasesPerSecond.toFixed(1)} purchases/s sustained; ` +
      `p99 ${result.p99Ms.toFixed(0)} ms overall, ${result.p99WhileDownMs.toFixed(0)} ms while an instance was down (${result.requestsWhileDown} requests)`,
  ];
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      purchases: { type: 'string', default: '600' },
      concurrency: { type: 'string', default: '12' },
      entry: { type: 'string', default: 'dist' },
    },
  });
  const result = await runChaos({
    purchases: Number(values.purchases),
    concurrency: Number(values.concurrency),
    entry: values.entry === 'src' ? 'src' : 'dist',
    postgresUrl: process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test',
    say: (line) => console.log(line),
  });
  for (const line of describeChaos(result)) console.log(line);
  if (!result.ok) process.exitCode = 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
