/**
 * Attempt limits in the database: exact under concurrency, shared by instances, kept across a
 * restart, with the window and Retry-After of the clock the test controls.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/http/app.js';
import { LoginThrottle } from '../src/security/login-throttle.js';
import { countAttempts, purgeEndedWindows, uncountAttempts } from '../src/db/rate-limits.js';
import { Throttle, TooManyAttemptsError } from '../src/security/throttle.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { clientAdminToken, createCompany, superAdminToken } from './helpers/seed.js';

let t: TestApp;
let clock = new Date('2026-03-01T00:00:00Z');
const now = () => clock;
const later = (ms: number) => {
  clock = new Date(clock.getTime() + ms);
};
const LIMITS = { maxFailuresPerEmail: 5, maxFailuresPerAddress: 1000, windowSeconds: 60 };

beforeAll(async () => {
  t = await startTestApp({ now, config: { trustProxy: true, login: LIMITS } });
});
afterAll(() => t.close());

/** A client admin with this email (password `client-password-1`), and the super admin's token. */
async function seedAdmin(email: string): Promise<string> {
  const root = await superAdminToken(t);
  const company = await createCompany(t, root);
  await clientAdminToken(t, root, company.id, email);
  return root;
}

/** The seconds a reservation is refused for, or 0 when it was granted. */
async function refusedFor(work: Promise<unknown>): Promise<number> {
  try {
    await work;
    return 0;
  } catch (error) {
    if (error instanceof TooManyAttemptsError) return error.retryAfterSeconds;
    throw error;
  }
}

describe('rate-limit windows under concurrency', () => {
  it('200 callers counting and giving back the same buckets, listed in opposite orders, all finish (no deadlock)', async () => {
    const buckets = ['dl-key', 'dl-address', 'dl-mac', 'dl-declines-key', 'dl-declines-address', 'dl-declines-mac'];
    const limits = buckets.map((bucket) => ({ bucket, maxAttempts: 1_000_000, windowMs: 600_000 }));
    await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        i % 2 === 0
          ? countAttempts(t.db, i % 4 === 0 ? limits : [...limits].reverse(), clock)
          : uncountAttempts(t.db, i % 4 === 1 ? buckets : [...buckets].reverse(), clock),
      ),
    );
    const rows = await t.db.selectFrom('rate_limit_windows').select(['bucket', 'attempts']).where('bucket', 'in', buckets).execute();
    expect(rows).toHaveLength(buckets.length);
    // 100 counted each; the give-backs that came before a count found nothing to take.
    for (const row of rows) expect(row.attempts).toBeLessThanOrEqual(100);
    // Once their window has ended the purge takes them (and any other ended window) away.
    expect(await purgeEndedWindows(t.db, new Date(clock.getTime() + 600_001))).toBeGreaterThanOrEqual(buckets.length);
    expect(await t.db.selectFrom('rate_limit_windows').select('bucket').where('bucket', 'in', buckets).execute()).toEqual([]);
  });
});

