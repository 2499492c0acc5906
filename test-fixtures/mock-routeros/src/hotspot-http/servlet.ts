/**
 * The hotspot's HTTP servlet (HOTSPOT.md 1.2, 2): `/login` (GET or POST; PAP and CHAP),
 * `/status`, `/logout`, `/`, `/api` and the other files of the html directory, answered with
 * the page RouterOS would pick. Files come from `/file` items named `<html-directory>/<file>`
 * (as `/file/add name=hotspot/login.html contents=...` leaves them), else from the built-in pages.
 *
 * A client is the request's source address, never a form field (a device cannot choose its
 * MAC, and no page may log in another device): its MAC is that of the `/ip/hotspot/host` row
 * with that address. A source address with no host row gets one, as a router does for a device
 * it sees, with a locally administered MAC made from the address (127.0.0.1 → 02:00:7F:00:00:01).
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseIntervalMs } from '../duration.js';
import { hotspotErrorText, LoginRefusal, type HotspotErrorKey } from '../hotspot-errors.js';
import type { HotspotSessions } from '../hotspot-sessions.js';
import { ACTIVE, DEFAULT_SERVER, findByName, HOSTS, HOTSPOT, SERVER_PROFILES } from '../menus/hotspot.js';
import { sameSecret } from '../secret.js';
import type { Item, MockState } from '../state.js';
import { ChapChallenges, octalEscape, type ChapChallenge } from './chap.js';
import { DEFAULT_PAGES } from './pages.js';
import { renderTemplate, TemplateError } from './template.js';

/** Largest request body read (a login form is a few hundred bytes). */
const MAX_BODY_BYTES = 64 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  htm: 'text/html; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  json: 'application/json',
  svg: 'image/svg+xml',
};
/** Files the servlet fills with variables (HOTSPOT.md 1.2); api.json as the stock one is. */
const TEMPLATE_FILE = /\.(html?|txt)$|^api\.json$/;

/** A request body over `MAX_BODY_BYTES`. */
class BodyTooLargeError extends Error {
  override name = 'BodyTooLargeError';
  constructor(readonly limit: number) {
    super(`request body over ${limit} bytes`);
  }
}

/** The device behind a request. */
interface Client {
  ip: string;
  mac: string;
}

/** What a page is rendered with besides the router's own facts. */
interface PageContext {
  session?: Item;
  /** `dst`: the URL the device first asked for, and where it goes after login. */
  dst?: string;
  /** Where redirect.html sends the device. */
  redirect?: string;
  error?: HotspotErrorKey;
  username?: string;
  chap?: ChapChallenge;
  popup?: string;
}

/** `-esc` variables: URL encoding as RouterOS does it ("123&456=1 2" → "123%26456%3D1+2"). */
function esc(value: string): string {
  return new URLSearchParams({ v: value }).toString().slice(2);
}

function seconds(interval: string | undefined): string {
  return String(Math.floor((parseIntervalMs(interval) ?? 0) / 1000));
}

/** A locally administered MAC made from the client's address. */
function macFor(ip: string): string {
  const octets = /^\d+\.\d+\.\d+\.\d+$/.test(ip) ? ip.split('.').map(Number) : [...createHash('md5').update(ip).digest().subarray(0, 4)];
  return ['02', '00', ...octets.map((octet) => octet.toString(16).toUpperCase().padStart(2, '0'))].join(':');
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    // A body over the limit is read to its end but not kept, so that the 413 reaches the client.
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on('end', () => {
      if (size > MAX_BODY_BYTES) reject(new BodyTooLargeError(MAX_BODY_BYTES));
      else resolve(Buffer.concat(chunks).toString('utf8'));
    });
    request.on('error', reject);
  });
}

export class HotspotServlet {
  private readonly challenges = new ChapChallenges();
  /** `host:port` the servlet is reached at (set once it listens). */
  serverAddress = '';

  constructor(
    private readonly state: MockState,
    private readonly sessions: HotspotSessions,
  ) {}

