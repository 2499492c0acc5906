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

/** Creates the user (enabled) in one command, its limits included; returns its `.id`. @throws TrapError (see isDuplicateName) or a connection error */
export async function addHotspotUser(
  exec: RouterExec,
  user: {
    name: string;
    password: string;
    profile: string;
    transactionId: string;
    /** The plan's `limit-uptime` / `limit-bytes-total`, in the same add (src/plans/limits.ts). */
    limits?: Params;
  },
): Promise<string> {
  const result = await exec(`${USER}/add`, {
    name: user.name,
    password: user.password,
    profile: user.profile,
    comment: commentFor(user.transactionId),
    ...user.limits,
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

/** A service user's usage as the router counts it (totals of ended sessions, HOTSPOT.md 4.2), and its limits. */
export interface ServiceUserUsage {
  id: string;
  name: string;
  transactionId: string;
  /** The `uptime` counter as printed (`1h30m`, `59m59s950ms`). */
  uptime: string | undefined;
  /** `bytes-in` + `bytes-out`. */
  bytes: number;
  /** `limit-uptime` as printed, if any. */
  uptimeLimit: string | undefined;
  /** `limit-bytes-total` (0 or absent: none). */
  bytesLimit: number;
}

const USAGE_PROPLIST = `=.proplist=${['.id', 'name', 'comment', 'uptime', 'bytes-in', 'bytes-out', 'limit-uptime', 'limit-bytes-total'].join(',')}`;
/** Query words of a user the router counts as used: not (uptime, bytes-in and bytes-out all zero). */
const USED = ['?uptime=0s', '?bytes-in=0', '?bytes-out=0', '?#&&!'];
/** Most names one print's query lists (the router tests each user against each); with more, every user is printed. */
const MAX_QUERIED_NAMES = 256;

/**
 * Service users with their usage counters and limits, in one print whatever the table's size:
 * those named in `names` and, with `used`, every user the router counts as used (a non-zero
 * `uptime`, `bytes-in` or `bytes-out`). The router filters (a query), so the users nobody has
 * used yet, most of a voucher router's table, are never sent. Past `MAX_QUERIED_NAMES` names
 * every user comes back (the caller picks its own by transaction).
 */
export async function listServiceUsage(exec: RouterExec, select: { names: readonly string[]; used: boolean }): Promise<ServiceUserUsage[]> {
  const { names, used } = select;
  const query: string[] = [];
  if (names.length <= MAX_QUERIED_NAMES) {
    if (used) query.push(...USED);
    for (const name of names) query.push(`?name=${name}`);
    const terms = names.length + (used ? 1 : 0);
    if (terms > 1) query.push(`?#${'|'.repeat(terms - 1)}`);
  }
  const { rows } = await exec(`${USER}/print`, [USAGE_PROPLIST, ...query]);
  return rows.flatMap((row) => {
    const transactionId = transactionIdOf(row.comment);
    const id = row['.id'];
    if (!transactionId || !id) return [];
    const bytes = Number(row['bytes-in'] ?? 0) + Number(row['bytes-out'] ?? 0);
    const bytesLimit = Number(row['limit-bytes-total'] ?? 0) || 0;
    return [{ id, name: row.name ?? '', transactionId, uptime: row.uptime, bytes, uptimeLimit: row['limit-uptime'], bytesLimit }];
  });
}

const ACTIVE = '/ip/hotspot/active';

/** The router's hotspot sessions (`.id`, user, and how long each has run), one print; `user` narrows it to one user. */
export async function listActiveSessions(
  exec: RouterExec,
  user?: string,
): Promise<Array<{ id: string; user: string; uptime: string | undefined }>> {
  const { rows } = await exec(`${ACTIVE}/print`, {
    '.proplist': ['.id', 'user', 'uptime'],
    ...(user === undefined ? {} : { '?user': user }),
  });
  return rows.flatMap((row) => (row['.id'] && row.user ? [{ id: row['.id'], user: row.user, uptime: row.uptime }] : []));
}

/** Ends a hotspot session (logs the device out); one already gone counts as ended. */
export async function removeActiveSession(exec: RouterExec, id: string): Promise<void> {
  try {
    await exec(`${ACTIVE}/remove`, { numbers: id });
  } catch (error) {
    if (!isNoSuchItem(error)) throw error;
  }
}
