/**
 * The service's configuration, read once from the environment and validated as a whole, so an
 * operator sees every bad value in one message instead of fixing them one start at a time.
 */
import { isAbsolute, resolve } from 'node:path';
import { type Network, parseNetwork } from './routers/destination.js';
import type { PurchaseLimits } from './security/purchase-throttle.js';

/** Where the data lives: the embedded PGlite (a directory, or `memory://`) or a PostgreSQL server. */
export type DatabaseTarget = { kind: 'pglite'; dataDir: string } | { kind: 'postgres'; url: string };

/** Validated configuration. Durations are in milliseconds unless the name says otherwise. */
export interface Config {
  port: number;
  host: string;
  database: DatabaseTarget;
  /** 32-byte AES key (base64 in the environment); undefined in embedded mode until the runtime reads or generates one (src/runtime.ts). */
  encryptionKey: Buffer | undefined;
  /** Keys that no longer encrypt but may still decrypt values written before a rotation. */
  previousEncryptionKeys: Buffer[];
  superAdmin: { email: string; password: string } | undefined;
  sessionTtlHours: number;
  apiKeyTtlDays: number;
  /** Deadline of one router operation (connect + login, or one command). */
  routerTimeoutMs: number;
  /** A client's whole request (headers and body) must arrive within this; a trickled body is cut off. */
  requestTimeoutMs: number;
  /** A pooled router connection unused this long is closed. */
  routerIdleMs: number;
  /** Networks no router connection may go to, on top of the always-denied link-local and metadata addresses. */
  routerDenyNetworks: Network[];
  login: { maxFailuresPerEmail: number; maxFailuresPerAddress: number; windowSeconds: number };
  /** Purchase attempts allowed per API key, client address and MAC, and declines per client address and MAC. */
  purchase: PurchaseLimits;
  /** Trust X-Forwarded-For (the service runs behind a reverse proxy). */
  trustProxy: boolean;
  logLevel: string;
  /** Plans that end (src/plans/): seconds between expiry sweeps, and hours a used-up user stays on its router. */
  expiry: { sweepSeconds: number; retentionHours: number };
  /** Payment gateways' base URLs (tests point them at local fakes). */
  gateways: { conektaUrl: string; mercadoPagoUrl: string; timeoutMs: number };
  /** Telegram's Bot API base URL (tests point it at a local fake) and the deadline of one message. */
  telegram: { apiUrl: string; timeoutMs: number };
  /** Where the hosted portal page loads the gateways' browser SDKs from (tests point them at the fakes' stand-ins). */
  portal: { conektaJsUrl: string; mercadoPagoJsUrl: string };
  /** Where the credentials of a cash sale are e-mailed from (SMTP_URL, SMTP_FROM); undefined: no e-mail is sent. */
  smtp: SmtpSettings | undefined;
  /** BACKEND_CORS_ORIGINS: the origins (or `*`) a browser may call the admin routes from (src/http/cors.ts). */
  corsOrigins: string[];
  /** REDOC_JS_URL: where GET /redoc loads ReDoc's standalone bundle from (src/http/openapi.ts). */
  redocJsUrl: string;
}

/** One deployment's outgoing mail: `smtp://` (STARTTLS when offered) or `smtps://` (TLS), credentials in the URL. */
export interface SmtpSettings {
  url: string;
  from: string;
}

