/**
 * The client against a scripted peer, for replies the mock router does not produce:
 * several traps, unknown reply words, interleaved tags, untagged !fatal, backpressure.
 */
import { Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { encodeSentence, FatalError, TrapError, UnknownReplyError, type RouterOSClient, type WireEvent } from '../src/index.js';
import { RawPeer, tagOf, type PeerConnection } from './helpers/raw-peer.js';

let peer: RawPeer;
let router: PeerConnection;
let client: RouterOSClient;
let wire: WireEvent[];

beforeEach(async () => {
  peer = await RawPeer.start();
  wire = [];
  ({ client, link: router } = await peer.connectClient({ username: 'admin', password: 'hunter2', onWire: (e) => wire.push(e) }));
});

afterEach(async () => {
  await client.close();
  await peer.close();
});

/** Sends a command and returns its promise together with the tag the peer saw. */
async function sent(path: string): Promise<{ result: ReturnType<RouterOSClient['exec']>; tag: string; words: string[] }> {
  const result = client.exec(path);
  const words = await router.nextSentence();
  return { result, tag: tagOf(words), words };
}

describe('replies', () => {
  it('collects every trap before !done into one TrapError', async () => {
    const { result, tag } = await sent('/tool/fetch');
    router.reply('!trap', '=message=first', '=category=4', `.tag=${tag}`);
    router.reply('!trap', `.tag=${tag}`, '=message=second');
    router.reply('!done', `.tag=${tag}`);
    const error: TrapError = await result.catch((e) => e);
    expect(error).toBeInstanceOf(TrapError);
    expect(error.message).toBe('first');
    expect(error.category).toBe(4);
    expect(error.traps.map((t) => [t.message, t.category])).toEqual([
      ['first', 4],
      ['second', undefined],
    ]);
  });

  it('fails and cancels only the command that got an unknown reply word, and keeps the connection', async () => {
    const odd = await sent('/odd');
    const fine = await sent('/fine');
    router.reply('!progress', '=percent=5', `.tag=${odd.tag}`);
    await expect(odd.result).rejects.toEqual(new UnknownReplyError('!progress'));
    const cancel = await router.nextSentence();
    expect(cancel.slice(0, 2)).toEqual(['/cancel', `=tag=${odd.tag}`]);
    router.reply('!re', '=late=row', `.tag=${odd.tag}`);
    router.reply('!done', `.tag=${tagOf(cancel)}`);
    router.reply('!done', `.tag=${odd.tag}`);
    router.reply('!done', `.tag=${fine.tag}`, '=ret=ok');
    await expect(fine.result).resolves.toEqual({ rows: [], done: { ret: 'ok' }, empty: false });
    expect(client.isOpen).toBe(true);
  });

  it('routes interleaved replies by tag, wherever .tag stands', async () => {
    const a = await sent('/a');
    const b = await sent('/b');
    router.reply('!re', `.tag=${b.tag}`, '=n=b1');
    router.reply('!re', '=n=a1', `.tag=${a.tag}`);
    router.reply('!re', `.tag=${b.tag}`, '=n=b2');
    router.reply('!done', `.tag=${a.tag}`);
    router.reply('!re', '=n=b3', `.tag=${b.tag}`);
    router.reply('!done', `.tag=${b.tag}`);
    expect((await a.result).rows).toEqual([{ n: 'a1' }]);
    expect((await b.result).rows).toEqual([{ n: 'b1' }, { n: 'b2' }, { n: 'b3' }]);
  });

  it('ignores untagged replies and replies for tags it does not know', async () => {
    const { result, tag } = await sent('/x');
    router.reply('!re', '=stray=1');
    router.reply('!done', '.tag=999');
    router.reply('!done', `.tag=${tag}`);
    expect(await result).toEqual({ rows: [], done: {}, empty: false });
  });

  it('rejects every command on an untagged !fatal', async () => {
    const first = await sent('/one');
    const second = await sent('/two');
    router.reply('!fatal', 'out of memory');
    await expect(first.result).rejects.toEqual(new FatalError('out of memory'));
    await expect(second.result).rejects.toEqual(new FatalError('out of memory'));
    expect(await client.closed).toEqual(new FatalError('out of memory'));
  });

  it('ignores the "interrupted" trap that answers its own /cancel', async () => {
    const stream = client.stream('/log/listen');
    const listen = await router.nextSentence();
    const tag = tagOf(listen);
    router.reply('!re', '=message=hello', `.tag=${tag}`);
    const iterator = stream[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toEqual({ message: 'hello' });
    const cancelled = stream.cancel();
    const cancel = await router.nextSentence();
    expect(cancel).toEqual(['/cancel', `=tag=${tag}`, expect.stringMatching(/^\.tag=\d+$/)]);
    router.reply('!trap', '=category=2', '=message=interrupted', `.tag=${tag}`);
    router.reply('!done', `.tag=${tagOf(cancel)}`);
    router.reply('!done', `.tag=${tag}`);
    await cancelled;
    await expect(stream.done).resolves.toEqual({ done: {}, empty: false });
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
  });
});

describe('the wire', () => {
  it('writes each command as one socket write', async () => {
    const write = vi.spyOn(Socket.prototype, 'write');
    try {
      const pending = [client.exec('/a', { x: '1', y: '2' }), client.exec('/b', ['?z=3', '?#!']), client.exec('/c')];
      const fromClient = write.mock.contexts.filter((socket) => socket !== router.socket);
      expect(fromClient).toHaveLength(3);
      for (let i = 0; i < 3; i++) router.reply('!done', `.tag=${tagOf(await router.nextSentence())}`);
      await Promise.all(pending);
    } finally {
      write.mockRestore();
    }
  });

  it('shows every sentence to onWire with password and response values masked', async () => {
    const { result, tag } = await sent('/ip/hotspot/user/add');
    router.reply('!re', '=name=u', '=password=user-secret', `.tag=${tag}`);
    router.reply('!done', `.tag=${tag}`);
    await result;
    const text = (event: WireEvent) => event.words.map(String);
    const login = wire.find((event) => event.direction === 'out' && text(event)[0] === '/login')!;
    expect(text(login)).toEqual(['/login', '=name=admin', '=password=********', '.tag=1']);
    const incoming = wire.filter((e) => e.direction === 'in');
    expect(incoming.map((e) => e.tag)).toEqual(['1', tag, tag]);
    expect(text(incoming[1]!)).toEqual(['!re', '=name=u', '=password=********', `.tag=${tag}`]);
    expect(JSON.stringify(wire.map(text))).not.toMatch(/hunter2|user-secret/);
  });
});

describe('stream backpressure', () => {
  it('stops reading the socket while the consumer lags, then delivers every row in order', async () => {
    const total = 100_000;
    const stream = client.stream('/log/print', { follow: '' });
    const tag = tagOf(await router.nextSentence());
    const rows: Buffer[] = [];
    for (let i = 0; i < total; i++) rows.push(encodeSentence(['!re', `=n=${i}`, `=text=${'x'.repeat(80)}`, `.tag=${tag}`]));
    router.socket.write(Buffer.concat(rows));
    const received = () => wire.length;
    // Wait until the client stops taking rows although 10 MB are ready for it.
    let previous = -1;
    await expect
      .poll(
        () => {
          const now = received();
          const stalled = now === previous && now > 0;
          previous = now;
          return stalled;
        },
        { interval: 100, timeout: 10_000 },
      )
      .toBe(true);
    expect(received()).toBeLessThan(5_000);

    const iterator = stream[Symbol.asyncIterator]();
    for (let count = 0; count < total; count++) {
      const { value } = await iterator.next();
      if (value?.n !== String(count)) expect(value?.n).toBe(String(count));
    }
    const cancelled = iterator.return!();
    const cancel = await router.nextSentence();
    expect(cancel).toEqual(['/cancel', `=tag=${tag}`, expect.any(String)]);
    router.reply('!done', `.tag=${tagOf(cancel)}`);
    router.reply('!done', `.tag=${tag}`);
    expect(await cancelled).toEqual({ done: true, value: undefined });
    await expect(stream.done).resolves.toEqual({ done: {}, empty: false });
  });
});
