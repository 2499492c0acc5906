/**
 * The RouterOS API wire encoding: word lengths to their 1- to 5-byte prefixes, and words to one
 * sentence buffer. The reverse is `sentence-decoder.ts`.
 */
import { getTextCodec, type TextCodec } from './text-codec.js';

/** The largest length the 5-byte form can carry. */
export const MAX_WORD_LENGTH_ENCODABLE = 0xffffffff;

/** High bits that mark a 1-, 2-, 3- and 4-byte length prefix. */
const LENGTH_MARKERS = [0, 0x8000, 0xc00000, 0xe0000000];

/** Bytes taken by the length prefix of a word of `length` bytes. */
export function lengthPrefixSize(length: number): number {
  if (length < 0x80) return 1;
  if (length < 0x4000) return 2;
  if (length < 0x200000) return 3;
  if (length < 0x10000000) return 4;
  return 5;
}

/**
 * Writes the length prefix of a word into `target` at `offset`; returns the offset after it.
 * Plain arithmetic throughout: 32-bit bitwise operators go wrong from 2^31 up.
 */
export function writeLength(length: number, target: Uint8Array, offset: number): number {
  if (!Number.isInteger(length) || length < 0 || length > MAX_WORD_LENGTH_ENCODABLE) {
    throw new RangeError(`word length ${length} is outside 0..${MAX_WORD_LENGTH_ENCODABLE}`);
  }
  const size = lengthPrefixSize(length);
  // The 5-byte form is 0xF0 followed by the plain 4-byte length; the others add a marker.
  if (size === 5) target[offset] = 0xf0;
  let remaining = size === 5 ? length : length + LENGTH_MARKERS[size - 1]!;
  for (let index = offset + size - 1; index >= offset + (size === 5 ? 1 : 0); index--) {
    target[index] = remaining % 256;
    remaining = Math.floor(remaining / 256);
  }
  return offset + size;
}

/** The length prefix of a word of `length` bytes (all five forms, up to 2^32-1). */
export function encodeLength(length: number): Buffer {
  const out = Buffer.allocUnsafe(lengthPrefixSize(length));
  writeLength(length, out, 0);
  return out;
}

/** A word to send: text (encoded with the sentence's codec) or raw bytes. */
export type OutgoingWord = string | Uint8Array;

/**
 * One sentence as a single buffer (each word length-prefixed, then the zero-length terminator),
 * so that a sentence is one socket write.
 */
export function encodeSentence(words: readonly OutgoingWord[], codec: TextCodec = getTextCodec('utf8')): Buffer {
  const encoded = words.map((word) => (typeof word === 'string' ? codec.encode(word) : word));
  let total = 1;
  for (const word of encoded) total += lengthPrefixSize(word.length) + word.length;
  const out = Buffer.allocUnsafe(total);
  let offset = 0;
  for (const word of encoded) {
    offset = writeLength(word.length, out, offset);
    out.set(word, offset);
    offset += word.length;
  }
  out[offset] = 0;
  return out;
}
