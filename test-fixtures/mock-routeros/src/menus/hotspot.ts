/**
 * The hotspot menus with real semantics: users, user profiles, hosts, active sessions (with
 * `login`) and MAC cookies. Trap texts quoted from real routers are marked "(router text)";
 * the others are the mock's own wording.
 */
import type { CommandContext, MenuRules, TrapSpec } from '../context.js';
import { formatInterval, parseInterval } from '../duration.js';
import { TrapCategory } from '../reply.js';
import { sameSecret } from '../secret.js';
import type { Item, MockState, Table } from '../state.js';

export const HOTSPOT = '/ip/hotspot';
export const USERS = '/ip/hotspot/user';
export const PROFILES = '/ip/hotspot/user/profile';
export const HOSTS = '/ip/hotspot/host';
export const ACTIVE = '/ip/hotspot/active';
export const COOKIES = '/ip/hotspot/cookie';

/** The hotspot server every fresh mock has. */
export const DEFAULT_SERVER = 'hotspot1';

const DUPLICATE_USER = 'failure: already have user with this name for this server'; // (router text)
const UNKNOWN_PROFILE = 'input does not match any value of profile'; // (router text)
const UNKNOWN_SERVER = 'input does not match any value of server'; // mock's text, modelled on the above
const LOGIN_FAILED = 'invalid username or password';
const TOO_MANY_SESSIONS = 'no more sessions are allowed for user';

function findByName(table: Table, name: string | undefined, exceptId?: string): Item | undefined {
  for (const item of table.values()) if (item.name === name && item['.id'] !== exceptId) return item;
  return undefined;
}

function checkUser(candidate: Item, table: Table, state: MockState, id?: string): TrapSpec | undefined {
  if (!findByName(state.table(PROFILES), candidate.profile)) {
    return { message: UNKNOWN_PROFILE, category: TrapCategory.argumentValue };
  }
  const server = candidate.server ?? 'all';
  if (server !== 'all' && !findByName(state.table(HOTSPOT), server)) {
    return { message: UNKNOWN_SERVER, category: TrapCategory.argumentValue };
  }
  for (const other of table.values()) {
    if (other['.id'] === id || other.name !== candidate.name) continue;
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

/** `/ip/hotspot/active/login`: checks the password, opens a session, and leaves a MAC cookie when the profile says so. */
function login(context: CommandContext): void {
  const { state, reply, request } = context;
  const userName = request.attributes.get('user') ?? '';
  const password = request.attributes.get('password') ?? '';
  const mac = request.attributes.get('mac-address');
  const address = request.attributes.get('ip');
  const user = findByName(state.table(USERS), userName);
  // Always compare, even for an unknown user, so timing does not reveal which user names exist.
  const passwordMatches = sameSecret(Buffer.from(password, 'latin1'), Buffer.from(user?.password ?? '', 'latin1'));
  if (!user || !passwordMatches || user.disabled === 'true') return reply.fail(LOGIN_FAILED);
  const profile = findByName(state.table(PROFILES), user.profile) ?? {};
  const active = state.table(ACTIVE);
  let sessions = 0;
  for (const session of active.values()) if (session.user === userName) sessions++;
  const sharedUsers = profile['shared-users'] === 'unlimited' ? Infinity : Number(profile['shared-users'] ?? '1');
  if (sessions >= sharedUsers) return reply.fail(TOO_MANY_SESSIONS);
  const timeLeft = parseInterval(user['limit-uptime']) ?? parseInterval(profile['session-timeout']);
  active.insert({
    ...activeDefaults(),
    server: user.server === 'all' || !user.server ? DEFAULT_SERVER : user.server,
    user: userName,
    ...(address === undefined ? {} : { address }),
    ...(mac === undefined ? {} : { 'mac-address': mac }),
    'login-by': 'http-pap',
    ...(timeLeft === undefined ? {} : { 'session-time-left': formatInterval(timeLeft) }),
  });
  if (mac !== undefined && profile['add-mac-cookie'] === 'true') {
    const cookies = state.table(COOKIES);
    for (const cookie of [...cookies.values()]) if (cookie['mac-address'] === mac) cookies.delete(cookie['.id']!);
    cookies.insert({ user: userName, domain: '', 'mac-address': mac, 'expires-in': profile['mac-cookie-timeout'] ?? '3d' });
  }
  const hosts = state.table(HOSTS);
  for (const host of hosts.values()) {
    if (host['mac-address'] === mac) hosts.update(host['.id']!, { authorized: 'true' });
  }
  reply.done();
}

function activeDefaults(): Item {
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
    check: checkUser,
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

/** Seeds a fresh router: the `hotspot1` server, the `default` profile and any extra profiles. */
export function seedHotspot(state: MockState, profiles: ReadonlyArray<Record<string, string>>): void {
  state.add(HOTSPOT, { name: DEFAULT_SERVER, profile: 'hsprof1' });
  state.table(PROFILES).insert({ '.id': '*0', ...profileDefaults(), name: 'default', default: 'true' });
  for (const profile of profiles) {
    if (!profile.name) throw new RangeError('every seeded profile needs a name');
    const existing = findByName(state.table(PROFILES), profile.name);
    if (existing) state.table(PROFILES).update(existing['.id']!, profile);
    else state.add(PROFILES, profile);
  }
}
