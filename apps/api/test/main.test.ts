/** `npm start` as an operator runs it: a real process, configured by its environment. */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENERATED_SUPER_ADMIN_EMAIL, INITIAL_PASSWORD_FILE } from '../src/bootstrap.js';
import { KEY_FILE_NAME } from '../src/security/key-file.js';
import { startEntry, type Started } from './helpers/process.js';
import { waitFor } from './helpers/wait.js';

let dataDir: string;
const apiDir = fileURLToPath(new URL('..', import.meta.url));

/** Whether a process with this id exists (signal 0 only checks). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const start = (env: Record<string, string>, entry = 'src/bin/main.ts'): Started => startEntry(entry, { LOG_LEVEL: 'info', ...env });

async function listening(s: Started): Promise<string> {
  // The last line printed at start-up says how to log in (or that no super admin exists).
  await waitFor(() => /Log in: |No super admin exists/.test(s.output()) || s.child.exitCode !== null, 'the service to listen', 60_000);
  const url = /listening on (http:\/\/\S+)/.exec(s.output())?.[1];
  if (!url) throw new Error(`did not start:\n${s.output()}`);
  return url;
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'hotspot-main-'));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

describe('entry points', () => {
  it('refuses a bad configuration with one clear line per bad value, and exits 1', async () => {
    const s = start({ PORT: 'eighty', SESSION_TTL_HOURS: '0', APP_ENCRYPTION_KEY: 'c2hvcnQ=' });
    expect(await s.exited).toBe(1);
    expect(s.output()).toContain('PORT must be an integer from 0 to 65535, got "eighty"');
    expect(s.output()).toContain('SESSION_TTL_HOURS must be an integer from 1 to 8760, got "0"');
    expect(s.output()).toContain('APP_ENCRYPTION_KEY must be 32 bytes in base64');
  });

  it('starts on PGlite with a generated 0600 key, creates the super admin, serves, and stops on SIGTERM', async () => {
    const pgliteDir = join(dataDir, 'pglite');
    const env = { PGLITE_DIR: pgliteDir, SUPER_ADMIN_EMAIL: 'boss@example.com', SUPER_ADMIN_PASSWORD: 'boss-password' };
    const first = start(env);
    const url = await listening(first);
    expect(first.output()).toContain(`(PGlite at ${pgliteDir})`);
    expect(first.output()).toContain('Created super admin boss@example.com');
    expect(first.output()).toContain(`curl -s -X POST ${url}/api/v1/auth/login`);
    expect(first.output()).toMatch(/generated a key and saved it with mode 0600/);
    expect((await stat(join(pgliteDir, KEY_FILE_NAME))).mode & 0o777).toBe(0o600);
    expect((await fetch(`${url}/health`)).status).toBe(200);
    const login = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'boss@example.com', password: 'boss-password' }),
    });
    expect(login.status).toBe(200);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain('shutting down');
  }, 120_000);

  it('with no SUPER_ADMIN_* on a fresh data directory, generates the first super admin into a 0600 file, never printing the password', async () => {
    const pgliteDir = join(dataDir, 'fresh');
    const s = start({ PGLITE_DIR: pgliteDir });
    const url = await listening(s);
    const passwordFile = join(pgliteDir, INITIAL_PASSWORD_FILE);
    expect((await stat(passwordFile)).mode & 0o777).toBe(0o600);
    const password = (await readFile(passwordFile, 'utf8')).trim();
    expect(password.length).toBeGreaterThanOrEqual(24);
    expect(s.output()).not.toContain(password);
    expect(s.output()).toContain(`password is in ${passwordFile}`);
    const login = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: GENERATED_SUPER_ADMIN_EMAIL, password }),
    });
    expect(login.status).toBe(200);
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
  }, 120_000);

  it('a later start, while the generated password file is still there, points at it instead of a placeholder', async () => {
    const pgliteDir = join(dataDir, 'fresh');
    const passwordFile = join(pgliteDir, INITIAL_PASSWORD_FILE);
    const s = start({ PGLITE_DIR: pgliteDir });
    await listening(s);
    expect(s.output()).toContain(`the password generated at the first start is still in ${passwordFile}`);
    expect(s.output()).toContain(`"email":"${GENERATED_SUPER_ADMIN_EMAIL}","password":"'"$(cat ${passwordFile})"'"`);
    expect(s.output()).not.toContain('<SUPER_ADMIN_PASSWORD>');
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
  }, 120_000);

  it('a port already taken stops the start with one line naming PORT, not a stack trace', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as AddressInfo;
    try {
      const s = start({ PGLITE_DIR: 'memory://', PORT: String(port) });
      expect(await s.exited).toBe(1);
      expect(s.output()).toContain(`PORT ${port} is already in use on 127.0.0.1: stop what listens there, or set PORT to a free port`);
      expect(s.output()).not.toMatch(/^\s+at /m);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  }, 60_000);

  it('`npm start` listens on 127.0.0.1 by default, says so, and stops when npm is sent SIGTERM', async () => {
    const npm = spawn('npm', ['start'], {
      cwd: apiDir,
      env: { PATH: process.env.PATH ?? '', PGLITE_DIR: 'memory://', PORT: '0', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    npm.stdout.on('data', (chunk) => (out += chunk));
    npm.stderr.on('data', (chunk) => (out += chunk));
    let servicePid: number | undefined;
    try {
      await waitFor(() => /No super admin exists/.test(out) || npm.exitCode !== null, 'npm start to listen', 100_000);
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+) \(PGlite/.exec(out)?.[1];
      expect(url, out).toBeDefined();
      servicePid = Number(/"pid":(\d+)/.exec(out)?.[1]);
      expect((await fetch(`${url}/health`)).status).toBe(200);
      npm.kill('SIGTERM');
      // npm does not pass the signal on; the service notices its parent is gone and stops.
      await waitFor(
        async () =>
          !(await fetch(`${url}/health`).then(
            () => true,
            () => false,
          )),
        'the service to stop',
        15_000,
      );
      await waitFor(() => !isRunning(servicePid!), 'the service process to exit', 15_000);
    } finally {
      if (servicePid && isRunning(servicePid)) process.kill(servicePid, 'SIGKILL');
      if (npm.exitCode === null) npm.kill('SIGKILL');
    }
  }, 150_000);

  it('npm run migrate applies the migrations and exits 0', async () => {
    const s = start({ PGLITE_DIR: 'memory://' }, 'src/bin/migrate.ts');
    expect(await s.exited).toBe(0);
    expect(s.output()).toMatch(/^applied 0001-core, .*to PGlite at memory:\/\//m);
  }, 60_000);
});
