/**
 * What a client admin may do to a sold hotspot user: extend its validity, or end it now. Each is
 * made on the router first (the user looked up by name and recognised by its comment; ending it
 * removes the user and logs its sessions out in one pipelined batch) and then recorded, with the
 * admin who asked, in the user's events. A router that cannot be reached changes nothing.
 */
import type { Db } from '../db/connection.js';
import { recordTerminated, updateValidity } from '../db/plan-users.js';
import type { TransactionRow } from '../db/transactions.js';
import {
  commentFor,
  findHotspotUser,
  listActiveSessions,
  removeActiveSession,
  removeHotspotUser,
  type RouterExec,
} from '../payments/hotspot-users.js';
import { formatDuration } from './duration.js';

export interface UserActionDeps {
  db: Db;
  now: () => Date;
  routerExecFor(routerId: string): Promise<RouterExec>;
}

/** Why a sale's user cannot be changed: never sold, already removed, gone from its router, or a plan without validity. */
export class UserActionError extends Error {
  constructor(
    readonly transactionId: string,
    readonly reason: 'not_paid' | 'removed' | 'not_on_router' | 'no_validity',
  ) {
    super(USER_ACTION_MESSAGES[reason]);
    this.name = 'UserActionError';
  }
}

const USER_ACTION_MESSAGES: Record<UserActionError['reason'], string> = {
  not_paid: 'La transacción no está pagada: no tiene usuario que cambiar',
  removed: 'El usuario ya fue retirado del router',
  not_on_router: 'El usuario ya no está en el router',
  no_validity: 'El plan no tiene vigencia que extender',
};

function checkLive(row: TransactionRow): void {
  if (row.state !== 'paid') throw new UserActionError(row.id, 'not_paid');
  if (row.user_removed_at !== null) throw new UserActionError(row.id, 'removed');
}

/**
 * Adds `seconds` to the user's validity: to `expires_at` (from now, if it has passed but the sweep
 * has not removed the user yet), or, before a first login starts it, to the validity itself.
 * @throws UserActionError; a router failure (nothing recorded)
 */
export async function extendValidity(deps: UserActionDeps, row: TransactionRow, seconds: number, userId: number): Promise<TransactionRow> {
  checkLive(row);
  if (row.validity_seconds === null) throw new UserActionError(row.id, 'no_validity');
  const user = await findHotspotUser(await deps.routerExecFor(row.router_id), row.hotspot_username);
  if (!user || user.comment !== commentFor(row.id)) throw new UserActionError(row.id, 'not_on_router');
  const at = deps.now();
  const validitySeconds = row.validity_seconds + seconds;
  const expiresAt = row.expires_at === null ? null : new Date(Math.max(row.expires_at.getTime(), at.getTime()) + seconds * 1000);
  const updated = await updateValidity(
    deps.db,
    row.id,
    { expiresAt, validitySeconds, validity: formatDuration(validitySeconds) },
    { transactionId: row.id, kind: 'extended', userId, detail: `+${formatDuration(seconds)}` },
    at,
  );
  if (!updated) throw new UserActionError(row.id, 'removed');
  return updated;
}

/**
 * Ends the user now: removes it from the router and logs out its sessions, then records it
 * `eliminado`. A user already gone from the router is recorded the same way.
 * @throws UserActionError; a router failure (nothing recorded)
 */
export async function terminateUser(deps: UserActionDeps, row: TransactionRow, userId: number): Promise<TransactionRow> {
  checkLive(row);
  const exec = await deps.routerExecFor(row.router_id);
  const [user, sessions] = await Promise.all([findHotspotUser(exec, row.hotspot_username), listActiveSessions(exec, row.hotspot_username)]);
  if (user && user.comment === commentFor(row.id)) {
    // Sent together; the user first, so an ended session cannot log straight back in.
    await Promise.all([removeHotspotUser(exec, user.id), ...sessions.map((s) => removeActiveSession(exec, s.id))]);
  }
  const at = deps.now();
  const updated = await recordTerminated(deps.db, row.id, { transactionId: row.id, kind: 'terminated', userId }, at);
  if (!updated) throw new UserActionError(row.id, 'removed');
  return updated;
}
