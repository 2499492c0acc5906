import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { routerOsCommandTree } from '../src/command-tree.js';
import { loggedInClient, routerForTest } from './helpers/router.js';

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL('..', import.meta.url));

describe('scripts/trim-inspect.ts', () => {
  it('keeps menus, commands and argument names and drops everything else', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'trim-inspect-'));
    try {
      const input = join(dir, 'inspect.json');
      const output = join(dir, 'tree.json');
      await writeFile(
        input,
        JSON.stringify({
          ip: {
            _type: 'path',
            hotspot: {
              _type: 'dir',
              user: { _type: 'dir', add: { _type: 'cmd', name: { _type: 'arg', desc: 'string value' }, comment: { _type: 'arg' } } },
            },
          },
          beep: { _type: 'cmd', length: { _type: 'arg', desc: 'time interval' } },
        }),
      );
      await run(process.execPath, ['--import', 'tsx', 'scripts/trim-inspect.ts', input, output], { cwd: packageDir });
      expect(JSON.parse(await readFile(output, 'utf8'))).toEqual({
        beep: ['length'],
        ip: { hotspot: { user: { add: ['comment', 'name'] } } },
      });
      await writeFile(input, JSON.stringify({ odd: { _type: 'widget' } }));
      await expect(
        run(process.execPath, ['--import', 'tsx', 'scripts/trim-inspect.ts', input, output], { cwd: packageDir }),
      ).rejects.toMatchObject({
        stderr: expect.stringContaining('/odd: unexpected node type widget'),
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('committed the RouterOS 7.19.6 tree with the hotspot commands the service uses', () => {
    const tree = routerOsCommandTree();
    const add = tree.lookup(['ip', 'hotspot', 'user', 'add']);
    expect(add.kind).toBe('command');
    if (add.kind !== 'command') return;
    expect([...add.args]).toEqual(
      expect.arrayContaining(['address', 'comment', 'limit-uptime', 'mac-address', 'name', 'password', 'profile', 'server']),
    );
    expect(tree.lookup(['ip', 'hotspot', 'cookie', 'add'])).toEqual({ kind: 'unknown', segment: 'add' });
    expect(tree.lookup(['ip', 'hotspot', 'active', 'login']).kind).toBe('command');
    // listen is an API command wherever print exists.
    expect(tree.lookup(['ip', 'hotspot', 'user', 'listen']).kind).toBe('command');
    expect(tree.lookup(['ip', 'listen'])).toEqual({ kind: 'unknown', segment: 'listen' });
  });
});

describe('/console/inspect', () => {
  it('lists the children of a menu given as a comma path', async () => {
    const router = await routerForTest();
    const client = await loggedInClient(router);
    const rows = await client.command(['/console/inspect', '=request=child', '=path=ip,hotspot,user', '.tag=i']);
    expect(rows.at(-1)).toEqual(['!done', '.tag=i']);
    expect(rows[0]).toEqual(['!re', '=type=self', '=name=user', '=node-type=dir', '.tag=i']);
    const children = rows.slice(1, -1);
    expect(children).toContainEqual(['!re', '=type=child', '=name=add', '=node-type=cmd', '.tag=i']);
    expect(children).toContainEqual(['!re', '=type=child', '=name=profile', '=node-type=dir', '.tag=i']);
    expect(children.every((row) => row[1] === '=type=child')).toBe(true);
  });

  it('lists the arguments of a command and describes single nodes', async () => {
    const router = await routerForTest();
    const client = await loggedInClient(router);
    const args = await client.command(['/console/inspect', '=request=child', '=path=ip,hotspot,active,login']);
    expect(args.slice(1, -1).map((row) => row[2])).toEqual([
      '=name=domain',
      '=name=ip',
      '=name=mac-address',
      '=name=password',
      '=name=user',
    ]);
    expect(args.slice(1, -1).every((row) => row[3] === '=node-type=arg')).toBe(true);
    expect(args[0]).toEqual(['!re', '=type=self', '=name=login', '=node-type=cmd']);
    expect(await client.command(['/console/inspect', '=request=self', '=path=ip,hotspot,user,add,name'])).toEqual([
      ['!re', '=type=self', '=name=name', '=node-type=arg'],
      ['!done'],
    ]);
    const top = await client.command(['/console/inspect', '=request=child', '=path=']);
    expect(top).toContainEqual(['!re', '=type=child', '=name=ip', '=node-type=dir']);
  });

  it('traps an unknown path and an unsupported request kind', async () => {
    const router = await routerForTest();
    const client = await loggedInClient(router);
    expect(await client.command(['/console/inspect', '=request=child', '=path=ip,nothing'])).toEqual([
      ['!trap', '=category=0', '=message=no such command or directory (nothing)'],
      ['!done'],
    ]);
    expect((await client.command(['/console/inspect', '=request=highlight', '=input=/ip']))[0]![0]).toBe('!trap');
  });
});
