/**
 * The built CLI (bin/mock-routeros.js → dist/cli.js; `npm test` builds first), spawned as a
 * developer would run it.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCliOptions } from '../src/cli-options.js';
import { RawClient } from './helpers/raw-client.js';

const bin = fileURLToPath(new URL('../bin/mock-routeros.js', import.meta.url));
const builtCli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const children: ChildProcessWithoutNullStreams[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

function startCli(args: string[]) {
  const child = spawn(process.execPath, [bin, ...args]);
  children.push(child);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const waitForOutput = async (pattern: RegExp) => {
    await expect.poll(() => pattern.exec(output), { timeout: 10_000 }).not.toBeNull();
    return pattern.exec(output)!;
  };
  return { child, exited, waitForOutput, output: () => output };
}

describe('mock-routeros CLI', () => {
  it('is built (npm test builds before testing)', () => {
    expect(existsSync(builtCli), `${builtCli} is missing: run npm run build first`).toBe(true);
  });

  it('prints where it listens, serves API and api-ssl, and exits cleanly on SIGTERM', async () => {
    const cli = startCli([
      '--port',
      '0',
      '--tls-port',
      '0',
      '--user',
      'ops',
      '--password',
      'secret',
      '--ros-version',
      '7.17',
      '--seed-active',
      '3',
    ]);
    const [, apiPort] = await cli.waitForOutput(/listening on 127\.0\.0\.1:(\d+) \(api\)/);
    const [, tlsPort] = await cli.waitForOutput(/listening on 127\.0\.0\.1:(\d+) \(api-ssl\)/);
    expect(cli.output()).toContain('mock-routeros 7.17');
    const client = await RawClient.login(Number(apiPort), 'ops', 'secret');
    // 7.17: no !empty, and the three seeded sessions.
    const sessions = await client.command(['/ip/hotspot/active/print', '=count-only=']);
    expect(sessions).toEqual([['!done', '=ret=3']]);
    client.close();
    const secure = await RawClient.connect(Number(tlsPort), { tls: true });
    expect(await secure.command(['/login', '=name=ops', '=password=secret'])).toEqual([['!done']]);
    secure.close();
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
    expect(cli.output()).toContain('SIGTERM, closing');
  });

  it('exits cleanly on SIGINT and applies fault flags', async () => {
    const cli = startCli(['--port', '0', '--trap-reply-to', '/system/identity/print=failure: busy']);
    const [, apiPort] = await cli.waitForOutput(/listening on 127\.0\.0\.1:(\d+) \(api\)/);
    const client = await RawClient.login(Number(apiPort));
    expect(await client.command(['/system/identity/print'])).toEqual([['!trap', '=message=failure: busy'], ['!done']]);
    client.close();
    cli.child.kill('SIGINT');
    expect(await cli.exited).toBe(0);
  });

  it('serves the hotspot login pages with --hotspot-http-port, sessions on the wall clock', async () => {
    const cli = startCli(['--port', '0', '--hotspot-http-port', '0', '--hotspot-login-by', 'http-pap']);
    const [, apiPort] = await cli.waitForOutput(/listening on 127\.0\.0\.1:(\d+) \(api\)/);
    const [, loginUrl] = await cli.waitForOutput(/hotspot login page at (http:\/\/127\.0\.0\.1:\d+\/login)/);
    const client = await RawClient.login(Number(apiPort));
    await client.command(['/ip/hotspot/user/add', '=name=dev', '=password=pw']);
    const login = await fetch(loginUrl!, {
      method: 'POST',
      body: new URLSearchParams({ username: 'dev', password: 'pw', dst: 'http://example.com/' }),
      redirect: 'manual',
    });
    expect(login.status).toBe(302);
    expect(login.headers.get('location')).toBe('http://example.com/');
    const [session] = await client.command(['/ip/hotspot/active/print', '=.proplist=user,login-by']);
    expect(session).toEqual(['!re', '=user=dev', '=login-by=http-pap']);
    client.close();
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
  });

  it('exits with code 1 and the reason when the port is taken', async () => {
    const first = startCli(['--port', '0']);
    const [, port] = await first.waitForOutput(/listening on 127\.0\.0\.1:(\d+) \(api\)/);
    const second = startCli(['--port', port!]);
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain('EADDRINUSE');
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
  });

  it('refuses an unknown flag with usage and exit code 2', async () => {
    const cli = startCli(['--prot', '8728']);
    expect(await cli.exited).toBe(2);
    expect(cli.output()).toContain('usage: mock-routeros');
  });
});

describe('parseCliOptions', () => {
  it('maps every flag to options', () => {
    const { options, help } = parseCliOptions([
      '--port',
      '9000',
      '--user',
      'u',
      '--password',
      'p',
      '--tls-port',
      '9001',
      '--tls-anonymous-dh',
      '--ros-version',
      '6.42',
      '--seed-active',
      '100000',
      '--profile',
      '1h:1h',
      '--profile',
      'day',
      '--chunk-size',
      '1',
      '--reply-delay-ms',
      '5',
      '--stall',
      '/a',
      '--stall',
      '/b',
      '--drop-after-bytes',
      '100',
      '--drop-mid-reply-to',
      '/c',
      '--garbage-reply-to',
      '/d',
      '--control-byte-reply-to',
      '/e',
      '--fatal-reply-to',
      '/f',
      '--trap-reply-to',
      '/g=text with = sign',
      '--hotspot-http-port',
      '8080',
      '--hotspot-login-by',
      'http-chap,http-pap',
    ]);
    expect(help).toBe(false);
    expect(options).toEqual({
      host: '127.0.0.1',
      port: 9000,
      username: 'u',
      password: 'p',
      tlsPort: 9001,
      tlsAnonymousDH: true,
      rosVersion: '6.42',
      seedActive: 100000,
      profiles: [{ name: '1h', 'session-timeout': '1h' }, { name: 'day' }],
      faults: {
        chunkSize: 1,
        replyDelayMs: 5,
        stallCommands: ['/a', '/b'],
        dropAfterBytes: 100,
        dropMidReplyTo: '/c',
        garbageReplyTo: '/d',
        controlByteReplyTo: '/e',
        fatalReplyTo: '/f',
        trapReplyTo: { '/g': 'text with = sign' },
      },
      hotspotHttp: { port: 8080, loginBy: 'http-chap,http-pap' },
    });
  });

  it('defaults to port 8728, user admin, empty password', () => {
    expect(parseCliOptions([]).options).toEqual({ host: '127.0.0.1', port: 8728, username: 'admin', password: '' });
  });

  it('rejects bad numbers and malformed values', () => {
    expect(() => parseCliOptions(['--port', 'x'])).toThrow(/--port needs an integer/);
    expect(() => parseCliOptions(['--chunk-size', '0'])).toThrow(/--chunk-size needs an integer >= 1/);
    expect(() => parseCliOptions(['--trap-reply-to', 'nothing'])).toThrow(/PATH=TEXT/);
    expect(() => parseCliOptions(['--port'])).toThrow();
    expect(() => parseCliOptions(['--tls-anonymous-dh'])).toThrow(/needs --tls-port/);
    expect(() => parseCliOptions(['--hotspot-login-by', 'http-pap'])).toThrow(/needs --hotspot-http-port/);
  });
});
