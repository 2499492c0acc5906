/**
 * The RouterOS API wire codec: lengths ↔ bytes, words ↔ sentences. No sockets and no text
 * decoding here; words stay raw bytes until a caller decodes them with a chosen codec.
 */
import { ProtocolError } from './errors.js';
import { getTextCodec, type TextCodec } from './text.js';

/** The largest length the 5-byte form can carry. */
export const MAX_WORD_LENGTH_ENCODABLE = 0xffffffff;

/** Default upper bound for one incoming word; a longer one is refused instead of allocated. */
export const DEFAULT_MAX_WORD_LENGTH = 64 * 1024 * 1024;

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

/** Options of {@link SentenceDecoder}. */
export interface SentenceDecoderOptions {
  /** Longest word accepted, in bytes (default 64 MiB). A longer one is a `ProtocolError`. */
  maxWordLength?: number;
}

/**
 * Streaming decoder: feed it chunks split anywhere (one byte at a time included) and it returns
 * each complete sentence as an array of raw words. A sentence ends only on the zero-length word;
 * empty sentences are skipped. Chunks are kept in a list and each byte is copied at most once,
 * so large replies cost linear time. A word inside one chunk is a view of that chunk (no copy).
 *
 * After a `ProtocolError` the stream is out of sync; the decoder throws that error again on
 * every later `push`.
 */
export class SentenceDecoder {
  private readonly maxWordLength: number;
  private chunks: Buffer[] = [];
  /** Read position inside `chunks[0]`. */
  private offset = 0;
  /** Unread bytes across all chunks. */
  private buffered = 0;
  private words: Buffer[] = [];
  private failure: ProtocolError | undefined;

  constructor(options: SentenceDecoderOptions = {}) {
    this.maxWordLength = options.maxWordLength ?? DEFAULT_MAX_WORD_LENGTH;
  }

  /** Bytes received but not yet part of a complete sentence's words. */
  get pendingBytes(): number {
    return this.buffered + this.words.reduce((sum, word) => sum + word.length, 0);
  }

  /** Adds a chunk; returns the sentences it completed (possibly none). */
  push(chunk: Uint8Array): Buffer[][] {
    if (this.failure) throw this.failure;
    if (chunk.length > 0) {
      this.chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      this.buffered += chunk.length;
    }
    const sentences: Buffer[][] = [];
    try {
      for (;;) {
        const length = this.peekLength();
        if (length === undefined) break;
        if (length.value === 0) {
          this.consume(length.prefixSize);
          if (this.words.length > 0) sentences.push(this.words);
          this.words = [];
          continue;
        }
        if (this.buffered < length.prefixSize + length.value) break;
        this.consume(length.prefixSize);
        this.words.push(this.take(length.value));
      }
    } catch (error) {
      if (error instanceof ProtocolError) this.failure = error;
      throw error;
    }
    return sentences;
  }

  private byteAt(position: number): number {
    let index = this.offset + position;
    for (const chunk of this.chunks) {
      if (index < chunk.length) return chunk[index]!;
      index -= chunk.length;
    }
    throw new RangeError('read past buffered bytes');
  }

  /** Decodes the next length prefix without consuming it; `undefined` while it is incomplete. */
  private peekLength(): { value: number; prefixSize: number } | undefined {
    if (this.buffered === 0) return undefined;
    const first = this.byteAt(0);
    let prefixSize: number;
    let value: number;
    if (first < 0x80) return { value: first, prefixSize: 1 };
    if (first < 0xc0) [prefixSize, value] = [2, first - 0x80];
    else if (first < 0xe0) [prefixSize, value] = [3, first - 0xc0];
    else if (first < 0xf0) [prefixSize, value] = [4, first - 0xe0];
    else if (first === 0xf0) [prefixSize, value] = [5, 0];
    else {
      throw new ProtocolError(
        `control byte 0x${first.toString(16).toUpperCase()} where a word length was expected`,
      );
    }
    if (this.buffered < prefixSize) return undefined;
    for (let i = 1; i < prefixSize; i++) value = value * 256 + this.byteAt(i);
    if (value > this.maxWordLength) {
      throw new ProtocolError(`word of ${value} bytes exceeds the limit of ${this.maxWordLength} bytes`);
    }
    return { value, prefixSize };
  }

  private consume(count: number): void {
    this.buffered -= count;
    let remaining = count;
    while (remaining > 0) {
      const head = this.chunks[0]!;
      const available = head.length - this.offset;
      if (remaining < available) {
        this.offset += remaining;
        return;
      }
      remaining -= available;
      this.chunks.shift();
      this.offset = 0;
    }
  }

  /** Removes and returns the next `count` bytes: a view when they sit in one chunk, else one copy. */
  private take(count: number): Buffer {
    const head = this.chunks[0]!;
    if (this.offset + count <= head.length) {
      const word = head.subarray(this.offset, this.offset + count);
      this.consume(count);
      return word;
    }
    const word = Buffer.allocUnsafe(count);
    let written = 0;
    let consumedChunks = 0;
    let offset = this.offset;
    while (written < count) {
      const chunk = this.chunks[consumedChunks]!;
      const n = Math.min(chunk.length - offset, count - written);
      chunk.copy(word, written, offset, offset + n);
      written += n;
      if (offset + n === chunk.length) {
        consumedChunks++;
        offset = 0;
      } else {
        offset += n;
      }
    }
    this.chunks.splice(0, consumedChunks);
    this.offset = offset;
    this.buffered -= count;
    return word;
  }
}
