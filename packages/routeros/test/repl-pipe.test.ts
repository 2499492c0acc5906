/**
 * The REPL driven through a pipe, as a script would, against the mock router on a real socket.
 */
import { startMockRouter, type MockRouter } from '@hotspot/mock-routeros';
import { caCertPath } from '@hotspot/test-certs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort } from './helpers/closed-port.js';
import { runScript, startRepl, until } from './helpers/repl-harness.js';

let router: MockRouter;

beforeAll(async () => {
  router = await startMockRouter({
    password: 'secret',
    tlsPort: 0,
    profiles: [{ name: '1h', 'session-timeout': '1h' }],
  });
});

afterAll(async () => {
  await router.close();
});

describe('routeros-repl through a pipe', () => {
  it('runs commands in order, prints tables and !done attributes, exits 0', async () => {
    const { stdout, code, stderr } = await runScript(router.port, [
      '/ip/hotspot/user/add name=PT-TABLE password=pw1 profile=1h comment="two words"',
      '/ip/hotspot/user/print ?name=PT-TABLE =.proplist=.id,name,profile,comment',
      '/system/identity/print',
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const [user] = router.state.items('/ip/hotspot/user').filter((item) => item.name === 'PT-TABLE');
    const id = user!['.id']!;
    const lines = stdout.split('\n');
    expect(lines[0]).toBe(`!done ret=${id}`);
    expect(lines[1]).toMatch(/^\.id +name +profile +comment$/);
    expect(lines[2]).toBe(`${id.padEnd(lines[1]!.indexOf('name'))}PT-TABLE  1h       two words`);
    expect(lines[3]).toBe('!done');
    expect(lines.slice(4, 7)).toEqual(['name', router.state.identity, '!done']);
  });

  it('shows traps with their category and exits 1 when any command trapped', async () => {
    const { stdout, code } = await runScript(router.port, [
      '/ip/hotspot/user/add name=PT-TRAP profile=no-such-profile',
      '/ip/hotspot/user/remove numbers=*FFFF',
      '/ip/hotspot/nonsense/print',
      '/system/identity/print',
    ]);
    expect(code).toBe(1);
    expect(stdout).toContain('!trap category=1 (argument value failure): input does not match any value of profile');
    expect(stdout).toMatch(/!trap.*: no such item/);
    expect(stdout).toMatch(/!trap category=0 \(missing item or command\): no such command or directory \(nonsense\)/);
    expect(stdout).toContain(router.state.identity);
  });

  it('prints one JSON document per line after .format json, !empty included', async () => {
    const { stdout, code } = await runScript(router.port, [
      '.format json',
      '/ip/hotspot/user/add name=PT-JSON profile=default',
      '/ip/hotspot/user/print ?name=PT-JSON',
      '/ip/hotspot/cookie/print',
      '/ip/hotspot/user/add name=PT-JSON profile=default',
    ]);
    expect(code).toBe(1);
    const [mode, added, printed, cookies, duplicate] = stdout.trim().split('\n');
    expect(mode).toBe('format: json');
    const ret = JSON.parse(added!).done.ret;
    expect(JSON.parse(printed!)).toMatchObject({ rows: [{ '.id': ret, name: 'PT-JSON', profile: 'default' }], empty: false });
    expect(JSON.parse(cookies!)).toMatchObject({ rows: [], done: {}, empty: true });
    expect(JSON.parse(duplicate!).traps).toEqual([
      expect.objectContaining({ message: 'failure: already have user with this name for this server' }),
    ]);
  });

  it('traces every sentence with hex length prefixes, the password masked, login included', async () => {
    const { stdout, code } = await runScript(
      router.port,
      ['/ip/hotspot/user/add name=PT-TRACE password=hunter22 profile=default', '.trace off', '/system/identity/print'],
      { args: ['--trace'] },
    );
    expect(code).toBe(0);
    expect(stdout).not.toMatch(/secret|hunter22/);
    const trace = stdout.slice(0, stdout.indexOf('trace: off'));
    expect(trace).toMatch(/>>> out (\(untagged\)|tag=\d+)\n {2}06 {14}\/login\n {2}0b {14}=name=admin\n {2}12 {14}=password=\*{8}\n/);
    expect(trace).toMatch(/>>> out tag=\d+\n {2}14 {14}\/ip\/hotspot\/user\/add\n {2}0e {14}=name=PT-TRACE\n {2}12 {14}=password=\*{8}\n/);
    expect(trace).toMatch(/<<< in tag=\d+\n {2}05 {14}!done\n {2}0\w {14}=ret=\*\w+\n/);
    expect(trace).toContain('00              (end of sentence)');
    const afterOff = stdout.slice(stdout.indexOf('trace: off'));
    expect(afterOff).not.toContain('>>>');
  });

  it('runs a command in the background, lists it, and cancels it by tag', async () => {
    const repl = startRepl(router.port);
    repl.send('/ip/hotspot/user/listen &');
    const [, tag] = (await repl.waitFor(/^\[(\d+)\] running in the background: \/ip\/hotspot\/user\/listen &$/m))!;
    repl.send('/ip/hotspot/user/add name=PT-BG profile=default');
    await repl.waitFor(new RegExp(`^\\[${tag}\\] !re .*name=PT-BG`, 'm'));
    repl.send('.jobs');
    await repl.waitFor(new RegExp(`^\\[${tag}\\] running [\\d.]+s, 1 row\\(s\\): /ip/hotspot/user/listen &$`, 'm'));
    repl.send('.complete .cancel ');
    await repl.waitFor(new RegExp(`^${tag}$`, 'm'));
    repl.send(`.cancel ${tag}`, '.jobs', '.cancel 999');
    expect(await repl.end()).toBe(1);
    const afterCancel = repl.stdout.slice(repl.stdout.indexOf(`[${tag}] !done`));
    expect(afterCancel).toMatch(
      new RegExp(`^\\[${tag}\\] !done \\(cancelled\\)\\nno background jobs\\nerror: no background job with tag "999"`),
    );
  });

  it('waits for background jobs at the end of the input', async () => {
    const { stdout, code } = await runScript(router.port, ['/system/identity/print &']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^\[(\d+)\] running in the background: .*\n\[\1\] name\n\[\1\] MikroTik\n\[\1\] !done\n$/);
  });

  it('streams .listen until SIGINT, which cancels the listen and not the REPL', async () => {
    const repl = startRepl(router.port);
    const listensBefore = router.stats.commands['/ip/hotspot/user/listen'] ?? 0;
    repl.send('.listen /ip/hotspot/user ?profile=default');
    await until(() => (router.stats.commands['/ip/hotspot/user/listen'] ?? 0) > listensBefore);
    router.state.add('/ip/hotspot/user', { name: 'PT-LISTEN', profile: 'default' });
    await repl.waitFor(/^!re .*name=PT-LISTEN/m);
    repl.child.kill('SIGINT');
    await repl.waitFor(/^!done \(cancelled\)$/m);
    repl.send('/system/identity/print');
    expect(await repl.end()).toBe(0);
    expect(repl.stdout).toMatch(/!done \(cancelled\)\nname\nMikroTik\n!done\n$/);
  });

  it('ends with 130 on SIGINT at rest, cancelling background jobs cleanly', async () => {
    const repl = startRepl(router.port);
    repl.send('/ip/hotspot/user/listen &');
    const [, tag] = (await repl.waitFor(/^\[(\d+)\] running in the background/m))!;
    repl.child.kill('SIGINT');
    expect(await repl.exitCode).toBe(130);
    expect(repl.stdout).toMatch(new RegExp(`\\[${tag}\\] !done \\(cancelled\\)\\n$`));
    expect(repl.stderr).toBe('');
  });

  it('answers completion from /console/inspect, asking once per path', async () => {
    const inspectsBefore = router.stats.commands['/console/inspect'] ?? 0;
    const { stdout, code } = await runScript(router.port, [
      '.complete /ip/hot',
      '.complete /ip/hotspot/user/',
      '.complete /ip/hotspot/user/add pass',
      '.complete /ip/hotspot/user/add =pro',
      '.complete /ip/hotspot/user/add pass',
      '.complete .tr',
      '.complete .format ',
      '.complete .trace of',
      '.complete /nonsense/',
    ]);
    expect(code).toBe(0);
    const answers = stdout.split('\n');
    expect(answers[0]).toBe('hotspot/');
    const userChildren = answers.slice(1, answers.indexOf('password='));
    expect(userChildren).toEqual(expect.arrayContaining(['add ', 'print ', 'remove ', 'profile/']));
    expect(answers).toEqual(expect.arrayContaining(['=profile=', '.trace ', 'json', 'table', 'off', '(no completions)']));
    expect(answers).not.toContain('on');
    expect(answers.filter((answer) => answer === 'password=')).toHaveLength(2);
    // ip, ip/hotspot/user, ip/hotspot/user/add and nonsense: each asked once.
    expect((router.stats.commands['/console/inspect'] ?? 0) - inspectsBefore).toBe(4);
  });

  it('reports a line it cannot parse and keeps going, exit 1', async () => {
    const { stdout, code } = await runScript(router.port, ['system/identity/print', '/a/add x="open', '.nope', '/system/identity/print']);
    expect(code).toBe(1);
    expect(stdout).toContain('error: "system/identity/print" is not a command path');
    expect(stdout).toContain('error: unterminated " quote (column 10)');
    expect(stdout).toContain("error: unknown command .nope; .help lists the REPL's commands");
    expect(stdout).toContain(router.state.identity);
  });

  it('exits 3 when the connection fails: refused, bad password, !fatal, garbage', async () => {
    const refused = await runScript(await closedPort(), ['/system/identity/print']);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/could not connect to 127\.0\.0\.1: .*ECONNREFUSED/);

    const badPassword = await runScript(router.port, ['/system/identity/print'], { env: { ROUTEROS_PASSWORD: 'wrong' } });
    expect(badPassword.code).toBe(3);
    expect(badPassword.stderr).toContain('invalid user name or password (6)');
    expect(badPassword.stderr).not.toContain('wrong');

    const fatal = await runScript(router.port, ['/quit', '/system/identity/print']);
    expect(fatal.code).toBe(3);
    expect(fatal.stdout).toContain('!fatal session terminated on request');
    expect(fatal.stderr).toContain('connection lost');

    router.faults.set({ garbageReplyTo: '/system/resource/print' });
    try {
      const garbage = await runScript(router.port, ['/system/resource/print']);
      expect(garbage.code).toBe(3);
      expect(garbage.stdout).toMatch(/^error: ProtocolError: control byte 0x[0-9A-F]{2} where a word length was expected$/m);
      expect(garbage.stderr).toMatch(/connection lost: ProtocolError/);
    } finally {
      router.faults.clear();
    }
  });

  it('talks TLS with a pinned CA', async () => {
    const { stdout, code } = await runScript(router.tlsPort!, ['/system/identity/print'], {
      args: ['--tls', '--tls-ca', caCertPath],
    });
    expect(code).toBe(0);
    expect(stdout).toBe(`name\n${router.state.identity}\n!done\n`);
  });

  it('refuses a bad command line and a missing password with exit 2', async () => {
    const badFlag = await runScript(router.port, [], { args: ['--encoding', 'ebcdic'] });
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toContain('--encoding takes utf8 or latin1 or win1252, not "ebcdic"');
    const noPassword = await runScript(router.port, [], { env: { ROUTEROS_PASSWORD: undefined } });
    expect(noPassword.code).toBe(2);
    expect(noPassword.stderr).toContain('ROUTEROS_PASSWORD is not set');
  });

  it('lists everything in .help', async () => {
    const { stdout, code } = await runScript(router.port, ['.help']);
    expect(code).toBe(0);
    for (const topic of ['.format', '.trace', '.jobs', '.cancel', '.listen', '&', 'Tab', 'history', 'Exit code']) {
      expect(stdout).toContain(topic);
    }
  });
});
