/**
 * The RouterOS API wire decoding: bytes split anywhere back into sentences of words. No sockets
 * here; words are raw bytes, or text read through a {@link TextWindow}. The reverse is
 * `sentence-encoder.ts`.
 */
import { ProtocolError } from './errors.js';
import type { TextCodec } from './text-codec.js';
import { TextWindow, type WordSink } from './text-window.js';

/** Default upper bound for one incoming word; a longer one is refused instead of allocated. */
export const DEFAULT_MAX_WORD_LENGTH = 64 * 1024 * 1024;

/** Options of {@link SentenceDecoder}. */
export interface SentenceDecoderOptions {
  /** Longest word accepted, in bytes (default 64 MiB). A longer one is a `ProtocolError`. */
  maxWordLength?: number;
}

/** Where the decoder hands each word: `source[start..end)`, then the end of each sentence. */
interface ByteSink {
  word(source: Buffer, start: number, end: number): void;
  endSentence(): void;
}

/**
 * Collects sentences as arrays of words, for the array-returning `push` methods. It lives as
 * long as its decoder: a sentence's words may come in several pushes.
 */
class SentenceCollector<W> {
  private sentences: W[][] = [];
  private words: W[] = [];

  /** The sentences completed since the last call. */
  take(): W[][] {
    const sentences = this.sentences;
    this.sentences = [];
    return sentences;
  }

  endSentence(): void {
    this.sentences.push(this.words);
    this.words = [];
  }

  protected add(word: W): void {
    this.words.push(word);
  }
}

/** Words as views of the received bytes. */
class RawCollector extends SentenceCollector<Buffer> implements ByteSink {
  word(source: Buffer, start: number, end: number): void {
    this.add(source.subarray(start, end));
  }
}

/** Words as strings. */
class TextCollector extends SentenceCollector<string> implements WordSink {
  word(text: string, start: number, end: number): void {
    this.add(text.slice(start, end));
  }
}

/** Hands the decoder's words to a {@link WordSink} as text. */
class TextReader implements ByteSink {
  private readonly window: TextWindow;

  constructor(
    readonly codec: TextCodec,
    readonly sink: WordSink,
  ) {
    this.window = new TextWindow(codec);
  }

  word(source: Buffer, start: number, end: number): void {
    this.window.read(source, start, end, this.sink);
  }

  endSentence(): void {
    this.sink.endSentence();
  }
}

/**
 * Streaming decoder: feed it chunks split anywhere (one byte at a time included) and it returns
 * each complete sentence as an array of words. A sentence ends only on the zero-length word;
 * empty sentences are skipped. Chunks are kept in a list and each byte is copied at most once,
 * so large replies cost linear time.
 *
 * Three ways to read words; use one of them per decoder:
 * - {@link push}: raw bytes. A word inside one chunk is a view of that chunk (no copy).
 * - {@link pushText}: text in a chosen codec, as slices of 4 KiB windows of decoded text.
 * - {@link pushWords}: the same text handed to a {@link WordSink} as offsets, word by word, so
 *   that no string is made for a word the receiver does not keep whole (the client's hot path).
 *
 * After a `ProtocolError` the stream is out of sync; the decoder throws that error again on
 * every later push.
 */
export class SentenceDecoder {
  private readonly maxWordLength: number;
  private chunks: Buffer[] = [];
  /** Read position inside `chunks[0]`. */
  private offset = 0;
  /** Unread bytes across all chunks. */
  private buffered = 0;
  /** Words handed out for the sentence in progress, and their bytes. */
  private wordCount = 0;
  private wordBytes = 0;
  private failure: ProtocolError | undefined;
  /** The length prefix last read by {@link readPrefix}. */
  private prefixSize = 0;
  private wordLength = 0;
  /**
   * The sinks of the last push, kept from one push to the next: an optimized decode loop stays
   * valid only while it calls the same functions (new closures per push kept deoptimizing it).
   */
  private rawCollector: RawCollector | undefined;
  private textCollector: TextCollector | undefined;
  private textReader: TextReader | undefined;

  constructor(options: SentenceDecoderOptions = {}) {
    this.maxWordLength = options.maxWordLength ?? DEFAULT_MAX_WORD_LENGTH;
  }

  /** Bytes received but not yet part of a complete sentence. */
  get pendingBytes(): number {
    return this.buffered + this.wordBytes;
  }

  /** Adds a chunk; returns the sentences it completed (possibly none), words as raw bytes. */
  push(chunk: Uint8Array): Buffer[][] {
    this.rawCollector ??= new RawCollector();
    this.decode(chunk, this.rawCollector);
    return this.rawCollector.take();
  }

  /** Adds a chunk; returns the sentences it completed (possibly none), words decoded with `codec`. */
  pushText(chunk: Uint8Array, codec: TextCodec): string[][] {
    this.textCollector ??= new TextCollector();
    this.pushWords(chunk, codec, this.textCollector);
    return this.textCollector.take();
  }

