/** Non-ASCII values through a real connection in every encoding, and the byte-level guarantees. */
import { startMockRouter, type MockRouter } from '@hotspot/mock-routeros';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, getTextCodec, type TextEncodingName } from '../src/index.js';
import { RawPeer, tagOf } from './helpers/raw-peer.js';

const USERS = '/ip/hotspot/user';
let router: MockRouter;
beforeAll(async () => {
  router = await startMockRouter();
});
afterAll(() => router.close());

const SAMPLES: Array<[TextEncodingName, string]> = [
  ['utf8', 'Año Ünïcødé 日本語 🚀'],
  ['latin1', 'Año ÿ © ½ Ñandú'],
  ['win1252', 'Año € “comillas” Š œ …'],
];

describe.each(SAMPLES)('encoding %s', (encoding, text) => {
  it('writes the value as bytes of that encoding and reads the same text back', async () => {
    const client = await connect({ host: '127.0.0.1', port: router.port, username: 'admin', encoding });
    const name = `user-${encoding}-ñ`;
    const { done } = await client.exec(`${USERS}/add`, { name, comment: text });
    const { rows } = await client.exec(`${USERS}/print`, { '?.id': done.ret });
    expect(rows[0]).toMatchObject({ name, comment: text });
    // The mock keeps raw bytes (as Latin-1 text): they must be the chosen encoding's bytes.
    const stored = router.state.items(USERS).find((item) => item['.id'] === done.ret)!;
    expect(Buffer.from(stored.comment!, 'latin1')).toEqual(getTextCodec(encoding).encode(text));
    await client.close();
  });
});

describe('lossless bytes', () => {
  it('latin1 and win1252 decode every byte 0x01..0xFF and encode it back unchanged', async () => {
    const peer = await RawPeer.start();
    const allBytes = Buffer.from(Array.from({ length: 255 }, (_, i) => i + 1));
    try {
      for (const encoding of ['latin1', 'win1252'] as const) {
        const { client, link } = await peer.connectClient({ username: 'admin', encoding });
        const pending = client.exec('/x');
        const tag = tagOf(await link.nextSentence());
        link.reply('!re', Buffer.concat([Buffer.from('=v='), allBytes]), `.tag=${tag}`);
        link.reply('!done', `.tag=${tag}`);
        const value = (await pending).rows[0]!.v!;
        expect(value).toHaveLength(255);
        expect(getTextCodec(encoding).encode(value)).toEqual(allBytes);
        await client.close();
      }
    } finally {
      await peer.close();
    }
  });

  it('win1252 writes characters it cannot represent as ?', () => {
    expect(getTextCodec('win1252').encode('€日').toString('latin1')).toBe('\x80?');
  });
});
