import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeSentence, getTextCodec, ProtocolError, SentenceDecoder, type TextEncodingName } from '../src/index.js';
import { split } from './helpers/split.js';

const ENCODINGS: TextEncodingName[] = ['utf8', 'latin1', 'win1252'];

/** Words of random bytes, mostly ASCII so that both the whole-chunk and per-word paths run. */
const wordArbitrary = fc.oneof(
  fc.uint8Array({ minLength: 1, maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
  fc.string({ minLength: 1, maxLength: 40 }).map((text) => Buffer.from(`=name=${text}`, 'utf8')),
  fc.constantFrom(Buffer.from('!re'), Buffer.from('.tag=17'), Buffer.from('=comment=caf\u00e9 \u20ac', 'utf8')),
);

describe('SentenceDecoder.pushText', () => {
  it.each(ENCODINGS)('gives the text of the words push gives, for any split (%s)', (encoding) => {
    const codec = getTextCodec(encoding);
    fc.assert(
      fc.property(
        fc.array(fc.array(wordArbitrary, { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 12 }),
        (sentences, cuts) => {
          const stream = Buffer.concat(sentences.map((words) => encodeSentence(words)));
          const pieces = split(stream, cuts);
          const raw = new SentenceDecoder();
          const text = new SentenceDecoder();
          const expected = pieces.flatMap((piece) => raw.push(piece)).map((words) => words.map((word) => codec.decode(word)));
          const actual = pieces.flatMap((piece) => text.pushText(piece, codec));
          expect(actual).toEqual(expected);
          expect(actual).toHaveLength(sentences.length);
          expect(text.pendingBytes).toBe(0);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('decodes UTF-8 correctly when a chunk mixes ASCII and multi-byte words', () => {
    const codec = getTextCodec('utf8');
    const decoder = new SentenceDecoder();
    const sentences = decoder.pushText(encodeSentence(['!re', '=name=plain', '=comment=señal ☕', '.tag=3']), codec);
    expect(sentences).toEqual([['!re', '=name=plain', '=comment=señal ☕', '.tag=3']]);
  });

  it.each([0x7f, 0x80, 0x4000, 0x200000])('reads a word of %i bytes (every prefix size)', (length) => {
    const word = 'x'.repeat(length);
    const decoder = new SentenceDecoder();
    const stream = encodeSentence(['!re', `=a=${word}`]);
    const sentences = split(stream, [1, 5, 7, 100, 70_000]).flatMap((piece) => decoder.pushText(piece, getTextCodec('utf8')));
    expect(sentences).toEqual([['!re', `=a=${word}`]]);
  });

  it('counts pending bytes of a partial sentence in bytes, not characters', () => {
    const decoder = new SentenceDecoder();
    const bytes = encodeSentence(['!re', '=comment=€€']);
    decoder.pushText(bytes.subarray(0, bytes.length - 1), getTextCodec('utf8'));
    expect(decoder.pendingBytes).toBe(bytes.length - 1 - 2);
  });

  it('rejects a control byte with ProtocolError, as push does', () => {
    const decoder = new SentenceDecoder();
    expect(() => decoder.pushText(Buffer.from([0x03, 0x21, 0x72, 0x65, 0xf8]), getTextCodec('latin1'))).toThrow(ProtocolError);
  });
});
