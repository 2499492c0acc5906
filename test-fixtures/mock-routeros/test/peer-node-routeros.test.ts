/**
 * Peer check: node-routeros 1.6.9, a client written against real routers, must not be able to
 * tell the mock from a router.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { routerForTest } from './helpers/router.js';

interface RouterOSAPI {
  connect(): Promise<unknown>;
  write(command: string, params?: string[]): Promise<Array<Record<string, string>>>;
  close(): Promise<unknown>;
}
type RouterOSAPIConstructor = new (options: Record<string, unknown>) => RouterOSAPI;

const require = createRequire(import.meta.url);
const { RouterOSAPI } = require('node-routeros') as { RouterOSAPI: RouterOSAPIConstructor };

async function connectPeer(port: number, password = 'secret'): Promise<RouterOSAPI> {
  const api = new RouterOSAPI({ host: '127.0.0.1', port, user: 'admin', password, timeout: 5 });
  await api.connect();
  return api;
}

describe('node-routeros 1.6.9 against the mock (pre-7.18 mode)', () => {
  it('logs in, adds (reading =ret=), prints and removes', async () => {
    const router = await routerForTest({ rosVersion: '7.17' });
    const api = await connectPeer(router.port);
    try {
      const added = await api.write('/ip/hotspot/user/add', ['=name=peer1', '=password=p1', '=comment=from node-routeros']);
      expect(added).toEqual([{ ret: '*1' }]);
      const rows = await api.write('/ip/hotspot/user/print', ['?name=peer1']);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ '.id': '*1', name: 'peer1', password: 'p1', comment: 'from node-routeros' });
      const identity = await api.write('/system/identity/print');
      expect(identity).toEqual([{ name: 'MikroTik' }]);
      expect(await api.write('/ip/hotspot/user/remove', ['=.id=*1'])).toEqual([]);
      // An empty print before 7.18 is a plain !done, which node-routeros handles.
      expect(await api.write('/ip/hotspot/user/print')).toEqual([]);
    } finally {
      await api.close();
    }
  });

  it('receives traps as rejected promises with the router message', async () => {
    const router = await routerForTest({ rosVersion: '7.17' });
    const api = await connectPeer(router.port);
    try {
      await api.write('/ip/hotspot/user/add', ['=name=dup']);
      await expect(api.write('/ip/hotspot/user/add', ['=name=dup'])).rejects.toMatchObject({
        message: 'failure: already have user with this name for this server',
      });
      await expect(api.write('/ip/hotspot/user/add', ['=name=x', '=profile=none'])).rejects.toMatchObject({
        message: 'input does not match any value of profile',
      });
      await expect(api.write('/ip/hotspot/nothing/print')).rejects.toMatchObject({
        message: 'no such command or directory (nothing)',
      });
    } finally {
      await api.close();
    }
  });

  it('refuses a wrong password with the trap text node-routeros recognizes', async () => {
    const router = await routerForTest({ rosVersion: '7.17' });
    // node-routeros maps exactly "invalid user name or password (6)" (or "cannot log in") to CANTLOGIN.
    await expect(connectPeer(router.port, 'wrong')).rejects.toMatchObject({ errno: 'CANTLOGIN' });
  });

  it('runs tagged commands concurrently on one connection', async () => {
    const router = await routerForTest({ rosVersion: '7.17' });
    const api = await connectPeer(router.port);
    try {
      const adds = await Promise.all(Array.from({ length: 20 }, (_, i) => api.write('/ip/hotspot/user/add', [`=name=c${i}`])));
      expect(new Set(adds.map((reply) => reply[0]!.ret)).size).toBe(20);
      const [users, profiles, identity] = await Promise.all([
        api.write('/ip/hotspot/user/print', ['=.proplist=name']),
        api.write('/ip/hotspot/user/profile/print'),
        api.write('/system/identity/print'),
      ]);
      expect(users).toHaveLength(20);
      expect(profiles.map((profile) => profile.name)).toEqual(['default']);
      expect(identity).toEqual([{ name: 'MikroTik' }]);
    } finally {
      await api.close();
    }
  });

  it('logs in with the MD5 challenge against a pre-6.43 mock', async () => {
    const router = await routerForTest({ rosVersion: '6.42.12' });
    const api = await connectPeer(router.port);
    try {
      expect(await api.write('/system/identity/print')).toEqual([{ name: 'MikroTik' }]);
    } finally {
      await api.close();
    }
  });
});

describe('node-routeros 1.6.9 against the mock in 7.18+ mode', () => {
  it('dies on !empty the way it does on real 7.18+ routers (run in a child process)', async () => {
    const router = await routerForTest({ rosVersion: '7.19.6' });
    const script = fileURLToPath(new URL('./fixtures/node-routeros-empty.cjs', import.meta.url));
    const child = spawn(process.execPath, [script, String(router.port), 'secret'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    // Recorded behaviour: the login works, then the print's `!empty` throws an uncaught
    // RosException UNKNOWNREPLY from node-routeros' socket handler, which kills the process.
    expect(output).toContain('connected');
    expect(output).toContain('Tried to process unknown reply: !empty');
    expect(output).toContain("errno: 'UNKNOWNREPLY'");
    expect(output).not.toContain('resolved');
    expect(code).toBe(1);
  });
});