describe('LoginThrottle', () => {
  it('refuses an email after its failures until the window that began with the first one ends', async () => {
    const logins = new LoginThrottle(new Throttle(t.db, now), { maxFailuresPerEmail: 2, maxFailuresPerAddress: 100, windowSeconds: 10 });
    await logins.begin('a@x', '1.1.1.1');
    later(4000);
    await logins.begin('a@x', '2.2.2.2');
    expect(await refusedFor(logins.begin('a@x', '3.3.3.3'))).toBe(6);
    expect(await refusedFor(logins.begin('b@x', '1.1.1.1'))).toBe(0);
    later(6001);
    expect(await refusedFor(logins.begin('a@x', '1.1.1.1'))).toBe(0);
  });

  it('refuses an address across emails; a success clears only the email and does not count for the address', async () => {
    later(3_600_000);
    const logins = new LoginThrottle(new Throttle(t.db, now), { maxFailuresPerEmail: 2, maxFailuresPerAddress: 3, windowSeconds: 60 });
    await logins.begin('c@x', '9.9.9.9');
    await (await logins.begin('c@x', '9.9.9.9')).succeeded();
    await logins.begin('c@x', '9.9.9.9');
    expect(await refusedFor(logins.begin('c@x', '8.8.8.8'))).toBe(0);
    await logins.begin('d@x', '9.9.9.9');
    expect(await refusedFor(logins.begin('e@x', '9.9.9.9'))).toBe(60);
  });

  it('a refused attempt keeps no reservation in its other bucket', async () => {
    later(3_600_000);
    const logins = new LoginThrottle(new Throttle(t.db, now), { maxFailuresPerEmail: 1, maxFailuresPerAddress: 1, windowSeconds: 60 });
    await logins.begin('f@x', '7.7.7.7');
    // The email has room but the address is full: the email must not be charged for it.
    expect(await refusedFor(logins.begin('g@x', '7.7.7.7'))).toBe(60);
    expect(await refusedFor(logins.begin('g@x', '6.6.6.6'))).toBe(0);
  });

  it('grants exactly the limit to 200 simultaneous attempts', async () => {
    later(3_600_000);
    const logins = new LoginThrottle(new Throttle(t.db, now), LIMITS);
    const results = await Promise.all(Array.from({ length: 200 }, () => refusedFor(logins.begin('burst@x', '5.5.5.5'))));
    expect(results.filter((s) => s === 0)).toHaveLength(5);
    expect(results.filter((s) => s === 60)).toHaveLength(195);
  });
});

describe('POST /api/v1/auth/login under concurrency', () => {
  it('200 simultaneous logins (199 wrong, then the right one): 5 password checks, the rest 429', async () => {
    later(3_600_000);
    const email = 'target@example.com';
    await seedAdmin(email);
    later(3_600_000);
    const attempt = (password: string) =>
      t.request('POST', '/api/v1/auth/login', { body: { email, password }, headers: { 'x-forwarded-for': '192.0.2.50' } });
    const answers = await Promise.all([...Array.from({ length: 199 }, (_, i) => attempt(`wrong-${i}`)), attempt('client-password-1')]);
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(195);
    expect(statuses[199]).toBe(429);
    expect(answers[199]!.headers.get('retry-after')).toBe('60');
  });

  it('another instance on the same database, and one started after a restart, see the same count', async () => {
    later(3_600_000);
    const email = 'shared@example.com';
    await seedAdmin(email);
    const deps = { config: t.config, db: t.db, secrets: t.secrets, routers: t.routers, payments: t.payments, now };
    const instance = async () => {
      const app = await buildApp(deps);
      const login = async (password: string) =>
        (await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } })).statusCode;
      return { app, login };
    };
    const [a, b] = await Promise.all([instance(), instance()]);
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push(await (i % 2 === 0 ? a : b).login(`wrong-${i}`));
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    await Promise.all([a.app.close(), b.app.close()]);
    const restarted = await instance();
    expect(await restarted.login('client-password-1')).toBe(429);
    later(61_000);
    expect(await restarted.login('client-password-1')).toBe(200);
    await restarted.app.close();
  });

  it('an inactive admin gets the same answer whatever the password', async () => {
    later(3_600_000);
    const email = 'gone@example.com';
    const root = await seedAdmin(email);
    const id = (await t.request('GET', '/admin/usuarios', { token: root })).body.find((u: { email: string }) => u.email === email).id;
    await t.request('PUT', `/admin/usuarios/${id}/toggle-activo`, { token: root });
    const right = await t.request('POST', '/api/v1/auth/login', { body: { email, password: 'client-password-1' } });
    const wrong = await t.request('POST', '/api/v1/auth/login', { body: { email, password: 'not-the-password' } });
    expect(right.status).toBe(401);
    expect(wrong.status).toBe(right.status);
    expect(wrong.body).toEqual(right.body);
  });
});
