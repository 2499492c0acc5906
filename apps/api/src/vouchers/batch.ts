/**
 * Making a voucher batch (issue 15, item 2): every voucher is recorded `creating` first, with the
 * id its router comment will name; then all the users are added in ONE pipelined burst (each `add`
 * a tagged command on the router's shared connection, none waiting for another), and the confirmed
 * ones become `unsold`. A router that drops mid-burst leaves some users added unconfirmed: resuming
 * reads the router's users once, by comment, records those, and adds the rest. So, once a batch is
 * finished, each voucher is on the router and in the database, or (never created) in neither.
 */
import type { Db } from '../db/connection.js';
import type { ProductRow } from '../db/products.js';
import {
  claimBatch,
  creatingVouchers,
  insertBatch,
  recordCreated,
  releaseBatch,
  renameVoucher,
  stalledBatches,
  type BatchRow,
  type NewVoucher,
  type VoucherRow,
} from '../db/vouchers.js';
import { generateCredentials, type HotspotCredentials, type UserKind } from '../payments/credentials.js';
import { addHotspotUser, isDuplicateName, listServiceUsers, type RouterExec } from '../payments/hotspot-users.js';
import { routerLimitParams } from '../plans/limits.js';
import { isRouterFailure } from '../routers/failure.js';
import type { SecretBox } from '../security/secret-box.js';
import { randomId } from '../security/tokens.js';
import { hotspotLoginUrl } from './login-url.js';

export interface VoucherDeps {
  db: Db;
  secrets: SecretBox;
  now: () => Date;
  routerExecFor(routerId: string): Promise<RouterExec>;
  /** Called once the burst's adds settled, before they are recorded; whatever it throws ends the work there (a crash). */
  checkpoint?: (step: 'users-added', batchId: string) => void | Promise<void>;
}

/** The most vouchers one batch makes. */
export const MAX_BATCH_SIZE = 5000;
/** A claim on a batch lasts longer than any burst takes; a crashed one frees the batch after it. */
const BATCH_LEASE_MS = 2 * 60_000;
/** Stalled batches one background pass resumes at most (each is one burst on its router). */
const STALLED_BATCHES_PER_PASS = 20;
/** How many rounds of fresh names a batch tries when the router says names are taken. */
const MAX_NAME_ROUNDS = 3;

/** The batch was cut short by the router (unreachable, dropped); resuming it finishes it. */
export class BatchInterruptedError extends Error {
  constructor(
    readonly batchId: string,
    override readonly cause: unknown,
  ) {
    super(`voucher batch ${batchId} interrupted: ${(cause as Error).message}`);
    this.name = 'BatchInterruptedError';
  }
}

/** Another creation or resume of the batch is still running. */
export class BatchBusyError extends Error {
  constructor(readonly batchId: string) {
    super(`voucher batch ${batchId} is being worked on`);
    this.name = 'BatchBusyError';
  }
}

export interface BatchRequest {
  companyId: string;
  product: ProductRow;
  count: number;
  /** Put before every user name (a PIN too), e.g. the venue's code. */
  prefix?: string | undefined;
  userKind: UserKind;
  createdBy: number | null;
}

/** A new batch id: `LOT_` + 12 upper-case hex digits. */
export function newBatchId(): string {
  return randomId('LOT_', 12);
}

/** A new voucher id (it becomes the sale's transaction id): `VCH_` + 16 upper-case hex digits. */
export function newVoucherId(): string {
  return randomId('VCH_', 16);
}

/** Credentials from the unambiguous alphabet (or a PIN), behind the prefix. */
function voucherCredentials(kind: UserKind, prefix: string): HotspotCredentials {
  const { username, password } = generateCredentials(kind);
  return kind === 'pin' ? { username: prefix + username, password: prefix + password } : { username: prefix + username, password };
}

/**
 * Makes a batch of `count` vouchers of the plan on its router.
 * @throws BatchInterruptedError when the router failed part-way (the batch is kept, to resume)
 */
export async function createVoucherBatch(deps: VoucherDeps, request: BatchRequest): Promise<BatchRow> {
  const { db, secrets, now } = deps;
  const { product } = request;
  const prefix = request.prefix ?? '';
  const at = now();
  const batch: BatchRow = {
    id: newBatchId(),
    empresa_id: request.companyId,
    router_id: product.router_id,
    producto_id: product.id,
    product_name: product.nombre_venta,
    hotspot_profile: product.perfil_mikrotik_nombre,
    amount_cents: product.price_cents,
    moneda: product.moneda,
    time_limit: product.time_limit,
    data_limit_mb: product.data_limit_mb,
    validity: product.validity,
    validity_start: product.validity_start,
    user_kind: request.userKind,
    prefix: request.prefix ?? null,
    size: request.count,
    login_url: null,
    state: 'creating',
    lease_until: new Date(at.getTime() + BATCH_LEASE_MS),
    created_by: request.createdBy,
    created_at: at,
  };
  const names = new Set<string>();
  const vouchers: NewVoucher[] = [];
  for (let number = 1; vouchers.length < request.count; ) {
    const credentials = voucherCredentials(request.userKind, prefix);
    if (names.has(credentials.username)) continue;
    names.add(credentials.username);
    vouchers.push({
      id: newVoucherId(),
      batch_id: batch.id,
      number: number++,
      hotspot_username: credentials.username,
      hotspot_password_sealed: secrets.seal(credentials.password),
      state: 'creating',
    });
  }
  await insertBatch(db, batch, vouchers);
  return finishBatch(deps, batch, vouchers as VoucherRow[]);
}

/**
 * Finishes a batch a router drop (or a crash) cut short: the users the router has (found by their
 * comment) are recorded, the others added. A finished batch is returned as it is.
 * @throws BatchBusyError while another creation or resume holds it; BatchInterruptedError again if the router fails again
 */