  /** Answers one request; never rejects (a failure is a 500 page). */
  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    try {
      const url = new URL(request.url ?? '/', 'http://hotspot');
      const params = url.searchParams;
      if (request.method === 'POST') {
        for (const [name, value] of new URLSearchParams(await readBody(request))) params.set(name, value);
      } else if (request.method !== 'GET' && request.method !== 'HEAD') {
        return this.plain(response, 405, 'method not allowed');
      }
      const client = this.client(request.socket.remoteAddress ?? '');
      this.route(url.pathname, params, client, response);
    } catch (error) {
      if (error instanceof BodyTooLargeError) return this.plain(response, 413, error.message);
      const reason = error instanceof TemplateError ? error.message : 'mock-routeros internal error';
      this.plain(response, 500, reason);
    }
  }

  private route(path: string, params: URLSearchParams, client: Client, response: ServerResponse): void {
    const session = this.sessions.sessionOf({ mac: client.mac, address: client.ip });
    const dst = params.get('dst') ?? '';
    const popup = params.get('popup') ?? 'true';
    const links = this.links();
    switch (path) {
      case '/login':
        return this.login(params, client, response);
      case '/status':
        if (session) return this.page(response, ['status.html'], client, { session });
        return this.page(response, ['fstatus.html', 'redirect.html'], client, { redirect: links.loginOnly });
      case '/logout':
        if (!session) return this.page(response, ['flogout.html', 'redirect.html'], client, { redirect: links.loginOnly });
        this.state.table(ACTIVE).delete(session['.id']!);
        return this.page(response, ['logout.html'], client, { session });
      case '/':
        if (session) return this.page(response, ['rstatus.html', 'redirect.html'], client, { session, redirect: links.status });
        return this.page(response, ['rlogin.html', 'redirect.html'], client, { dst, redirect: links.loginOnly, popup });
      case '/api':
        return this.page(response, ['api.json'], client, { ...(session ? { session } : {}) }, 'application/captive+json');
      default:
        return this.page(response, [path.slice(1)], client, { ...(session ? { session } : {}) });
    }
  }

  /** `/login`: the login page, a login attempt (when `username` is given), or "already logged in". */
  private login(params: URLSearchParams, client: Client, response: ServerResponse): void {
    const dst = params.get('dst') ?? '';
    const popup = params.get('popup') ?? 'true';
    const redirect = dst || this.links().status;
    const current = this.sessions.sessionOf({ mac: client.mac, address: client.ip });
    if (current) return this.page(response, ['alogin.html', 'redirect.html'], client, { session: current, dst, redirect });
    const username = params.get('username');
    if (username === null) return this.page(response, ['login.html'], client, { dst, popup, ...this.challengeFor(client) });
    const outcome = this.attempt(client, username, params.get('password') ?? '');
    if (outcome instanceof LoginRefusal) {
      const page = { dst, popup, username, error: outcome.key, ...this.challengeFor(client) };
      return this.page(response, ['flogin.html', 'login.html'], client, page);
    }
    this.page(response, ['alogin.html', 'redirect.html'], client, { session: outcome, dst, redirect });
  }

  /** Checks the password as a CHAP response to the client's last challenge, or as plain text when http-pap is on. */
  private attempt(client: Client, username: string, password: string): Item | LoginRefusal {
    const methods = this.loginMethods();
    const chap = methods.has('http-chap') ? this.challenges.outstanding(client.ip) : undefined;
    if (methods.has('http-chap') && !chap && !methods.has('http-pap')) return new LoginRefusal('chap-missing', username);
    const given = Buffer.from(password, 'latin1');
    return this.sessions.login({
      user: username,
      authenticate: (stored) => {
        // Both checks always run, so the time taken does not say which one passed.
        const chapPassed = chap !== undefined && ChapChallenges.matches(chap, password, stored);
        const papPassed = sameSecret(given, Buffer.from(stored, 'latin1')) && methods.has('http-pap');
        if (chapPassed) return 'http-chap';
        return papPassed ? 'http-pap' : undefined;
      },
      mac: client.mac,
      address: client.ip,
    });
  }

  private challengeFor(client: Client): { chap?: ChapChallenge } {
    return this.loginMethods().has('http-chap') ? { chap: this.challenges.issue(client.ip) } : {};
  }

  /** The client by source address; a device seen for the first time gets a host row. */
  private client(remoteAddress: string): Client {
    const ip = remoteAddress.replace(/^::ffff:/, '');
    const hosts = this.state.table(HOSTS);
    for (const host of hosts.values()) if (host.address === ip) return { ip, mac: host['mac-address']! };
    const mac = macFor(ip);
    this.state.add(HOSTS, { 'mac-address': mac, address: ip, 'to-address': ip, server: DEFAULT_SERVER });
    return { ip, mac };
  }

  private serverProfile(): Item {
    const server = findByName(this.state.table(HOTSPOT), DEFAULT_SERVER);
    return findByName(this.state.table(SERVER_PROFILES), server?.profile) ?? {};
  }

  private loginMethods(): Set<string> {
    return new Set((this.serverProfile()['login-by'] ?? '').split(','));
  }

  private links() {
    const base = `http://${this.serverAddress}`;
    return { loginOnly: `${base}/login`, logout: `${base}/logout`, status: `${base}/status` };
  }

  /** The variables of HOTSPOT.md 1.3 for this client and page. */
  private variables(client: Client, context: PageContext): Record<string, string> {
    const { session, chap } = context;
    const links = this.links();
    const dst = context.dst ?? '';
    const redirect = context.redirect ?? '';
    const username = session?.user ?? context.username ?? '';
    const remain =
      session?.['limit-bytes-total'] === undefined
        ? ''
        : String(Number(session['limit-bytes-total']) - Number(session['bytes-in'] ?? 0) - Number(session['bytes-out'] ?? 0));
    const error = context.error === undefined ? '' : hotspotErrorText(context.error, { username, ip: client.ip });
    return {
      identity: this.state.identity,
      'server-name': DEFAULT_SERVER,
      hostname: this.serverProfile()['dns-name'] || this.serverAddress.replace(/:\d+$/, ''),
      'server-address': this.serverAddress,
      'plain-passwd': this.loginMethods().has('http-pap') ? 'yes' : 'no',
      'ssl-login': 'no',
      'login-by': session?.['login-by'] ?? '',
      'link-login-only': links.loginOnly,
      'link-login': dst ? `${links.loginOnly}?dst=${esc(dst)}` : links.loginOnly,
      'link-logout': links.logout,
      'link-status': links.status,
      'link-orig': dst,
      'link-orig-esc': esc(dst),
      'link-redirect': redirect,
      'link-redirect-esc': esc(redirect),
      ip: client.ip,
      'host-ip': client.ip,
      mac: client.mac,
      'mac-esc': esc(client.mac),
      username,
      'username-esc': esc(username),
      'logged-in': session ? 'yes' : 'no',
      trial: 'no',
      popup: context.popup ?? 'true',
      error,
      'error-orig': error,
      'chap-id': chap ? octalEscape(chap.id) : '',
      'chap-challenge': chap ? octalEscape(chap.challenge) : '',
      uptime: session?.uptime ?? '',
      'uptime-secs': seconds(session?.uptime),
      'session-time-left': session?.['session-time-left'] ?? '',
      'session-time-left-secs': seconds(session?.['session-time-left']),
      'session-timeout': session?.['session-time-left'] ?? '',
      'session-timeout-secs': seconds(session?.['session-time-left']),
      'bytes-in': session?.['bytes-in'] ?? '0',
      'bytes-out': session?.['bytes-out'] ?? '0',
      'packets-in': session?.['packets-in'] ?? '0',
      'packets-out': session?.['packets-out'] ?? '0',
      'remain-bytes-total': remain,
    };
  }

  /** The first of `names` the html directory (or the built-in set) has, rendered; 404 when none. */
  private page(response: ServerResponse, names: string[], client: Client, context: PageContext, contentType?: string): void {
    for (const name of names) {
      const source = this.file(name);
      if (source === undefined) continue;
      const extension = name.slice(name.lastIndexOf('.') + 1);
      const type = contentType ?? CONTENT_TYPES[extension] ?? 'application/octet-stream';
      if (!TEMPLATE_FILE.test(name)) return this.send(response, 200, undefined, { 'content-type': type }, source);
      const rendered = renderTemplate(source, this.variables(client, context));
      return this.send(response, rendered.status, rendered.statusText, { 'content-type': type, ...rendered.headers }, rendered.body);
    }
    this.plain(response, 404, 'not found');
  }

  /** A file of the html directory: a `/file` item under it, else a built-in page. */
  private file(name: string): string | undefined {
    const profile = this.serverProfile();
    const directory = profile['html-directory-override'] || profile['html-directory'] || 'hotspot';
    const stored = findByName(this.state.table('/file'), `${directory}/${name}`);
    return stored ? (stored.contents ?? '') : DEFAULT_PAGES.get(name);
  }

  private send(
    response: ServerResponse,
    status: number,
    statusText: string | undefined,
    headers: Record<string, string>,
    body: string,
  ): void {
    response.writeHead(status, statusText, { 'cache-control': 'no-cache', ...headers });
    response.end(response.req.method === 'HEAD' ? undefined : body);
  }

  private plain(response: ServerResponse, status: number, text: string): void {
    if (response.headersSent) return void response.destroy();
    this.send(response, status, undefined, { 'content-type': 'text/plain; charset=utf-8' }, `${text}\n`);
  }
}

/** A running servlet. */
export interface HotspotHttpServer {
  port: number;
  /** `http://host:port`. */
  url: string;
  close(): Promise<void>;
}

/** Starts the servlet on `host:port` (0 = a free port). */
export async function startHotspotServlet(servlet: HotspotServlet, host: string, port: number): Promise<HotspotHttpServer> {
  const server: Server = createServer((request, response) => void servlet.handle(request, response));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  servlet.serverAddress = `${host}:${address.port}`;
  let closed: Promise<void> | undefined;
  return {
    port: address.port,
    url: `http://${servlet.serverAddress}`,
    close: () =>
      (closed ??= new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      })),
  };
}