/** One or more environment variables are invalid; `problems` names each with its reason. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const DEFAULT_PGLITE_DIR = './.data/pglite';
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/**
 * Reads and validates the configuration. Empty variables count as unset. Relative `PGLITE_DIR`
 * paths resolve against the directory npm was started from (`INIT_CWD`), falling back to the
 * working directory, so `npm start` at the repository root keeps its data in `./.data/pglite` there.
 *
 * @throws ConfigError listing every invalid variable.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const read = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = read(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!/^-?\d+$/.test(raw) || value < min || value > max) {
      problems.push(`${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`);
      return fallback;
    }
    return value;
  };
  const url = (name: string, fallback: string): string => {
    const raw = read(name) ?? fallback;
    if (!URL.canParse(raw) || !/^https?:$/.test(new URL(raw).protocol)) {
      problems.push(`${name} must be an http(s) URL, got ${JSON.stringify(raw)}`);
    }
    return raw.replace(/\/+$/, '');
  };
  const key = (name: string, raw: string): Buffer | undefined => {
    const bytes = Buffer.from(raw, 'base64');
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(raw) || bytes.length !== 32) {
      problems.push(`${name} must be 32 bytes in base64 (e.g. from \`openssl rand -base64 32\`), got ${bytes.length} bytes`);
      return undefined;
    }
    return bytes;
  };

  const databaseUrl = read('DATABASE_URL');
  let database: DatabaseTarget;
  if (databaseUrl !== undefined) {
    if (!URL.canParse(databaseUrl) || !/^postgres(ql)?:$/.test(new URL(databaseUrl).protocol)) {
      problems.push('DATABASE_URL must be a postgres:// or postgresql:// URL');
    }
    database = { kind: 'postgres', url: databaseUrl };
  } else {
    const dir = read('PGLITE_DIR') ?? DEFAULT_PGLITE_DIR;
    const base = read('INIT_CWD') ?? process.cwd();
    database = { kind: 'pglite', dataDir: dir === 'memory://' || isAbsolute(dir) ? dir : resolve(base, dir) };
  }

  const rawKey = read('APP_ENCRYPTION_KEY');
  const encryptionKey = rawKey === undefined ? undefined : key('APP_ENCRYPTION_KEY', rawKey);
  if (rawKey === undefined && database.kind === 'postgres') {
    problems.push('APP_ENCRYPTION_KEY is required with DATABASE_URL (generate one with `openssl rand -base64 32`)');
  }
  const previousEncryptionKeys = (read('APP_ENCRYPTION_PREVIOUS_KEYS') ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean)
    .flatMap((k) => key('APP_ENCRYPTION_PREVIOUS_KEYS', k) ?? []);

  const email = read('SUPER_ADMIN_EMAIL');
  const password = env.SUPER_ADMIN_PASSWORD ?? '';
  let superAdmin: Config['superAdmin'];
  if (email !== undefined || password !== '') {
    if (email === undefined || !/^[^\s@]+@[^\s@]+$/.test(email)) {
      problems.push('SUPER_ADMIN_EMAIL must be an email address when SUPER_ADMIN_PASSWORD is set');
    }
    if (password.length < 8) problems.push('SUPER_ADMIN_PASSWORD must have at least 8 characters');
    superAdmin = { email: (email ?? '').toLowerCase(), password };
  }

  const routerDenyNetworks = (read('ROUTER_DENY_NETWORKS') ?? '')
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean)
    .flatMap((text) => {
      const network = parseNetwork(text);
      if (!network) problems.push(`ROUTER_DENY_NETWORKS must list CIDR networks (e.g. 10.0.0.0/8,fd00::/8), got ${JSON.stringify(text)}`);
      return network ?? [];
    });

  const logLevel = read('LOG_LEVEL') ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got ${JSON.stringify(logLevel)}`);
  const trustProxyRaw = read('TRUST_PROXY') ?? 'false';
  if (!['true', 'false', '1', '0'].includes(trustProxyRaw)) {
    problems.push(`TRUST_PROXY must be true or false, got ${JSON.stringify(trustProxyRaw)}`);
  }

  const smtpUrl = read('SMTP_URL');
  const smtpFrom = read('SMTP_FROM');
  let smtp: SmtpSettings | undefined;
  if (smtpUrl !== undefined) {
    if (!URL.canParse(smtpUrl) || !/^smtps?:$/.test(new URL(smtpUrl).protocol))
      problems.push('SMTP_URL must be an smtp:// or smtps:// URL');
    if (smtpFrom === undefined || !/^[^\s@<>]+@[^\s@<>]+$|<[^\s@<>]+@[^\s@<>]+>$/.test(smtpFrom)) {
      problems.push('SMTP_FROM must be an e-mail address (optionally "Name <address>") when SMTP_URL is set');
    }
    smtp = { url: smtpUrl, from: smtpFrom ?? '' };
  }

  const config: Config = {
    port: integer('PORT', 8000, 0, 65535),
    host: read('HOST') ?? '127.0.0.1',
    database,
    encryptionKey,
    previousEncryptionKeys,
    superAdmin,
    sessionTtlHours: integer('SESSION_TTL_HOURS', 24, 1, 24 * 365),
    apiKeyTtlDays: integer('API_KEY_TTL_DAYS', 365, 1, 3650),
    routerTimeoutMs: integer('ROUTER_TIMEOUT_MS', 5000, 100, 120_000),
    requestTimeoutMs: integer('REQUEST_TIMEOUT_MS', 30_000, 100, 600_000),
    routerIdleMs: integer('ROUTER_IDLE_MS', 60_000, 100, 86_400_000),
    routerDenyNetworks,
    login: {
      maxFailuresPerEmail: integer('LOGIN_MAX_FAILURES_PER_EMAIL', 5, 1, 1000),
      maxFailuresPerAddress: integer('LOGIN_MAX_FAILURES_PER_ADDRESS', 20, 1, 100_000),
      windowSeconds: integer('LOGIN_WINDOW_SECONDS', 900, 1, 86_400),
    },
    purchase: purchaseLimits(integer),
    trustProxy: trustProxyRaw === 'true' || trustProxyRaw === '1',
    logLevel,
    expiry: {
      sweepSeconds: integer('EXPIRY_SWEEP_SECONDS', 30, 1, 86_400),
      retentionHours: integer('EXPIRED_USER_RETENTION_HOURS', 24, 0, 24 * 365),
    },
    gateways: {
      conektaUrl: url('CONEKTA_API_URL', 'https://api.conekta.io'),
      mercadoPagoUrl: url('MERCADOPAGO_API_URL', 'https://api.mercadopago.com'),
      timeoutMs: integer('GATEWAY_TIMEOUT_MS', 15_000, 100, 120_000),
    },
    telegram: { apiUrl: url('TELEGRAM_API_URL', 'https://api.telegram.org'), timeoutMs: 10_000 },
    portal: {
      conektaJsUrl: url('CONEKTA_JS_URL', 'https://cdn.conekta.io/js/latest/conekta.js'),
      mercadoPagoJsUrl: url('MERCADOPAGO_JS_URL', 'https://sdk.mercadopago.com/js/v2'),
    },
    smtp,
    corsOrigins: allowedOrigins(read('BACKEND_CORS_ORIGINS'), problems),
    redocJsUrl: url('REDOC_JS_URL', 'https://cdn.redoc.ly/redoc/latest/bundles/redoc.standalone.js'),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** The purchase limits (PURCHASE_*), read with the caller's validating integer reader. */
