/**
 * Hotspot sessions as RouterOS models them (HOTSPOT.md 4.2): a login opens an
 * `/ip/hotspot/active` row whose allowance is what the user's limits leave; sessions accrue
 * uptime as the router's clock advances and bytes as a test reports traffic; a session that
 * uses up its allowance ends. However a session ends (a limit, `/ip/hotspot/active/remove`, an
 * HTTP logout, `state.remove`), its counters are folded into the user's totals, its host is no
 * longer authorized and its MAC cookie is dropped.
 */
import type { MockClock } from './clock.js';
import { parseIntervalMs, formatInterval } from './duration.js';
import { LoginRefusal } from './hotspot-errors.js';
import { ACTIVE, activeDefaults, COOKIES, DEFAULT_SERVER, findByName, HOSTS, PROFILES, USERS } from './menus/hotspot.js';
import type { Item, MockState } from './state.js';

/** The MAC address RouterOS uses for "any" / "unknown". */
const NO_MAC = '00:00:00:00:00:00';
/** Bytes per packet when traffic is reported as bytes only. */
const PACKET_BYTES = 1500;

type ByteDirection = 'in' | 'out' | 'total';
const BYTE_DIRECTIONS: readonly ByteDirection[] = ['in', 'out', 'total'];

/** A session's counters, kept in milliseconds and bytes (the row shows them as RouterOS prints them). */
interface Meter {
  uptimeMs: number;
  idleMs: number;
  bytesIn: number;
  bytesOut: number;
  packetsIn: number;
  packetsOut: number;
  /** Until the session ends; undefined without an uptime limit or session timeout. */
  timeLeftMs: number | undefined;
  /** Bytes the session may still move, per limit the user has. */
  bytesLeft: Partial<Record<ByteDirection, number>>;
}

/** `router.traffic` for a MAC address that has no active session. */
export class NoActiveSessionError extends Error {
  override name = 'NoActiveSessionError';
  constructor(readonly mac: string) {
    super(`no active hotspot session for MAC address ${mac}`);
  }
}

/** A login to check: the password check is the caller's (plain text, or a CHAP response). */
export interface LoginAttempt {
  user: string;
  /**
   * Checks the credentials given against the user's stored password (in constant time): the
   * login method they passed with (recorded as the session's `login-by`: http-pap, http-chap),
   * or undefined when they do not match.
   */
  authenticate(storedPassword: string): string | undefined;
  mac: string | undefined;
  address: string | undefined;
}

function positive(value: number | undefined): number | undefined {
  return value !== undefined && value > 0 ? value : undefined;
}

function bytes(value: string | undefined): number | undefined {
  return value === undefined || value === '' ? undefined : Number(value);
}

function sameMac(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.toUpperCase() === b.toUpperCase();
}

/** The byte limits a user has (0 means none). */
function byteLimits(user: Item): Partial<Record<ByteDirection, number>> {
  const limits: Partial<Record<ByteDirection, number>> = {};
  for (const direction of BYTE_DIRECTIONS) {
    const limit = positive(bytes(user[`limit-bytes-${direction}`]));
    if (limit !== undefined) limits[direction] = limit;
  }
  return limits;
}

export class HotspotSessions {
  private readonly meters = new Map<string, Meter>();

  constructor(
    private readonly state: MockState,
    clock: MockClock,
  ) {
    clock.onAdvance((elapsedMs) => this.elapse(elapsedMs));
    state.table(ACTIVE).subscribe((change) => {
      if (change.type === 'remove') this.ended(change.item);
    });
  }

