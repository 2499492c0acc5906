/** The client against the mock router: ordinary replies, concurrency, faults, cancel and deadlines. */
import { startMockRouter, INJECTED_FATAL_REASON, type MockRouter } from '@hotspot/mock-routeros';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AbortError,
  connect,
  ConnectionClosedError,
  FatalError,
  ProtocolError,
  TimeoutError,
  TrapError,
  type Params,
  type RouterOSClient,
} from '../src/index.js';

const USERS = '/ip/hotspot/user';
let router: MockRouter;
let client: RouterOSClient;

beforeEach(async () => {
  router = await startMockRouter({ password: 'pw' });
  client = await connect({ host: '127.0.0.1', port: router.port, username: 'admin', password: 'pw' });
});

afterEach(async () => {
  await client.close();
  await router.close();
});

/** Whether the connection still answers an ordinary command. */
async function stillUsable(): Promise<void> {
  const { rows } = await client.exec('/system/identity/print');
  expect(rows).toEqual([{ name: router.state.identity }]);
}

describe('exec', () => {
  it('returns rows, the !done attributes and empty=false', async () => {
    const added = await client.exec(`${USERS}/add`, { name: 'ana', password: 'x', comment: 'a=b' });
    expect(added.done.ret).toMatch(/^\*[0-9A-F]+$/);
    const { rows, empty } = await client.exec(`${USERS}/print`, { '?name': 'ana', '.proplist': ['.id', 'name', 'comment'] });
    expect(rows).toEqual([{ '.id': added.done.ret, name: 'ana', comment: 'a=b' }]);
    expect(empty).toBe(false);
  });

  it('reports !empty of RouterOS 7.18+ as empty=true with no rows', async () => {
    expect(await client.exec(`${USERS}/print`, { '?name': 'nobody' })).toEqual({ rows: [], done: {}, empty: true });
  });

  it('rejects a trap with TrapError carrying message, category and command, and stays usable', async () => {
    const error = await client.exec(`${USERS}/add`, { name: 'bob', profile: 'missing' }).catch((e) => e);
    expect(error).toBeInstanceOf(TrapError);
    expect(error.message).toBe('input does not match any value of profile');
    expect(error.category).toBe(1);
    expect(error.command).toBe(`${USERS}/add`);
    await stillUsable();
  });

  it('rejects a misspelled path with category 0', async () => {
    await expect(client.exec('/ip/hotspot/usr/print')).rejects.toMatchObject({ category: 0 });
  });

  it('runs many commands at once on one connection and gives each its own reply', async () => {
    router.faults.set({ replyDelayMs: 1 });
    const names = Array.from({ length: 40 }, (_, i) => `user-${i}`);
    const ids = await Promise.all(names.map((name) => client.exec(`${USERS}/add`, { name }).then((r) => r.done.ret)));
    const rows = await Promise.all(names.map((name) => client.exec(`${USERS}/print`, { '?name': name }).then((r) => r.rows)));
    for (const [i, found] of rows.entries()) expect(found).toEqual([expect.objectContaining({ '.id': ids[i], name: names[i] })]);
  });

  it('interleaves a short command with a big print on the same connection', async () => {
    for (let i = 0; i < 2500; i++) router.state.add(USERS, { name: `bulk-${i}` });
    const finished: string[] = [];
    const big = client.exec(`${USERS}/print`).then((result) => {
      finished.push('print');
      return result;
    });
    const small = client.exec('/system/identity/print').then(() => finished.push('identity'));
    const [{ rows }] = await Promise.all([big, small]);
    expect(finished).toEqual(['identity', 'print']);
    expect(rows.filter((row) => row.name?.startsWith('bulk-'))).toHaveLength(2500);
    expect(new Set(rows.map((row) => row['.id'])).size).toBe(rows.length);
  });

  it('decodes replies written one byte at a time', async () => {
    await client.exec(`${USERS}/add`, { name: 'tiny', comment: 'ü'.repeat(200) });
    router.faults.set({ chunkSize: 1 });
    const { rows } = await client.exec(`${USERS}/print`, { '?name': 'tiny' });
    expect(rows[0]?.comment).toBe('ü'.repeat(200));
  });
});

