import { describe, expect, it } from 'vitest';
import { encodeLength, encodeSentence, ProtocolError, SentenceDecoder } from '../src/index.js';

const LENGTH_VECTORS: Array<[number, string]> = [
  [0, '00'],
  [0x7f, '7f'],
  [0x80, '8080'],
  [130, '8082'],
  [256, '8100'],
  [300, '812c'],
  [0x3fff, 'bfff'],
  [0x4000, 'c04000'],
  [17000, 'c04268'],
  [0x1fffff, 'dfffff'],
  [0x200000, 'e0200000'],
  [0xfffffff, 'efffffff'],
  [0x10000000, 'f010000000'],
  [0x10000080, 'f010000080'],
  [0xffffffff, 'f0ffffffff'],
];

describe('encodeLength', () => {
  it.each(LENGTH_VECTORS)('encodes %i as %s', (length, hex) => {
    expect(encodeLength(length).toString('hex')).toBe(hex);
  });

  it('refuses lengths outside 0..2^32-1', () => {
    expect(() => encodeLength(-1)).toThrow(RangeError);
    expect(() => encodeLength(2 ** 32)).toThrow(RangeError);
    expect(() => encodeLength(1.5)).toThrow(RangeError);
  });
});

describe('SentenceDecoder', () => {
  it.each(LENGTH_VECTORS.filter(([length]) => length > 0 && length <= 0x200000))(
    'decodes a word of %i bytes whose prefix is %s',
    (length) => {
      const word = Buffer.alloc(length, 0x61);
      const decoder = new SentenceDecoder();
      const sentences = decoder.push(encodeSentence([word]));
      expect(sentences).toHaveLength(1);
      expect(sentences[0]![0]!.equals(word)).toBe(true);
    },
  );

  it('ends a sentence only on the zero-length word, even when 256 is encoded 81 00', () => {
    const bytes = encodeSentence(['!re', '='.repeat(256)]);
    const decoder = new SentenceDecoder();
    const sentences = [...bytes].flatMap((byte) => decoder.push(Buffer.from([byte])));
    expect(sentences).toHaveLength(1);
    expect(sentences[0]!.map((w) => w.length)).toEqual([3, 256]);
  });

  it('rejects a control byte with ProtocolError and stays failed', () => {
    const decoder = new SentenceDecoder();
    expect(() => decoder.push(Buffer.from([0xf8]))).toThrow(ProtocolError);
    expect(() => decoder.push(encodeSentence(['!done']))).toThrow(ProtocolError);
  });

  it('refuses a word above the configured maximum before it arrives', () => {
    const decoder = new SentenceDecoder({ maxWordLength: 1000 });
    expect(() => decoder.push(encodeLength(1001))).toThrow(/exceeds the limit/);
  });
});
