import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

const key = randomBytes(32).toString('base64');

function problems(env: NodeJS.ProcessEnv): readonly string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('loadConfig', () => {
  it('has working defaults: PGlite at ./.data/pglite, port 8000, 24 h sessions, 365-day keys, 5 s router timeout', () => {
    const config = loadConfig({ INIT_CWD: '/srv/app' });
    expect(config.port).toBe(8000);
    expect(config.host).toBe('127.0.0.1');
    expect(config.database).toEqual({ kind: 'pglite', dataDir: resolve('/srv/app', '.data/pglite') });
    expect(config.encryptionKey).toBeUndefined();
    expect(config.superAdmin).toBeUndefined();
    expect(config.sessionTtlHours).toBe(24);
    expect(config.apiKeyTtlDays).toBe(365);
    expect(config.routerTimeoutMs).toBe(5000);
  });

  it('reads the purchase limits (PURCHASE_*), with defaults, and refuses a limit below 1', () => {
    const config = loadConfig({
      PURCHASE_MAX_PER_API_KEY: '50',
      PURCHASE_MAX_PER_ADDRESS: '40',
      PURCHASE_MAX_PER_MAC: '2',
      PURCHASE_WINDOW_SECONDS: '300',
      PURCHASE_MAX_DECLINES_PER_ADDRESS: '4',
      PURCHASE_DECLINE_WINDOW_SECONDS: '1800',
    });
    expect(loadConfig({}).purchase).toMatchObject({
      perAddress: { maxAttempts: 600 },
      declinesPerApiKey: { maxAttempts: 30, windowSeconds: 3600 },
      declinesPerAddress: { maxAttempts: 100 },
    });
    expect(config.purchase).toEqual({
      perApiKey: { maxAttempts: 50, windowSeconds: 300 },
      perAddress: { maxAttempts: 40, windowSeconds: 300 },
      perMac: { maxAttempts: 2, windowSeconds: 300 },
      declinesPerApiKey: { maxAttempts: 30, windowSeconds: 1800 },
      declinesPerAddress: { maxAttempts: 4, windowSeconds: 1800 },
      declinesPerMac: { maxAttempts: 3, windowSeconds: 1800 },
    });
    expect(problems({ PURCHASE_MAX_PER_MAC: '0' })).toEqual(['PURCHASE_MAX_PER_MAC must be an integer from 1 to 1000000, got "0"']);
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '9000',
      HOST: '127.0.0.1',
      PGLITE_DIR: 'memory://',
      APP_ENCRYPTION_KEY: key,
      SUPER_ADMIN_EMAIL: 'Root@Example.com',
      SUPER_ADMIN_PASSWORD: 'long-enough',
      SESSION_TTL_HOURS: '8',
      API_KEY_TTL_DAYS: '90',
      ROUTER_TIMEOUT_MS: '2500',
      TRUST_PROXY: 'true',
    });
    expect(config).toMatchObject({
      port: 9000,
      host: '127.0.0.1',
      database: { kind: 'pglite', dataDir: 'memory://' },
      superAdmin: { email: 'root@example.com', password: 'long-enough' },
      sessionTtlHours: 8,
      apiKeyTtlDays: 90,
      routerTimeoutMs: 2500,
      trustProxy: true,
    });
    expect(config.encryptionKey!.toString('base64')).toBe(key);
  });

  it('uses PostgreSQL when DATABASE_URL is set, and treats an empty one as unset', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@db:5432/x', APP_ENCRYPTION_KEY: key }).database).toEqual({
      kind: 'postgres',
      url: 'postgres://u@db:5432/x',
    });
    expect(loadConfig({ DATABASE_URL: '  ', PGLITE_DIR: '/abs/dir' }).database).toEqual({ kind: 'pglite', dataDir: '/abs/dir' });
  });

  it('names each bad value with its reason, all at once', () => {
    const found = problems({
      PORT: '80a',
      SESSION_TTL_HOURS: '-1',
      API_KEY_TTL_DAYS: 'forever',
      ROUTER_TIMEOUT_MS: '10',
      APP_ENCRYPTION_KEY: 'dG9vIHNob3J0',
      DATABASE_URL: 'mysql://x',
      SUPER_ADMIN_EMAIL: 'not-an-email',
      SUPER_ADMIN_PASSWORD: 'short',
      LOG_LEVEL: 'loud',
      TRUST_PROXY: 'maybe',
      CONEKTA_API_URL: 'ftp://x',
    });
    expect([...found].sort()).toEqual(
      [
        'APP_ENCRYPTION_KEY must be 32 bytes in base64 (e.g. from `openssl rand -base64 32`), got 9 bytes',
        'DATABASE_URL must be a postgres:// or postgresql:// URL',
        'SUPER_ADMIN_EMAIL must be an email address when SUPER_ADMIN_PASSWORD is set',
        'SUPER_ADMIN_PASSWORD must have at least 8 characters',
        'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud"',
        'TRUST_PROXY must be true or false, got "maybe"',
        'PORT must be an integer from 0 to 65535, got "80a"',
        'SESSION_TTL_HOURS must be an integer from 1 to 8760, got "-1"',
        'API_KEY_TTL_DAYS must be an integer from 1 to 3650, got "forever"',
        'ROUTER_TIMEOUT_MS must be an integer from 100 to 120000, got "10"',
        'CONEKTA_API_URL must be an http(s) URL, got "ftp://x"',
      ].sort(),
    );
  });

  it('requires APP_ENCRYPTION_KEY with PostgreSQL, and both super admin variables together', () => {
    expect(problems({ DATABASE_URL: 'postgresql://db/x' })).toEqual([
      'APP_ENCRYPTION_KEY is required with DATABASE_URL (generate one with `openssl rand -base64 32`)',
    ]);
    expect(problems({ SUPER_ADMIN_PASSWORD: 'long-enough' })).toEqual([
      'SUPER_ADMIN_EMAIL must be an email address when SUPER_ADMIN_PASSWORD is set',
    ]);
    expect(problems({ SUPER_ADMIN_EMAIL: 'a@b.c' })).toEqual(['SUPER_ADMIN_PASSWORD must have at least 8 characters']);
  });

  it('accepts previous keys for rotation and refuses bad ones', () => {
    const other = randomBytes(32).toString('base64');
    expect(loadConfig({ APP_ENCRYPTION_KEY: key, APP_ENCRYPTION_PREVIOUS_KEYS: `${other}, ${key}` }).previousEncryptionKeys).toHaveLength(
      2,
    );
    expect(problems({ APP_ENCRYPTION_PREVIOUS_KEYS: 'abc' })[0]).toMatch(/^APP_ENCRYPTION_PREVIOUS_KEYS must be 32 bytes/);
  });

  it('reads BACKEND_CORS_ORIGINS as the old service wrote it (a JSON array) or as a comma list; refuses what is not an origin', () => {
    expect(loadConfig({}).corsOrigins).toEqual([]);
    expect(loadConfig({ BACKEND_CORS_ORIGINS: '["http://10.5.50.1","https://portal.example:8443/"]' }).corsOrigins).toEqual([
      'http://10.5.50.1',
      'https://portal.example:8443',
    ]);
    expect(loadConfig({ BACKEND_CORS_ORIGINS: 'http://10.5.50.1, https://panel.example' }).corsOrigins).toEqual([
      'http://10.5.50.1',
      'https://panel.example',
    ]);
    expect(loadConfig({ BACKEND_CORS_ORIGINS: '["*"]' }).corsOrigins).toEqual(['*']);
    expect(problems({ BACKEND_CORS_ORIGINS: '["http://a.example", 3]' })).toEqual([
      'BACKEND_CORS_ORIGINS must be a JSON array of origins or a comma-separated list, got "[\\"http://a.example\\", 3]"',
    ]);
    expect(problems({ BACKEND_CORS_ORIGINS: 'http://a.example/portal,10.5.50.1' })).toEqual([
      'BACKEND_CORS_ORIGINS entries must be origins such as http://10.5.50.1 (scheme, host, optional port) or *, got "http://a.example/portal"',
      'BACKEND_CORS_ORIGINS entries must be origins such as http://10.5.50.1 (scheme, host, optional port) or *, got "10.5.50.1"',
    ]);
  });
});
