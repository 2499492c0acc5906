import { describe, expect, it } from 'vitest';
import { INJECTED_FATAL_REASON } from '../src/index.js';
import { sentenceBytes } from './helpers/raw-client.js';
import { loggedInClient, routerForTest } from './helpers/router.js';

describe('fault injection', () => {
  it('writes replies in chunks of chunkSize bytes (1 included) that still decode', async () => {
    const router = await routerForTest();
    const client = await loggedInClient(router);
    router.faults.set({ chunkSize: 1 });
    const chunksBefore = client.received.length;
    expect(await client.command(['/system/identity/print', '.tag=c'])).toEqual([
      ['!re', '=name=MikroTik', '.tag=c'],
      ['!done', '.tag=c'],
    ]);
    const chunks = client.received.slice(chunksBefore);
    const expectedBytes = Buffer.concat([sentenceBytes(['!re', '=name=MikroTik', '.tag=c']), sentenceBytes(['!done', '.tag=c'])]);
    expect(Buffer.concat(chunks)).toEqual(expectedBytes);
    // Loopback may merge segments, but one-byte writes arrive in many reads.
    expect(chunks.length).toBeGreaterThan(3);
    router.faults.clear();
    expect(router.faults.current).toEqual({});
  });

  it('never answers a stalled command while others still answer', async () => {
    const router = await routerForTest({ faults: { stallCommands: ['/ip/hotspot/user/add'] } });
    const client = await loggedInClient(router);
    client.send(['/ip/hotspot/user/add', '=name=x', '.tag=stalled']);
    expect(await client.command(['/system/identity/print', '.tag=ok'])).toEqual([
      ['!re', '=name=MikroTik', '.tag=ok'],
      ['!done', '.tag=ok'],
    ]);
    expect(client.take()).toEqual([]);
    expect(router.state.items('/ip/hotspot/user')).toEqual([]);
    expect(router.stats.commands['/ip/hotspot/user/add']).toBe(1);
  });

  it('drops the connection mid-reply after running the command', async () => {
    const router = await routerForTest({ faults: { dropMidReplyTo: '/ip/hotspot/user/add' } });
    const client = await loggedInClient(router);
    const before = Buffer.concat(client.received).length;
    client.send(['/ip/hotspot/user/add', '=name=half', '.tag=1']);
    await client.closed;
    const written = Buffer.concat(client.received).length - before;
    const full = sentenceBytes(['!done', '=ret=*1', '.tag=1']).length;
    expect(written).toBe(Math.floor(full / 2));
    expect(router.state.items('/ip/hotspot/user').map((user) => user.name)).toEqual(['half']);
  });

  it('answers fatalReplyTo with an untagged !fatal and its reason, then closes', async () => {
    const router = await routerForTest();
    const client = await loggedInClient(router);
    router.faults.set({ fatalReplyTo: '/system/resource/print' });
    expect(await client.command(['/system/resource/print', '.tag=5'])).toEqual([['!fatal', INJECTED_FATAL_REASON]]);
    await client.closed;
    await expect.poll(() => router.stats.openConnections).toBe(0);
  });

  it('counts connections and commands', async () => {
    const router = await routerForTest();
    const client = await loggedInClient(router);
    await client.command(['/system/identity/print']);
    await client.command(['/system/identity/print']);
    expect(router.stats).toEqual({
      connectionsAccepted: 1,
      openConnections: 1,
      commands: { '/login': 1, '/system/identity/print': 2 },
    });
    client.close();
    await client.closed;
    await expect.poll(() => router.stats.openConnections).toBe(0);
  });

  it('rejects fault values that make no sense', async () => {
    const router = await routerForTest();
    expect(() => router.faults.set({ chunkSize: 0 })).toThrow(RangeError);
    expect(() => router.faults.set({ replyDelayMs: -1 })).toThrow(RangeError);
  });

  it('delays each reply sentence by replyDelayMs', async () => {
    const router = await routerForTest({ faults: { replyDelayMs: 60 } });
    const client = await loggedInClient(router);
    const started = performance.now();
    expect(await client.command(['/system/identity/print'])).toEqual([['!re', '=name=MikroTik'], ['!done']]);
    // Two sentences, each delayed.
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);
  });

  it('closes a connection after dropAfterBytes more bytes, counted from when the fault was set', async () => {
    const router = await routerForTest();
    const client = await loggedInClient(router);
    await client.command(['/system/identity/print']);
    const before = Buffer.concat(client.received).length;
    router.faults.set({ dropAfterBytes: 10 });
    client.send(['/system/identity/print']);
    await client.closed;
    expect(Buffer.concat(client.received).length - before).toBe(10);
  });

  it('answers garbageReplyTo with bytes that break the framing', async () => {
    const router = await routerForTest({ faults: { garbageReplyTo: '/system/identity/print' } });
    const client = await loggedInClient(router);
    const before = Buffer.concat(client.received).length;
    client.send(['/system/identity/print']);
    await expect.poll(() => Buffer.concat(client.received).length).toBeGreaterThan(before);
    const garbage = Buffer.concat(client.received).subarray(before);
    // 0xF5 is no valid length prefix (0xF1..0xF7 are invalid, PROTOCOL.md).
    expect(garbage[0]).toBe(0xf5);
    expect(client.framingError?.message).toBe('invalid length byte 0xf5');
  });

  it('answers controlByteReplyTo with a 0xF8 control byte', async () => {
    const router = await routerForTest({ faults: { controlByteReplyTo: '/system/identity/print' } });
    const client = await loggedInClient(router);
    const before = Buffer.concat(client.received).length;
    client.send(['/system/identity/print']);
    await expect.poll(() => Buffer.concat(client.received).length).toBe(before + 1);
    expect(Buffer.concat(client.received).subarray(before)).toEqual(Buffer.from([0xf8]));
    expect(client.framingError?.message).toBe('invalid length byte 0xf8');
  });

  it('answers trapReplyTo with the given trap text and !done, without running the command', async () => {
    const router = await routerForTest({
      faults: { trapReplyTo: { '/ip/hotspot/user/add': 'failure: router busy' } },
    });
    const client = await loggedInClient(router);
    expect(await client.command(['/ip/hotspot/user/add', '=name=x', '.tag=t'])).toEqual([
      ['!trap', '=message=failure: router busy', '.tag=t'],
      ['!done', '.tag=t'],
    ]);
    expect(router.state.items('/ip/hotspot/user')).toEqual([]);
  });

  it('keeps a stalled command silent even when it is cancelled', async () => {
    const router = await routerForTest({ faults: { stallCommands: ['/ip/hotspot/user/print'] } });
    const client = await loggedInClient(router);
    client.send(['/ip/hotspot/user/print', '.tag=s']);
    expect(await client.command(['/cancel', '=tag=s', '.tag=c'])).toEqual([['!done', '.tag=c']]);
    expect(await client.command(['/system/identity/print'])).toEqual([['!re', '=name=MikroTik'], ['!done']]);
  });

  it('delivers a big sliced print completely through chunked writes', async () => {
    const router = await routerForTest({ seedActive: 3000, faults: { chunkSize: 64 } });
    const client = await loggedInClient(router);
    client.send(['/ip/hotspot/active/print', '=.proplist=user', '.tag=b']);
    const sentences = await client.waitFor((all) => all.at(-1)?.[0] === '!done', 15_000);
    expect(sentences).toHaveLength(3001);
    expect(sentences[2999]).toEqual(['!re', '=user=user3000', '.tag=b']);
  });
  it('runs dropAfterCommands.count of a command, then closes without answering the last nor running the rest', async () => {
    const router = await routerForTest();
    const client = await loggedInClient(router);
    router.faults.set({ dropAfterCommands: { command: '/ip/hotspot/user/add', count: 3 } });
    for (let i = 1; i <= 5; i++) client.send(['/ip/hotspot/user/add', `=name=u${i}`, `.tag=${i}`]);
    await client.closed;
    expect(router.state.items('/ip/hotspot/user').map((user) => user.name)).toEqual(['u1', 'u2', 'u3']);
    const answered = client.take().map((sentence) => sentence.at(-1));
    expect(answered).toEqual(['.tag=1', '.tag=2']);
    expect(() => router.faults.set({ dropAfterCommands: { command: '/x', count: 0 } })).toThrow(RangeError);
  });

  it('models link latency: pipelined commands pay it about once, one at a time pays it per command', async () => {
    const router = await routerForTest({ faults: { linkLatencyMs: 40 } });
    const client = await loggedInClient(router);
    let started = performance.now();
    for (let i = 1; i <= 10; i++) client.send(['/system/identity/print', `.tag=${i}`]);
    await client.waitFor((all) => all.filter((s) => s[0] === '!done').length === 10, 5000);
    const pipelined = performance.now() - started;
    client.take();
    started = performance.now();
    for (let i = 1; i <= 10; i++) await client.command(['/system/identity/print', `.tag=s${i}`]);
    const serial = performance.now() - started;
    expect(pipelined).toBeGreaterThanOrEqual(39);
    expect(serial).toBeGreaterThanOrEqual(10 * 39);
    expect(pipelined).toBeLessThan(serial / 3);
  });
});
