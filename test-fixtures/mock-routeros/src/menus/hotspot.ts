/**
 * The hotspot menus with real semantics: users (limits, counters), user profiles, hosts, active
 * sessions (`login`; the session engine is hotspot-sessions.ts) and MAC cookies. Trap texts
 * quoted from real routers are marked "(router text)"; the others are the mock's own wording.
 */
import type { CommandContext, MenuRules, TrapSpec } from '../context.js';
import { formatInterval, IntervalError, parseIntervalMs } from '../duration.js';
import { LoginRefusal } from '../hotspot-errors.js';
import { TrapCategory } from '../reply.js';
import { sameSecret } from '../secret.js';
import { resolveItems } from '../table-commands.js';
import type { Item, MockState, Table } from '../state.js';

export const HOTSPOT = '/ip/hotspot';
export const SERVER_PROFILES = '/ip/hotspot/profile';
export const USERS = '/ip/hotspot/user';
export const PROFILES = '/ip/hotspot/user/profile';
export const HOSTS = '/ip/hotspot/host';
export const ACTIVE = '/ip/hotspot/active';
export const COOKIES = '/ip/hotspot/cookie';

/** The hotspot server every fresh mock has, and its server profile (as the setup wizard names them). */
export const DEFAULT_SERVER = 'hotspot1';
export const DEFAULT_SERVER_PROFILE = 'hsprof1';

const DUPLICATE_USER = 'failure: already have user with this name for this server'; // (router text)
const UNKNOWN_PROFILE = 'input does not match any value of profile'; // (router text)
const UNKNOWN_SERVER = 'input does not match any value of server'; // mock's text, modelled on the above
/** The largest interval RouterOS 7.19 takes for `limit-uptime` (2^32 - 1 seconds). */
const MAX_INTERVAL_MS = (2 ** 32 - 1) * 1000;
/** The largest byte count the mock takes for a byte limit (2^64 - 1, a 64-bit counter). */
const MAX_BYTES = 2n ** 64n - 1n;

/** The item of `table` named `name` (other than `exceptId`). */
export function findByName(table: Table, name: string | undefined, exceptId?: string): Item | undefined {
  return table.find('name', name).find((item) => item['.id'] !== exceptId);
}

function checkUser(candidate: Item, table: Table, state: MockState, id?: string): TrapSpec | undefined {
  if (!findByName(state.table(PROFILES), candidate.profile)) {
    return { message: UNKNOWN_PROFILE, category: TrapCategory.argumentValue };
  }
  const server = candidate.server ?? 'all';
  if (server !== 'all' && !findByName(state.table(HOTSPOT), server)) {
    return { message: UNKNOWN_SERVER, category: TrapCategory.argumentValue };
  }
  for (const other of table.find('name', candidate.name)) {
    if (other['.id'] === id) continue;
    const otherServer = other.server ?? 'all';
    if (server === 'all' || otherServer === 'all' || server === otherServer) return { message: DUPLICATE_USER };
  }
  return undefined;
}

function checkProfile(candidate: Item, table: Table, _state: MockState, id?: string): TrapSpec | undefined {
  if (!candidate.name) return { message: 'name must be set', category: TrapCategory.argumentValue };
  if (findByName(table, candidate.name, id)) return { message: 'failure: profile with this name already exists' };
  return undefined;
}

/** `/ip/hotspot/active/login`: checks the password as the hotspot does and opens a session. */
function login(context: CommandContext): void {
  const { reply, request, router } = context;
  const password = Buffer.from(request.attributes.get('password') ?? '', 'latin1');
  const outcome = router.sessions.login({
    user: request.attributes.get('user') ?? '',
    authenticate: (stored) => (sameSecret(password, Buffer.from(stored, 'latin1')) ? 'http-pap' : undefined),
    mac: request.attributes.get('mac-address'),
    address: request.attributes.get('ip'),
  });
  if (outcome instanceof LoginRefusal) return reply.fail(outcome.message);
  reply.done();
}

/** `/ip/hotspot/user/reset-counters`: zeroes the totals (a user with reached limits may log in again). */
function resetCounters(context: CommandContext): void {
  const users = context.state.table(USERS);
  const ids = resolveItems(users, context.request.attributes.get('numbers'));
  if (!Array.isArray(ids)) return context.reply.fail(ids.message, ids.category);
  for (const id of ids) users.update(id, { uptime: '0s', 'bytes-in': '0', 'bytes-out': '0', 'packets-in': '0', 'packets-out': '0' });
  context.reply.done();
}