  /** Checks a login as RouterOS does and opens the session; the refusal says why not. */
  login(attempt: LoginAttempt): Item | LoginRefusal {
    const { state } = this;
    const name = attempt.user;
    const user = findByName(state.table(USERS), name);
    // Always compare, even for an unknown user, so timing does not reveal which user names exist.
    const loginBy = attempt.authenticate(user?.password ?? '');
    if (!user || loginBy === undefined || user.disabled === 'true') return new LoginRefusal('invalid-username', name);
    const boundMac = user['mac-address'];
    if (boundMac && boundMac !== NO_MAC && !sameMac(boundMac, attempt.mac)) return new LoginRefusal('invalid-mac', name);

    const usedUptimeMs = parseIntervalMs(user.uptime) ?? 0;
    const limitUptimeMs = positive(parseIntervalMs(user['limit-uptime']));
    if (limitUptimeMs !== undefined && usedUptimeMs >= limitUptimeMs) return new LoginRefusal('uptime-limit', name);
    const used: Record<ByteDirection, number> = {
      in: bytes(user['bytes-in']) ?? 0,
      out: bytes(user['bytes-out']) ?? 0,
      total: (bytes(user['bytes-in']) ?? 0) + (bytes(user['bytes-out']) ?? 0),
    };
    const bytesLeft: Partial<Record<ByteDirection, number>> = {};
    for (const [direction, limit] of Object.entries(byteLimits(user)) as Array<[ByteDirection, number]>) {
      if (used[direction] >= limit) return new LoginRefusal('traffic-limit', name);
      bytesLeft[direction] = limit - used[direction];
    }

    const profile = findByName(state.table(PROFILES), user.profile) ?? {};
    const active = state.table(ACTIVE);
    const sessions = active.find('user', name).length;
    const sharedUsers = profile['shared-users'] === 'unlimited' ? Infinity : Number(profile['shared-users'] ?? '1');
    if (sessions >= sharedUsers) return new LoginRefusal('user-session-limit', name);

    const allowances = [
      limitUptimeMs === undefined ? undefined : limitUptimeMs - usedUptimeMs,
      positive(parseIntervalMs(profile['session-timeout'])),
    ].filter((value) => value !== undefined);
    const timeLeftMs = allowances.length === 0 ? undefined : Math.min(...allowances);
    const { mac, address } = attempt;
    const session = active.insert({
      ...activeDefaults(),
      server: user.server === 'all' || !user.server ? DEFAULT_SERVER : user.server,
      user: name,
      ...(address === undefined ? {} : { address }),
      ...(mac === undefined ? {} : { 'mac-address': mac }),
      'login-by': loginBy,
      ...(timeLeftMs === undefined ? {} : { 'session-time-left': formatInterval(timeLeftMs / 1000) }),
      ...Object.fromEntries(Object.entries(bytesLeft).map(([direction, left]) => [`limit-bytes-${direction}`, String(left)])),
    });
    if (mac !== undefined && profile['add-mac-cookie'] === 'true') {
      const cookies = state.table(COOKIES);
      for (const cookie of cookies.find('mac-address', mac)) cookies.delete(cookie['.id']!);
      cookies.insert({ user: name, domain: '', 'mac-address': mac, 'expires-in': profile['mac-cookie-timeout'] ?? '3d' });
    }
    this.authorizeHost(mac, true);
    return session;
  }

  /** The active session of a device, by MAC address (any letter case) or IP address. */
  sessionOf(device: { mac?: string; address?: string }): Item | undefined {
    const active = this.state.table(ACTIVE);
    const [byMac] = active.find('mac-address', device.mac);
    if (byMac || device.address === undefined) return byMac;
    for (const session of active.values()) if (session.address === device.address) return session;
    return undefined;
  }