describe('failures of the connection', () => {
  it('rejects all 50 pending commands at once when the socket drops mid-reply', async () => {
    for (let i = 0; i < 20; i++) router.state.add(USERS, { name: `seed-${i}` });
    router.faults.set({ dropMidReplyTo: `${USERS}/print`, stallCommands: ['/system/resource/print'] });
    const pending = Array.from({ length: 49 }, () => client.exec('/system/resource/print'));
    pending.push(client.exec(`${USERS}/print`));
    const results = await Promise.allSettled(pending);
    expect(results.every((r) => r.status === 'rejected' && r.reason instanceof ConnectionClosedError)).toBe(true);
    expect(client.isOpen).toBe(false);
    expect(await client.closed).toBeInstanceOf(ConnectionClosedError);
    await expect(client.exec('/system/identity/print')).rejects.toBeInstanceOf(ConnectionClosedError);
  });

  it('rejects every pending command with FatalError on !fatal', async () => {
    router.faults.set({ fatalReplyTo: '/system/reboot', stallCommands: ['/system/resource/print'] });
    const stalled = client.exec('/system/resource/print');
    const fatal = client.exec('/system/reboot');
    await expect(fatal).rejects.toMatchObject({ name: 'FatalError', reason: INJECTED_FATAL_REASON });
    await expect(stalled).rejects.toBeInstanceOf(FatalError);
    expect(await client.closed).toBeInstanceOf(FatalError);
  });

  it('ends the session with FatalError after /quit', async () => {
    await expect(client.exec('/quit')).rejects.toMatchObject({ reason: 'session terminated on request' });
  });

  it.each([['garbageReplyTo'], ['controlByteReplyTo']] as const)('rejects with ProtocolError on %s', async (fault) => {
    router.faults.set({ [fault]: '/system/identity/print', stallCommands: ['/system/resource/print'] });
    const stalled = client.exec('/system/resource/print');
    await expect(client.exec('/system/identity/print')).rejects.toBeInstanceOf(ProtocolError);
    await expect(stalled).rejects.toBeInstanceOf(ProtocolError);
    expect(await client.closed).toBeInstanceOf(ProtocolError);
  });

  it('close() rejects pending commands and resolves closed with undefined', async () => {
    router.faults.set({ stallCommands: ['/system/resource/print'] });
    const stalled = expect(client.exec('/system/resource/print')).rejects.toBeInstanceOf(ConnectionClosedError);
    await client.close();
    await stalled;
    expect(await client.closed).toBeUndefined();
    await expect.poll(() => router.stats.openConnections).toBe(0);
  });
});