/** Limit values as RouterOS stores them: intervals printed compact, byte counts as plain integers. */
function normalizeUser(fields: Item): Item | TrapSpec {
  const normalized = { ...fields };
  // The mock's text, modelled on the `invalid value for argument ip` routers answer to a bad ip.
  const invalid = (name: string) => ({ message: `invalid value for argument ${name}`, category: TrapCategory.argumentValue });
  const uptime = fields['limit-uptime'];
  if (uptime !== undefined) {
    let ms: number | undefined;
    try {
      ms = parseIntervalMs(uptime);
    } catch (error) {
      if (error instanceof IntervalError) return invalid('limit-uptime');
      throw error;
    }
    if (ms === undefined || ms > MAX_INTERVAL_MS) return invalid('limit-uptime');
    normalized['limit-uptime'] = formatInterval(ms / 1000);
  }
  for (const name of ['limit-bytes-in', 'limit-bytes-out', 'limit-bytes-total']) {
    const value = fields[name];
    if (value === undefined) continue;
    if (!/^\d{1,20}$/.test(value) || BigInt(value) > MAX_BYTES) return invalid(name);
    normalized[name] = BigInt(value).toString();
  }
  return normalized;
}

export function activeDefaults(): Item {
  return {
    server: DEFAULT_SERVER,
    user: '',
    domain: '',
    address: '0.0.0.0',
    'mac-address': '00:00:00:00:00:00',
    'login-by': 'http-pap',
    uptime: '0s',
    'idle-time': '0s',
    'keepalive-timeout': '2m',
    'bytes-in': '0',
    'bytes-out': '0',
    'packets-in': '0',
    'packets-out': '0',
    radius: 'false',
  };
}

/** The properties of a hotspot user profile as a fresh router prints them. */
export function profileDefaults(): Item {
  return {
    name: '',
    'idle-timeout': 'none',
    'keepalive-timeout': '2m',
    'status-autorefresh': '1m',
    'shared-users': '1',
    'add-mac-cookie': 'true',
    'mac-cookie-timeout': '3d',
    'transparent-proxy': 'false',
    'open-status-page': 'always',
    default: 'false',
  };
}

/** Rules of the hotspot menus, by menu path. */
export const hotspotMenus: Record<string, MenuRules> = {
  [HOTSPOT]: {
    defaults: () => ({
      name: '',
      interface: 'bridge',
      'address-pool': 'none',
      profile: 'default',
      'idle-timeout': '5m',
      'keepalive-timeout': 'none',
      'login-timeout': 'none',
      disabled: 'false',
      invalid: 'false',
    }),
  },
  [SERVER_PROFILES]: {
    defaults: () => ({
      name: '',
      'hotspot-address': '0.0.0.0',
      'dns-name': '',
      'html-directory': 'hotspot',
      'html-directory-override': '',
      'http-cookie-lifetime': '3d',
      'http-proxy': '0.0.0.0:0',
      'login-by': 'cookie,http-chap',
      'split-user-domain': 'false',
      'use-radius': 'false',
      default: 'false',
    }),
  },
  [USERS]: {
    defaults: () => ({
      server: 'all',
      name: '',
      password: '',
      profile: 'default',
      uptime: '0s',
      'bytes-in': '0',
      'bytes-out': '0',
      'packets-in': '0',
      'packets-out': '0',
      dynamic: 'false',
      disabled: 'false',
    }),
    normalize: normalizeUser,
    check: checkUser,
    commands: { 'reset-counters': resetCounters },
  },
  [PROFILES]: {
    defaults: profileDefaults,
    check: checkProfile,
    checkRemove: (item) => (item.default === 'true' ? { message: 'failure: cannot remove default profile' } : undefined),
  },
  [HOSTS]: {
    defaults: () => ({
      'mac-address': '00:00:00:00:00:00',
      address: '0.0.0.0',
      'to-address': '0.0.0.0',
      server: DEFAULT_SERVER,
      uptime: '0s',
      'idle-time': '0s',
      'bytes-in': '0',
      'bytes-out': '0',
      'packets-in': '0',
      'packets-out': '0',
      authorized: 'false',
      bypassed: 'false',
      dynamic: 'true',
    }),
  },
  [ACTIVE]: { defaults: activeDefaults, commands: { login } },
  [COOKIES]: { defaults: () => ({ user: '', domain: '', 'mac-address': '00:00:00:00:00:00', 'expires-in': '3d' }) },
};

/** Seeds a fresh router: the `hotspot1` server with its `hsprof1` server profile, the `default` user profile and any extra ones. */
export function seedHotspot(state: MockState, profiles: ReadonlyArray<Record<string, string>>): void {
  state.table(SERVER_PROFILES).insert({ '.id': '*0', ...state.withDefaults(SERVER_PROFILES, { name: 'default', default: 'true' }) });
  state.add(SERVER_PROFILES, { name: DEFAULT_SERVER_PROFILE, 'hotspot-address': '10.5.50.1' });
  state.add(HOTSPOT, { name: DEFAULT_SERVER, profile: DEFAULT_SERVER_PROFILE });
  state.table(PROFILES).insert({ '.id': '*0', ...profileDefaults(), name: 'default', default: 'true' });
  for (const profile of profiles) {
    if (!profile.name) throw new RangeError('every seeded profile needs a name');
    const existing = findByName(state.table(PROFILES), profile.name);
    if (existing) state.table(PROFILES).update(existing['.id']!, profile);
    else state.add(PROFILES, profile);
  }
}
