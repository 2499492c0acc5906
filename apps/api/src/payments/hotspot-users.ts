/**
 * The hotspot-user commands the purchase, reconciliation and webhook send, each one router round
 * trip on the router's shared connection. A user the service creates carries a comment naming its
 * transaction, which is how reconciliation recognises the service's own users.
 */
import { TrapError, type ExecResult, type Params } from '@hotspot/routeros';
import { UnexpectedRouterReplyError } from '../routers/failure.js';

/** One router's command runner (the router pool bound to one router). */
export type RouterExec = (path: string, params?: Params) => Promise<ExecResult>;

const COMMENT_PREFIX = 'hotspot-pagos tx=';
const USER = '/ip/hotspot/user';

/** The comment of a hotspot user created for transaction `transactionId`. */
export function commentFor(transactionId: string): string {
  return COMMENT_PREFIX + transactionId;
}

/** The transaction a hotspot user's comment names, if it is one of ours. */
export function transactionIdOf(comment: string | undefined): string | undefined {
  return comment?.startsWith(COMMENT_PREFIX) ? comment.slice(COMMENT_PREFIX.length) : undefined;
}

/** The router refused the user's name because another user has it. */
export function isDuplicateName(error: unknown): boolean {
  return error instanceof TrapError && /already have|already exists/i.test(error.message);
}

function isNoSuchItem(error: unknown): boolean {
  return error instanceof TrapError && /no such item/i.test(error.message);
}

/** Creates the user (enabled); returns its `.id`. @throws TrapError (see isDuplicateName) or a connection error */
export async function addHotspotUser(
  exec: RouterExec,
  user: { name: string; password: string; profile: string; transactionId: string },
): Promise<string> {
  const result = await exec(`${USER}/add`, {
    name: user.name,
    password: user.password,
    profile: user.profile,
    comment: commentFor(user.transactionId),
  });
  const id = result.done.ret;
  if (!id) throw new UnexpectedRouterReplyError(`${USER}/add`, "no =ret= with the new user's id");
  return id;
}

/** Removes a user; one that is already gone counts as removed. */
export async function removeHotspotUser(exec: RouterExec, id: string): Promise<void> {
  try {
    await exec(`${USER}/remove`, { numbers: id });
  } catch (error) {
    if (!isNoSuchItem(error)) throw error;
  }
}

/** Enables or disables a user. @returns false when the user no longer exists */
export async function setHotspotUserEnabled(exec: RouterExec, id: string, enabled: boolean): Promise<boolean> {
  try {
    await exec(`${USER}/${enabled ? 'enable' : 'disable'}`, { numbers: id });
    return true;
  } catch (error) {
    if (isNoSuchItem(error)) return false;
    throw error;
  }
}

/** A user by exact name (a query on the router, not a full-table print). */
export async function findHotspotUser(
  exec: RouterExec,
  name: string,
): Promise<{ id: string; comment: string | undefined; disabled: boolean } | undefined> {
  const { rows } = await exec(`${USER}/print`, { '?name': name, '.proplist': ['.id', 'comment', 'disabled'] });
  const row = rows[0];
  const id = row?.['.id'];
  return row && id ? { id, comment: row.comment, disabled: row.disabled === 'true' || row.disabled === 'yes' } : undefined;
}

/** The service's users on the router (id, name, transaction), for reconciliation's sweep. */
export async function listServiceUsers(exec: RouterExec): Promise<Array<{ id: string; name: string; transactionId: string }>> {
  const { rows } = await exec(`${USER}/print`, { '.proplist': ['.id', 'name', 'comment'] });
  return rows.flatMap((row) => {
    const transactionId = transactionIdOf(row.comment);
    const id = row['.id'];
    return transactionId && id ? [{ id, name: row.name ?? '', transactionId }] : [];
  });
}
