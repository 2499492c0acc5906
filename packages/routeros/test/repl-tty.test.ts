/**
 * The interactive path, under a real pseudo-terminal (util-linux `script`): the password prompt
 * does not echo, Tab completes from the router, Ctrl-C cancels a listen and not the REPL, and
 * the history file is written with password values masked.
 */
import { startMockRouter, type MockRouter } from '@hotspot/mock-routeros';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PACKAGE_DIR, REPL_COMMAND, ReplProcess, until } from './helpers/repl-harness.js';

let router: MockRouter;
let home: string;

beforeAll(async () => {
  router = await startMockRouter({ password: 'secret' });
  home = await mkdtemp(join(tmpdir(), 'routeros-repl-home-'));
});

afterAll(async () => {
  await router.close();
  await rm(home, { recursive: true, force: true });
});

const shellQuote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;
/** Terminal output without colour and cursor-movement escapes. */
const plain = (text: string) => text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');

it('works at a terminal: silent password, Tab completion, Ctrl-C on .listen, history', async () => {
  const command = [...REPL_COMMAND, '--host', '127.0.0.1', '--port', String(router.port)].map(shellQuote).join(' ');
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, TERM: 'xterm' };
  delete env.ROUTEROS_PASSWORD;
  delete env.ROUTEROS_REPL_HISTORY;
  const child = spawn('script', ['-qefc', `stty cols 200 rows 50; exec ${command}`, '/dev/null'], {
    cwd: PACKAGE_DIR,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const repl = new ReplProcess(child);
  const type = (keys: string) => child.stdin.write(keys);
  const prompt = 'admin@127.0.0.1> ';

  await repl.waitFor(/Password: /);
  type('secret\r');
  await repl.waitFor(new RegExp(prompt));
  expect(repl.stdout).not.toContain('secret');

  let mark = repl.stdout.length;
  type('/system/ident\t');
  await repl.waitFor(/identity\//, mark);
  type('pr\t');
  await repl.waitFor(/print /, mark);
  type('\r');
  await repl.waitFor(/MikroTik[\s\S]*!done/, mark);
  expect(plain(repl.stdout.slice(mark))).toContain('/system/identity/print');

  mark = repl.stdout.length;
  const listensBefore = router.stats.commands['/ip/hotspot/user/listen'] ?? 0;
  type('.listen /ip/hotspot/user\r');
  await until(
    () => (router.stats.commands['/ip/hotspot/user/listen'] ?? 0) !== listensBefore,
    () => `listen never reached the router:\n${repl.stdout}`,
  );
  router.state.add('/ip/hotspot/user', { name: 'PT-TTY-LISTEN', profile: 'default' });
  await repl.waitFor(/!re .*name=PT-TTY-LISTEN/, mark);
  type('\x03');
  await repl.waitFor(/!done \(cancelled\)[\s\S]*admin@127\.0\.0\.1> /, mark);

  mark = repl.stdout.length;
  type('/ip/hotspot/user/add name=PT-TTY password=tty-pass-1 profile=default\r');
  await repl.waitFor(/!done ret=\*/, mark);
  type('\x03');
  await repl.waitFor(/To exit, press Ctrl\+C again/, mark);
  type('.exit\r');
  expect(await repl.exitCode).toBe(0);

  const history = await readFile(join(home, '.routeros_repl_history'), 'utf8');
  expect(history.trim().split('\n')).toEqual([
    '/system/identity/print',
    '.listen /ip/hotspot/user',
    '/ip/hotspot/user/add name=PT-TTY password=******** profile=default',
    '.exit',
  ]);
});