describe('deadlines and abort', () => {
  it('rejects a stalled command with TimeoutError, sends /cancel, and the connection stays usable', async () => {
    router.faults.set({ stallCommands: [`${USERS}/print`] });
    const error = await client.exec(`${USERS}/print`, {}, { timeout: 50 }).catch((e) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.timeoutMs).toBe(50);
    await expect.poll(() => router.stats.commands['/cancel']).toBe(1);
    await stillUsable();
  });

  it('uses the connection timeout as the default deadline', async () => {
    const quick = await connect({ host: '127.0.0.1', port: router.port, username: 'admin', password: 'pw', timeout: 300 });
    router.faults.set({ stallCommands: ['/system/resource/print'] });
    await expect(quick.exec('/system/resource/print')).rejects.toMatchObject({ name: 'TimeoutError', timeoutMs: 300 });
    await quick.close();
  });

  it('rejects with AbortError when the signal aborts, sends /cancel, and stays usable', async () => {
    router.faults.set({ stallCommands: [`${USERS}/print`] });
    const controller = new AbortController();
    const pending = client.exec(`${USERS}/print`, {}, { signal: controller.signal });
    controller.abort('enough');
    const error = await pending.catch((e) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(error.cause).toBe('enough');
    await expect.poll(() => router.stats.commands['/cancel']).toBe(1);
    await stillUsable();
  });

  it('cancels a long-running command on the router when aborted', async () => {
    const controller = new AbortController();
    const listening = client.exec(`${USERS}/listen`, {}, { signal: controller.signal, timeout: 0 });
    await expect.poll(() => router.stats.commands[`${USERS}/listen`]).toBe(1);
    controller.abort();
    await expect(listening).rejects.toBeInstanceOf(AbortError);
    await stillUsable();
  });

  it('treats an Infinity timeout as no deadline and refuses a negative one', async () => {
    router.faults.set({ stallCommands: ['/system/resource/print'] });
    const controller = new AbortController();
    const unbounded = client.exec('/system/resource/print', {}, { timeout: Number.POSITIVE_INFINITY, signal: controller.signal });
    const settled = await Promise.race([
      unbounded.then(
        () => 'settled',
        () => 'settled',
      ),
      stillUsable().then(() => 'pending'),
    ]);
    expect(settled).toBe('pending');
    controller.abort();
    await expect(unbounded).rejects.toBeInstanceOf(AbortError);
    await expect(client.exec('/system/resource/print', {}, { timeout: -1 })).rejects.toThrow(TypeError);
  });

  it('does not send a command whose signal is already aborted', async () => {
    await expect(client.exec(`${USERS}/print`, {}, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AbortError);
    expect(router.stats.commands[`${USERS}/print`]).toBeUndefined();
  });
});

describe('stream', () => {
  it('streams listen rows and ends cleanly after cancel', async () => {
    const stream = client.stream(`${USERS}/listen`);
    await expect.poll(() => router.stats.commands[`${USERS}/listen`]).toBe(1);
    const id = await client.exec(`${USERS}/add`, { name: 'live' }).then((r) => r.done.ret);
    const seen: Record<string, string>[] = [];
    for await (const row of stream) {
      seen.push(row);
      if (row.name === 'live') break;
    }
    expect(seen.at(-1)).toMatchObject({ '.id': id, name: 'live' });
    await expect(stream.done).resolves.toEqual({ done: {}, empty: false });
    await stillUsable();
  });

  it('cancel() settles once the command has ended, and the loop finishes', async () => {
    const stream = client.stream(`${USERS}/print`, { follow: '' });
    const rows: string[] = [];
    const loop = (async () => {
      for await (const row of stream) rows.push(row.name ?? '');
    })();
    await client.exec(`${USERS}/add`, { name: 'followed' });
    await expect.poll(() => rows).toContain('followed');
    await stream.cancel();
    await loop;
    expect(await stream.done).toEqual({ done: {}, empty: false });
    expect(stream.tag).toMatch(/^\d+$/);
  });

  it('ends the stream with AbortError when its signal aborts', async () => {
    const controller = new AbortController();
    const stream = client.stream(`${USERS}/listen`, {}, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    const error = await (async () => {
      for await (const _ of stream) void _;
    })().catch((e) => e);
    expect(error).toBeInstanceOf(AbortError);
    await expect(stream.done).rejects.toBeInstanceOf(AbortError);
    await stillUsable();
  });

  it('rejects the iteration with TrapError for a bad command', async () => {
    const stream = client.stream('/ip/hotspot/nothing/listen');
    await expect(stream[Symbol.asyncIterator]().next()).rejects.toBeInstanceOf(TrapError);
    await expect(stream.done).rejects.toBeInstanceOf(TrapError);
  });

  it('ends the stream with the TypeError exec rejects with for bad params, sends nothing, and stays usable', async () => {
    const badCalls: Array<[string, Params?]> = [
      ['ip/hotspot/user/listen'],
      [`${USERS}/listen`, { '.tag': '7' }],
      [`${USERS}/print`, { count: Number.NaN }],
    ];
    for (const [path, params] of badCalls) {
      const execError = await client.exec(path, params).catch((e) => e);
      expect(execError).toBeInstanceOf(TypeError);
      const stream = client.stream(path, params);
      await expect(stream.done).rejects.toThrow(execError.message);
      await expect(stream[Symbol.asyncIterator]().next()).rejects.toThrow(execError.message);
      await expect(stream.cancel()).resolves.toBeUndefined();
    }
    expect(router.stats.commands).not.toHaveProperty('ip/hotspot/user/listen');
    expect(router.stats.commands).not.toHaveProperty(`${USERS}/listen`);
    expect(router.stats.commands).not.toHaveProperty(`${USERS}/print`);
    await stillUsable();
  });

  it('rejects pending streams when the connection drops', async () => {
    const stream = client.stream(`${USERS}/listen`);
    await expect.poll(() => router.stats.commands[`${USERS}/listen`]).toBe(1);
    await router.close();
    await expect(stream.done).rejects.toBeInstanceOf(ConnectionClosedError);
  });
});