  /**
   * Counts traffic of the device's session (`bytesIn` from the device, `bytesOut` to it). Bytes
   * beyond the session's allowance are not counted: the router cuts the session at its limit
   * and ends it.
   */
  traffic(mac: string, bytesIn: number, bytesOut: number): void {
    for (const [label, value] of [
      ['bytesIn', bytesIn],
      ['bytesOut', bytesOut],
    ] as const) {
      if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`traffic needs ${label} as an integer >= 0, got ${value}`);
    }
    const session = this.sessionOf({ mac });
    if (!session) throw new NoActiveSessionError(mac);
    const meter = this.meterOf(session);
    const left = meter.bytesLeft;
    const countedIn = Math.min(bytesIn, left.in ?? Infinity, left.total ?? Infinity);
    const countedOut = Math.min(bytesOut, left.out ?? Infinity, (left.total ?? Infinity) - countedIn);
    meter.bytesIn += countedIn;
    meter.bytesOut += countedOut;
    meter.packetsIn += Math.ceil(countedIn / PACKET_BYTES);
    meter.packetsOut += Math.ceil(countedOut / PACKET_BYTES);
    if (countedIn + countedOut > 0) meter.idleMs = 0;
    if (left.in !== undefined) left.in -= countedIn;
    if (left.out !== undefined) left.out -= countedOut;
    if (left.total !== undefined) left.total -= countedIn + countedOut;
    this.show(session['.id']!, meter);
  }

  /** The clock moved: every session accrues uptime, up to its allowance. */
  private elapse(elapsedMs: number): void {
    for (const session of [...this.state.table(ACTIVE).values()]) {
      const meter = this.meterOf(session);
      const step = Math.min(elapsedMs, meter.timeLeftMs ?? Infinity);
      meter.uptimeMs += step;
      meter.idleMs += step;
      if (meter.timeLeftMs !== undefined) meter.timeLeftMs -= step;
      this.show(session['.id']!, meter);
    }
  }

  /** Writes a meter into its row (quietly: RouterOS streams no counter changes) and ends a used-up session. */
  private show(id: string, meter: Meter): void {
    const active = this.state.table(ACTIVE);
    active.updateQuietly(id, {
      uptime: formatInterval(meter.uptimeMs / 1000),
      'idle-time': formatInterval(meter.idleMs / 1000),
      'session-time-left': meter.timeLeftMs === undefined ? undefined : formatInterval(meter.timeLeftMs / 1000),
      'bytes-in': String(meter.bytesIn),
      'bytes-out': String(meter.bytesOut),
      'packets-in': String(meter.packetsIn),
      'packets-out': String(meter.packetsOut),
    });
    const usedUp = meter.timeLeftMs === 0 || Object.values(meter.bytesLeft).some((left) => left <= 0);
    if (usedUp) active.delete(id);
  }

  /** A session's meter, read from its row the first time (rows seeded by tests have none yet). */
  private meterOf(session: Item): Meter {
    const id = session['.id']!;
    let meter = this.meters.get(id);
    if (!meter) {
      meter = {
        uptimeMs: parseIntervalMs(session.uptime) ?? 0,
        idleMs: parseIntervalMs(session['idle-time']) ?? 0,
        bytesIn: bytes(session['bytes-in']) ?? 0,
        bytesOut: bytes(session['bytes-out']) ?? 0,
        packetsIn: bytes(session['packets-in']) ?? 0,
        packetsOut: bytes(session['packets-out']) ?? 0,
        timeLeftMs: parseIntervalMs(session['session-time-left']),
        bytesLeft: byteLimits(session),
      };
      this.meters.set(id, meter);
    }
    return meter;
  }

  /** A session ended: its counters go to the user's totals; its host and MAC cookie lose it. */
  private ended(session: Item): void {
    const meter = this.meterOf(session);
    this.meters.delete(session['.id']!);
    const { state } = this;
    const users = state.table(USERS);
    const user = findByName(users, session.user);
    if (user) {
      const add = (name: string, amount: number) => String((bytes(user[name]) ?? 0) + amount);
      users.update(user['.id']!, {
        uptime: formatInterval(((parseIntervalMs(user.uptime) ?? 0) + meter.uptimeMs) / 1000),
        'bytes-in': add('bytes-in', meter.bytesIn),
        'bytes-out': add('bytes-out', meter.bytesOut),
        'packets-in': add('packets-in', meter.packetsIn),
        'packets-out': add('packets-out', meter.packetsOut),
      });
    }
    const mac = session['mac-address'] === NO_MAC ? undefined : session['mac-address'];
    const cookies = state.table(COOKIES);
    for (const cookie of cookies.find('mac-address', mac)) cookies.delete(cookie['.id']!);
    this.authorizeHost(mac, false);
  }

  private authorizeHost(mac: string | undefined, authorized: boolean): void {
    const hosts = this.state.table(HOSTS);
    for (const host of hosts.find('mac-address', mac)) hosts.update(host['.id']!, { authorized: String(authorized) });
  }
}
