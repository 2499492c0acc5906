/** Property tests: framing round-trips under any chunking; garbage only ever yields ProtocolError. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeSentence, ProtocolError, ReplyParser, RouterOSError, SentenceDecoder } from '../src/index.js';
import { RawPeer, tagOf } from './helpers/raw-peer.js';
import { split } from './helpers/split.js';

/** Non-empty words (a zero-length word would end the sentence), some long enough for 2- and 3-byte prefixes. */
const word = fc.oneof(
  { weight: 8, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 40 }) },
  { weight: 2, arbitrary: fc.uint8Array({ minLength: 120, maxLength: 400 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0x3ff0, max: 0x4010 }).map((n) => new Uint8Array(n).fill(0x81)) },
);
const sentence = fc.array(word, { minLength: 1, maxLength: 6 });

describe('SentenceDecoder properties', () => {
  it('decodes encoded sentences back, however the bytes are chunked', () => {
    fc.assert(
      fc.property(fc.array(sentence, { minLength: 1, maxLength: 5 }), fc.array(fc.nat(), { maxLength: 30 }), (sentences, cuts) => {
        const bytes = Buffer.concat(sentences.map((words) => encodeSentence(words)));
        const decoder = new SentenceDecoder();
        const decoded = split(bytes, cuts).flatMap((chunk) => decoder.push(chunk));
        expect(decoded.map((words) => words.map((w) => Buffer.from(w).toString('hex')))).toEqual(
          sentences.map((words) => words.map((w) => Buffer.from(w).toString('hex'))),
        );
        expect(decoder.pendingBytes).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('decodes byte-at-a-time delivery', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ minLength: 1, maxLength: 300 }), { minLength: 1, maxLength: 4 }), (words) => {
        const bytes = encodeSentence(words);
        const decoder = new SentenceDecoder();
        const decoded = [...bytes].flatMap((byte) => decoder.push(Buffer.of(byte)));
        expect(decoded).toHaveLength(1);
        expect(decoded[0]!.map((w) => Buffer.from(w).toString('hex'))).toEqual(words.map((w) => Buffer.from(w).toString('hex')));
      }),
      { numRuns: 100 },
    );
  });

  it('turns random garbage into sentences or a ProtocolError, never another error', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 2000 }), fc.array(fc.nat(), { maxLength: 20 }), (garbage, cuts) => {
        const decoder = new SentenceDecoder({ maxWordLength: 1 << 20 });
        try {
          for (const chunk of split(Buffer.from(garbage), cuts)) decoder.push(chunk);
          expect(decoder.pendingBytes).toBeLessThanOrEqual(garbage.length);
        } catch (error) {
          expect(error).toBeInstanceOf(ProtocolError);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('ReplyParser properties', () => {
  const name = fc.string({ minLength: 1, maxLength: 12, unit: 'grapheme' }).filter((s) => !s.includes('=') && s !== '__proto__');
  const value = fc.string({ maxLength: 40, unit: 'grapheme' });

  it('gives back every =name=value attribute, values containing = included, row after row', () => {
    const row = fc.tuple(fc.uniqueArray(fc.tuple(name, value), { selector: ([n]) => n, maxLength: 8 }), fc.nat({ max: 8 }));
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 5 }), (rows) => {
        const parser = new ReplyParser();
        for (const [pairs, tagAt] of rows) {
          const words = ['!re', ...pairs.map(([n, v]) => `=${n}=${v}`)];
          words.splice(Math.min(tagAt, words.length - 1) + 1, 0, '.tag=42');
          const reply = parser.parse(words);
          expect(reply.tag).toBe('42');
          expect(reply.attributes).toEqual(Object.fromEntries(pairs));
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('client under garbage', () => {
  it('settles a pending command with a RouterOSError whatever the router sends', async () => {
    const peer = await RawPeer.start();
    try {
      await fc.assert(
        fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 500 }), fc.boolean(), async (garbage, afterValidRow) => {
          const { client, link: router } = await peer.connectClient({ username: 'admin' });
          const pending = client.exec('/x', {}, { timeout: 100 });
          const tag = tagOf(await router.nextSentence());
          if (afterValidRow) router.reply('!re', '=a=b', `.tag=${tag}`);
          router.socket.write(garbage);
          const outcome = await pending.then(
            () => undefined,
            (error: unknown) => error,
          );
          expect(outcome).toBeInstanceOf(RouterOSError);
          await client.close();
        }),
        { numRuns: 15 },
      );
    } finally {
      await peer.close();
    }
  });
});