  /**
   * Adds a chunk and hands each word it completes to `sink`, decoded with `codec`, as soon as it
   * is read. A sentence may span several pushes; its end is reported once complete.
   */
  pushWords(chunk: Uint8Array, codec: TextCodec, sink: WordSink): void {
    if (this.textReader?.codec !== codec || this.textReader.sink !== sink) this.textReader = new TextReader(codec, sink);
    this.decode(chunk, this.textReader);
  }

  private decode(chunk: Uint8Array, sink: ByteSink): void {
    if (this.failure) throw this.failure;
    if (chunk.length > 0) {
      this.chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      this.buffered += chunk.length;
    }
    try {
      while (this.buffered > 0) {
        this.readInPlace(sink);
        if (!this.readPrefix()) break;
        // One word or prefix that crosses chunks, or a prefix the fast path leaves alone.
        const length = this.wordLength;
        if (length > 0 && this.buffered < this.prefixSize + length) break;
        this.consume(this.prefixSize);
        if (length === 0) this.endSentence(sink);
        else this.takeWord(length, sink);
      }
    } catch (error) {
      if (error instanceof ProtocolError) this.failure = error;
      throw error;
    }
  }

  /**
   * The hot loop: reads words that lie whole inside the first chunk, with 1- or 2-byte prefixes
   * (words under 16 KiB), straight from the chunk. Stops at anything else.
   */
  private readInPlace(sink: ByteSink): void {
    const head = this.chunks[0]!;
    const end = head.length;
    const limit = this.maxWordLength;
    let position = this.offset;
    while (position < end) {
      const first = head[position]!;
      let size = 1;
      let length = first;
      if (first >= 0x80) {
        if (first >= 0xc0 || position + 2 > end) break;
        size = 2;
        length = (first - 0x80) * 256 + head[position + 1]!;
      }
      if (length === 0) {
        position += 1;
        this.endSentence(sink);
        continue;
      }
      const wordEnd = position + size + length;
      if (wordEnd > end || length > limit) break;
      this.wordCount++;
      this.wordBytes += length;
      position = wordEnd;
      sink.word(head, wordEnd - length, wordEnd);
    }
    this.buffered -= position - this.offset;
    if (position === end) {
      this.chunks.shift();
      this.offset = 0;
    } else {
      this.offset = position;
    }
  }

  private endSentence(sink: ByteSink): void {
    if (this.wordCount === 0) return;
    this.wordCount = 0;
    this.wordBytes = 0;
    sink.endSentence();
  }

  /**
   * Reads the next length prefix into `prefixSize`/`wordLength` without consuming it; false
   * while it is incomplete. Reads straight from the first chunk when the prefix lies in it.
   */
  private readPrefix(): boolean {
    if (this.buffered === 0) return false;
    const head = this.chunks[0]!;
    const first = head[this.offset]!;
    if (first < 0x80) {
      this.prefixSize = 1;
      this.wordLength = first;
      return true;
    }
    let size: number;
    let value: number;
    if (first < 0xc0) [size, value] = [2, first - 0x80];
    else if (first < 0xe0) [size, value] = [3, first - 0xc0];
    else if (first < 0xf0) [size, value] = [4, first - 0xe0];
    else if (first === 0xf0) [size, value] = [5, 0];
    else {
      throw new ProtocolError(`control byte 0x${first.toString(16).toUpperCase()} where a word length was expected`);
    }
    if (this.buffered < size) return false;
    const inHead = this.offset + size <= head.length;
    for (let i = 1; i < size; i++) value = value * 256 + (inHead ? head[this.offset + i]! : this.byteAt(i));
    if (value > this.maxWordLength) {
      throw new ProtocolError(`word of ${value} bytes exceeds the limit of ${this.maxWordLength} bytes`);
    }
    this.prefixSize = size;
    this.wordLength = value;
    return true;
  }

  /** The byte `position` bytes after the read position, for a prefix split across chunks. */
  private byteAt(position: number): number {
    let index = this.offset + position;
    for (const chunk of this.chunks) {
      if (index < chunk.length) return chunk[index]!;
      index -= chunk.length;
    }
    throw new RangeError('read past buffered bytes');
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

  /** Hands the next `count` bytes to `sink` as a word: read in place when they sit in one chunk, else copied once. */
  private takeWord(count: number, sink: ByteSink): void {
    this.wordCount++;
    this.wordBytes += count;
    const head = this.chunks[0]!;
    if (this.offset + count <= head.length) {
      const start = this.offset;
      this.consume(count);
      sink.word(head, start, start + count);
      return;
    }
    const joined = Buffer.allocUnsafe(count);
    let written = 0;
    while (written < count) {
      const chunk = this.chunks[0]!;
      const n = Math.min(chunk.length - this.offset, count - written);
      chunk.copy(joined, written, this.offset, this.offset + n);
      written += n;
      this.consume(n);
    }
    sink.word(joined, 0, count);
  }
}
