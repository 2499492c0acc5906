/** `startMockRouter`: the TCP (and optional TLS) listeners of a mock RouterOS router. */
import { createServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { serverCert, serverKey } from '@hotspot/test-certs';
import { routerOsCommandTree } from './command-tree.js';
import { RouterConnection, type MockStats, type RouterShared } from './connection.js';
import { MockClock, type RouterClock } from './clock.js';
import { FaultSwitchboard, type FaultOptions, type Faults } from './faults.js';
import { HotspotServlet, startHotspotServlet, type HotspotHttpServer } from './hotspot-http/servlet.js';
import { HotspotSessions } from './hotspot-sessions.js';
import { DEFAULT_SERVER_PROFILE, findByName, hotspotMenus, SERVER_PROFILES, seedHotspot } from './menus/hotspot.js';
import { seedActiveSessions } from './seed.js';
import { MockState, type RouterState } from './state.js';

export interface MockRouterOptions {
  /** Address to listen on (default 127.0.0.1). */
  host?: string;
  /** API port; 0 (the default) picks a free one. */
  port?: number;
  /** Login user (default `admin`). */
  username?: string;
  /** Login password (default empty). */
  password?: string;
  /** Claimed RouterOS version (default 7.19.6): below 6.43 MD5 challenge login, below 7.18 no `!empty`. */
  rosVersion?: string;
  /** api-ssl port (0 = a free one); no TLS listener when left out. Serves the @hotspot/test-certs server certificate. */
  tlsPort?: number;
  /**
   * Make the api-ssl listener behave like a router without a certificate: anonymous
   * Diffie-Hellman suites only, TLS 1.2 at most, no certificate (unauthenticated, like the real thing).
   */
  tlsAnonymousDH?: boolean;
  /** Number of active hotspot sessions to generate (for benchmarks). */
  seedActive?: number;
  /** Extra hotspot user profiles, e.g. `{ name: '1h', 'session-timeout': '1h' }` (a `default` entry changes the default profile). */
  profiles?: Array<Record<string, string>>;
  /** Faults active from the start. */
  faults?: FaultOptions;
  /**
   * `manual` (the default): the router's clock moves only on `clock.advance`, so tests decide
   * when time passes. `system`: it also follows the wall clock, one step a second (the CLI's choice).
   */
  clock?: 'manual' | 'system';
  /** Also serve the hotspot's HTTP login pages (`/login`, `/status`, `/logout`, ...); see the README. */
  hotspotHttp?: boolean | HotspotHttpOptions;
}

export interface HotspotHttpOptions {
  /** Port of the login pages (0, the default, picks a free one). */
  port?: number;
  /**
   * `login-by` of the hotspot's server profile `hsprof1`, e.g. `http-chap,http-pap`
   * (default `cookie,http-chap`, as RouterOS sets it: plain-text passwords refused).
   */
  loginBy?: string;
}

export interface MockRouter {
  /** The API port it listens on. */
  port: number;
  /** The api-ssl port, when a TLS listener was asked for. */
  tlsPort?: number;
  /** Base URL of the hotspot's HTTP login pages (`http://127.0.0.1:PORT`), when asked for with `hotspotHttp`. */
  hotspotUrl?: string;
  /** The configuration, readable and seedable by tests. */
  state: RouterState;
  /** The fault switchboard. */
  faults: Faults;
  /** Live usage counters. */
  stats: MockStats;
  /** The router's clock (mock-only control): `clock.advance(ms)` makes sessions accrue uptime and end at their limits. */
  clock: RouterClock;
  /**
   * Mock-only control: counts traffic of the active session of the device with this MAC address
   * (`bytesIn` from the device, `bytesOut` to it); a session that reaches a byte limit ends.
   * Throws `NoActiveSessionError` when the device has no session.
   */
  traffic(mac: string, bytesIn: number, bytesOut: number): void;
  /** Stops listening and drops every connection; resolves when all is closed. */
  close(): Promise<void>;
}

export const DEFAULT_ROS_VERSION = '7.19.6';

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      if (address === null || typeof address === 'string') return reject(new Error('listener has no port'));
      resolve(address.port);
    });
  });
}

/** Starts a mock router; see the package README for its behaviour. */
export async function startMockRouter(options: MockRouterOptions = {}): Promise<MockRouter> {
  const host = options.host ?? '127.0.0.1';
  // The state checks the version (a RangeError for one that is not a dotted number).
  const state = new MockState(options.rosVersion ?? DEFAULT_ROS_VERSION, (menu) => hotspotMenus[menu]?.defaults?.() ?? {});
  seedHotspot(state, options.profiles ?? []);
  if (options.seedActive) seedActiveSessions(state, options.seedActive);
  const http = options.hotspotHttp === true ? {} : options.hotspotHttp || undefined;
  if (http?.loginBy !== undefined) {
    const profiles = state.table(SERVER_PROFILES);
    profiles.update(findByName(profiles, DEFAULT_SERVER_PROFILE)!['.id']!, { 'login-by': http.loginBy });
  }

  const clock = new MockClock();
  const sessions = new HotspotSessions(state, clock);
  const stats: MockStats = { connectionsAccepted: 0, openConnections: 0, commands: {} };
  const shared: RouterShared = {
    state,
    faults: new FaultSwitchboard(options.faults),
    stats,
    tree: routerOsCommandTree(),
    info: { startedAt: clock.now(), clock, sessions },
    credentials: { username: options.username ?? 'admin', password: options.password ?? '' },
  };
  const sockets = new Set<Socket>();
  const accept = (socket: Socket) => {
    stats.connectionsAccepted++;
    stats.openConnections++;
    sockets.add(socket);
    socket.once('close', () => {
      stats.openConnections--;
      sockets.delete(socket);
    });
    new RouterConnection(socket, shared);
  };

  const servers: Server[] = [];
  let hotspotHttp: HotspotHttpServer | undefined;
  const stopClock = options.clock === 'system' ? clock.followWallClock() : () => {};
  const closeAll = async () => {
    stopClock();
    await hotspotHttp?.close();
    for (const socket of sockets) socket.destroy();
    await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
  };
  try {
    const plain = createServer(accept);
    servers.push(plain);
    const port = await listen(plain, options.port ?? 0, host);
    let tlsPort: number | undefined;
    if (options.tlsPort !== undefined) {
      const secure = createTlsServer(
        options.tlsAnonymousDH
          ? { ciphers: 'ADH:@SECLEVEL=0', maxVersion: 'TLSv1.2', dhparam: 'auto' }
          : { cert: serverCert, key: serverKey },
        accept,
      );
      // A failed TLS handshake never reaches `accept`; it must not crash the process either.
      secure.on('tlsClientError', () => {});
      servers.push(secure);
      tlsPort = await listen(secure, options.tlsPort, host);
    }
    if (http) hotspotHttp = await startHotspotServlet(new HotspotServlet(state, sessions), host, http.port ?? 0);
    let closed: Promise<void> | undefined;
    return {
      port,
      ...(tlsPort === undefined ? {} : { tlsPort }),
      ...(hotspotHttp === undefined ? {} : { hotspotUrl: hotspotHttp.url }),
      state,
      faults: shared.faults,
      stats,
      clock,
      traffic: (mac, bytesIn, bytesOut) => sessions.traffic(mac, bytesIn, bytesOut),
      close: () => (closed ??= closeAll()),
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
