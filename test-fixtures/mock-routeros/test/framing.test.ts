/**
 * Wire-level checks with hand-built bytes: length prefixes from the PROTOCOL.md vectors,
 * sentences split anywhere, and the exact bytes of replies.
 */
import { describe, expect, it } from 'vitest';
import { lengthPrefix, sentenceBytes } from './helpers/raw-client.js';
import { loggedInClient, rawClient, routerForTest } from './helpers/router.js';

const hex = (text: string) => Buffer.from(text.replace(/ /g, ''), 'hex');

describe('framing', () => {
  it('uses the length prefixes of the PROTOCOL.md vectors (test helper self-check)', () => {
    const vectors: Array<[number, string]> = [
      [0, '00'],
      [0x7f, '7F'],
      [0x80, '80 80'],
      [130, '80 82'],
      [256, '81 00'],
      [300, '81 2C'],
      [0x3fff, 'BF FF'],
      [0x4000, 'C0 40 00'],
      [17000, 'C0 42 68'],
      [0x1fffff, 'DF FF FF'],
      [0x200000, 'E0 20 00 00'],
      [0xfffffff, 'EF FF FF FF'],
      [0x10000000, 'F0 10 00 00 00'],
      [0x10000080, 'F0 10 00 00 80'],
    ];
    for (const [length, bytes] of vectors) expect(lengthPrefix(length)).toEqual(hex(bytes));
  });

  it('logs in from hand-written bytes and answers with the exact expected bytes', async () => {
    const router = await routerForTest({ password: 'pw' });
    const client = await rawClient(router.port);
    // /login =name=admin =password=pw .tag=1, typed out byte by byte.
    client.write(
      Buffer.concat([
        hex('06'),
        Buffer.from('/login'),
        hex('0B'),
        Buffer.from('=name=admin'),
        hex('0C'),
        Buffer.from('=password=pw'),
        hex('06'),
        Buffer.from('.tag=1'),
        hex('00'),
      ]),
    );
    await client.waitFor((sentences) => sentences.length === 1);
    expect(Buffer.concat(client.received)).toEqual(
      Buffer.concat([hex('05'), Buffer.from('!done'), hex('06'), Buffer.from('.tag=1'), hex('00')]),
    );
  });

  it('runs a command only once its terminator arrives, when it comes one byte at a time', async () => {
    const router = await routerForTest();
    const client = await loggedInClient(router);
    const bytes = sentenceBytes(['/ip/hotspot/user/add', '=name=slow', '.tag=s']);
    for (const byte of bytes.subarray(0, -1)) {
      client.write(Buffer.from([byte]));
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(router.state.items('/ip/hotspot/user')).toEqual([]);
    client.write(bytes.subarray(-1));
    await client.waitFor((sentences) => sentences.length === 1);
    expect(client.take()).toEqual([['!done', '=ret=*1', '.tag=s']]);
  });

  it('handles words whose length prefix contains a zero byte and multi-byte prefixes', async () => {
    const router = await routerForTest();
    const client = await loggedInClient(router);
    // "=comment=" + 247 bytes = 256 bytes: prefix 81 00. A NUL-scanning parser would cut it here.
    const comment256 = `=comment=${'x'.repeat(256 - 9)}`;
    // 17000 bytes: a three-byte prefix C0 42 68.
    const comment17000 = `=comment=${'y'.repeat(17000 - 9)}`;
    const request = sentenceBytes(['/ip/hotspot/user/add', '=name=a', comment256]);
    expect(request.includes(hex('81 00 3D 63 6F 6D'))).toBe(true);
    client.write(request);
    client.send(['/ip/hotspot/user/add', '=name=b', comment17000]);
    await client.waitFor((sentences) => sentences.length === 2);
    client.take();
    const before = Buffer.concat(client.received).length;
    client.send(['/ip/hotspot/user/print', '=.proplist=comment', '?name=b']);
    await client.waitFor((sentences) => sentences.length === 2);
    const reply = Buffer.concat(client.received).subarray(before);
    // !re, then the 17000-byte word with its three-byte prefix.
    expect(reply.subarray(0, 4 + 3)).toEqual(Buffer.concat([hex('03'), Buffer.from('!re'), hex('C0 42 68')]));
    expect(client.take()[0]).toEqual(['!re', comment17000]);
    expect(router.state.items('/ip/hotspot/user')[0]!.comment).toBe(comment256.slice(9));
  });

  it('splits attribute words on the second "=" only and accepts empty and bare values', async () => {
    const router = await routerForTest();
    const client = await loggedInClient(router);
    await client.command(['/ip/hotspot/user/add', '=name=eq', '=password=a=b==c', '=comment=']);
    await client.command(['/ip/hotspot/user/add', '=name=bare', '=comment']);
    const [eq, bare] = router.state.items('/ip/hotspot/user');
    expect(eq).toMatchObject({ password: 'a=b==c', comment: '' });
    expect(bare).toMatchObject({ comment: '' });
  });

  it('keeps any byte of a value: what goes in comes back unchanged', async () => {
    const router = await routerForTest();
    const client = await loggedInClient(router);
    const value = Buffer.from([0x63, 0xf1, 0x80, 0x9d, 0xff, 0x00, 0x41]);
    const word = Buffer.concat([Buffer.from('=comment='), value]);
    await client.command(['/ip/hotspot/user/add', '=name=bytes', word]);
    const before = Buffer.concat(client.received).length;
    await client.command(['/ip/hotspot/user/print', '=.proplist=comment']);
    const reply = Buffer.concat(client.received).subarray(before);
    expect(reply.includes(Buffer.concat([lengthPrefix(word.length), word]))).toBe(true);
  });

  it('ignores empty sentences and drops a client that sends a control byte', async () => {
    const router = await routerForTest();
    const client = await loggedInClient(router);
    client.write(hex('00 00'));
    expect(await client.command(['/system/identity/print'])).toEqual([['!re', '=name=MikroTik'], ['!done']]);
    client.write(hex('F8 00'));
    await client.closed;
    await expect.poll(() => router.stats.openConnections).toBe(0);
  });

  it('traps a sentence whose first word is not a command', async () => {
    const router = await routerForTest();
    const client = await loggedInClient(router);
    expect(await client.command(['=name=x', '.tag=q'])).toEqual([
      ['!trap', '=category=0', '=message=no such command or directory (=name=x)', '.tag=q'],
      ['!done', '.tag=q'],
    ]);
  });
});