function purchaseLimits(integer: (name: string, fallback: number, min: number, max: number) => number): PurchaseLimits {
  const windowSeconds = integer('PURCHASE_WINDOW_SECONDS', 600, 1, 86_400);
  const declineWindowSeconds = integer('PURCHASE_DECLINE_WINDOW_SECONDS', 3600, 1, 7 * 86_400);
  return {
    perApiKey: { maxAttempts: integer('PURCHASE_MAX_PER_API_KEY', 120, 1, 1_000_000), windowSeconds },
    // One hotspot's customers (and a carrier's NAT) share an address: a ceiling for one source across API keys.
    perAddress: { maxAttempts: integer('PURCHASE_MAX_PER_ADDRESS', 600, 1, 1_000_000), windowSeconds },
    perMac: { maxAttempts: integer('PURCHASE_MAX_PER_MAC', 5, 1, 1_000_000), windowSeconds },
    declinesPerApiKey: {
      maxAttempts: integer('PURCHASE_MAX_DECLINES_PER_API_KEY', 30, 1, 1_000_000),
      windowSeconds: declineWindowSeconds,
    },
    declinesPerAddress: {
      maxAttempts: integer('PURCHASE_MAX_DECLINES_PER_ADDRESS', 100, 1, 1_000_000),
      windowSeconds: declineWindowSeconds,
    },
    declinesPerMac: { maxAttempts: integer('PURCHASE_MAX_DECLINES_PER_MAC', 3, 1, 1_000_000), windowSeconds: declineWindowSeconds },
  };
}

/**
 * BACKEND_CORS_ORIGINS: a JSON array as the old service required (`["http://10.5.50.1"]`), or a comma
 * list. Each entry is `*` or an origin (`scheme://host[:port]`, no path); a trailing `/` is dropped.
 */
function allowedOrigins(raw: string | undefined, problems: string[]): string[] {
  if (raw === undefined) return [];
  let entries: unknown;
  if (raw.startsWith('[')) {
    try {
      entries = JSON.parse(raw);
    } catch {
      entries = undefined;
    }
  } else {
    entries = raw
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean);
  }
  if (!Array.isArray(entries) || !entries.every((e) => typeof e === 'string')) {
    problems.push(`BACKEND_CORS_ORIGINS must be a JSON array of origins or a comma-separated list, got ${JSON.stringify(raw)}`);
    return [];
  }
  return entries.flatMap((entry: string) => {
    const origin = entry.trim().replace(/\/+$/, '');
    if (origin === '*' || (URL.canParse(origin) && /^https?:$/.test(new URL(origin).protocol) && new URL(origin).origin === origin)) {
      return [origin];
    }
    problems.push(
      `BACKEND_CORS_ORIGINS entries must be origins such as http://10.5.50.1 (scheme, host, optional port) or *, got ${JSON.stringify(entry)}`,
    );
    return [];
  });
}
