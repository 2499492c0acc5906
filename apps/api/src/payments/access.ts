/**
 * A transaction's customer access on the router, brought in line with its money: the user of a
 * paid attempt enabled (created again with the same credentials if it vanished), the user of any
 * other attempt removed. Both are safe to repeat; the purchase, reconciliation and the webhook share them.
 */
import type { Db } from '../db/connection.js';
import { setRouterUserId, type TransactionRow } from '../db/transactions.js';
import { routerLimitParams } from '../plans/limits.js';
import type { SecretBox } from '../security/secret-box.js';
import { addHotspotUser, commentFor, findHotspotUser, removeHotspotUser, setHotspotUserEnabled, type RouterExec } from './hotspot-users.js';

/** Removes the transaction's hotspot user if it is on the router (found by name, checked by comment). */
export async function removeUserOf(exec: RouterExec, row: TransactionRow): Promise<void> {
  const user = await findHotspotUser(exec, row.hotspot_username);
  if (user && user.comment === commentFor(row.id)) await removeHotspotUser(exec, user.id);
}

/** A paid customer must have access: enable the user, or create it again with the same credentials. */
export async function ensureUserEnabled(
  deps: { db: Db; secrets: SecretBox; now: () => Date },
  exec: RouterExec,
  row: TransactionRow,
): Promise<void> {
  const user = await findHotspotUser(exec, row.hotspot_username);
  if (user && user.comment === commentFor(row.id)) {
    if (user.disabled) await setHotspotUserEnabled(exec, user.id, true);
    return;
  }
  const id = await addHotspotUser(exec, {
    name: row.hotspot_username,
    password: deps.secrets.open(row.hotspot_password_sealed),
    profile: row.hotspot_profile,
    transactionId: row.id,
    limits: routerLimitParams(row),
  });
  await setRouterUserId(deps.db, row.id, id, deps.now());
}