export async function resumeVoucherBatch(deps: VoucherDeps, batch: BatchRow): Promise<BatchRow> {
  if (batch.state === 'ready') return batch;
  const at = deps.now();
  const claimed = await claimBatch(deps.db, batch.id, at, new Date(at.getTime() + BATCH_LEASE_MS));
  if (!claimed) throw new BatchBusyError(batch.id);
  const pending = await creatingVouchers(deps.db, batch.id);
  let exec: RouterExec;
  let onRouter: Awaited<ReturnType<typeof listServiceUsers>>;
  try {
    exec = await deps.routerExecFor(batch.router_id);
    onRouter = await listServiceUsers(exec);
  } catch (error) {
    await releaseBatch(deps.db, batch.id, false);
    if (isRouterFailure(error)) throw new BatchInterruptedError(batch.id, error);
    throw error;
  }
  const byVoucher = new Map(onRouter.map((u) => [u.transactionId, u]));
  const found = pending.flatMap((v) => {
    const user = byVoucher.get(v.id);
    return user && user.name === v.hotspot_username ? [{ id: v.id, routerUserId: user.id }] : [];
  });
  await recordCreated(deps.db, found);
  const foundIds = new Set(found.map((f) => f.id));
  return finishBatch(
    deps,
    claimed,
    pending.filter((v) => !foundIds.has(v.id)),
    exec,
  );
}

/**
 * Resumes the batches left `creating` for longer than a claim lasts (a crash mid-creation, or a
 * router drop nobody resumed), as `reanudar` would: in the background (reconciliation), so a
 * batch no longer waits for an admin. Idempotent and safe beside other instances and admins: each
 * resume claims its batch first, and a batch someone else holds is left to them.
 * @returns the batches finished now; `onError` hears of those that failed again (retried by a later pass)
 */
export async function resumeStalledBatches(deps: VoucherDeps, onError: (batch: BatchRow, error: unknown) => void): Promise<string[]> {
  const at = deps.now();
  const stalled = await stalledBatches(deps.db, {
    now: at,
    createdBefore: new Date(at.getTime() - BATCH_LEASE_MS),
    limit: STALLED_BATCHES_PER_PASS,
  });
  const resumed: string[] = [];
  for (const batch of stalled) {
    try {
      await resumeVoucherBatch(deps, batch);
      resumed.push(batch.id);
    } catch (error) {
      if (!(error instanceof BatchBusyError)) onError(batch, error);
    }
  }
  return resumed;
}

/** Adds `vouchers` (all `creating`) in one burst, with the login page's address if not known yet, and records the outcome. */
async function finishBatch(deps: VoucherDeps, batch: BatchRow, vouchers: readonly VoucherRow[], knownExec?: RouterExec): Promise<BatchRow> {
  const { db } = deps;
  let failure: unknown;
  try {
    const exec = knownExec ?? (await deps.routerExecFor(batch.router_id));
    const [loginUrl] = await Promise.all([
      batch.login_url === null ? hotspotLoginUrl(exec) : Promise.resolve(batch.login_url),
      addAll(deps, batch, exec, vouchers),
    ]);
    if (loginUrl !== batch.login_url) {
      await db.updateTable('voucher_batches').set({ login_url: loginUrl }).where('id', '=', batch.id).execute();
      batch = { ...batch, login_url: loginUrl };
    }
  } catch (error) {
    if (!isRouterFailure(error)) throw error;
    failure = error;
  }
  await releaseBatch(db, batch.id, failure === undefined);
  if (failure !== undefined) throw new BatchInterruptedError(batch.id, failure);
  return { ...batch, state: 'ready', lease_until: null };
}

/**
 * The burst: every add sent at once; the confirmed ones recorded; names the router says are taken
 * get fresh credentials (recorded before the new add) and go again, up to MAX_NAME_ROUNDS.
 * @throws the first router failure other than a taken name, after recording what was confirmed
 */
async function addAll(deps: VoucherDeps, batch: BatchRow, exec: RouterExec, vouchers: readonly VoucherRow[]): Promise<void> {
  const limits = routerLimitParams(batch);
  let pending = [...vouchers];
  for (let round = 1; pending.length > 0; round++) {
    const results = await Promise.allSettled(
      pending.map((v) =>
        addHotspotUser(exec, {
          name: v.hotspot_username,
          password: deps.secrets.open(v.hotspot_password_sealed),
          profile: batch.hotspot_profile,
          transactionId: v.id,
          limits,
        }),
      ),
    );
    await deps.checkpoint?.('users-added', batch.id);
    const created: Array<{ id: string; routerUserId: string }> = [];
    const taken: VoucherRow[] = [];
    let failure: unknown;
    let takenReason: unknown;
    results.forEach((result, i) => {
      const voucher = pending[i]!;
      if (result.status === 'fulfilled') created.push({ id: voucher.id, routerUserId: result.value });
      else if (isDuplicateName(result.reason)) {
        taken.push(voucher);
        takenReason = result.reason;
      } else failure ??= result.reason;
    });
    await recordCreated(deps.db, created);
    if (failure !== undefined) throw failure;
    // Names taken round after round: the router's trap ends the batch here, to be resumed.
    if (taken.length > 0 && round >= MAX_NAME_ROUNDS) throw takenReason;
    pending = [];
    for (const voucher of taken) {
      const credentials = voucherCredentials(batch.user_kind, batch.prefix ?? '');
      const sealed = deps.secrets.seal(credentials.password);
      await renameVoucher(deps.db, voucher.id, credentials.username, sealed);
      pending.push({ ...voucher, hotspot_username: credentials.username, hotspot_password_sealed: sealed });
    }
  }
}
