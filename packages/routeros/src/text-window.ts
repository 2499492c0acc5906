/**
 * The decoder's words as text: ranges of one decoded window of a chunk, handed to a
 * {@link WordSink} without making a string per word.
 */
import { isAscii } from 'node:buffer';
import type { TextCodec } from './text-codec.js';

/** Bytes decoded at once (a few rows of a typical table). */
const TEXT_WINDOW_BYTES = 4096;

/**
 * Receives decoded words as they are read, for `SentenceDecoder.pushWords`. A word is
 * `text.slice(start, end)`, but that string is not made: the receiver slices only what it keeps
 * (an attribute's value, not the whole `=name=value` word).
 */
export interface WordSink {
  word(text: string, start: number, end: number): void;
  /** The words since the last call form a complete sentence (never called for an empty one). */
  endSentence(): void;
}

/**
 * Turns word bytes into text offsets. When the bytes map one to one onto characters (Latin-1
 * and Windows-1252 always, UTF-8 when they are ASCII), 4 KiB of a chunk are decoded at once and
 * each word is a range of that text: no native call per word, which is most of the cost of a
 * large reply. Other UTF-8 words are decoded one by one.
 */
export class TextWindow {
  private source: Buffer | undefined;
  private start = 0;
  private end = 0;
  /** The text of `source[start..end)`; `undefined` when those bytes are not one character each. */
  private text: string | undefined;
  /** Latin-1 and Windows-1252 give one UTF-16 unit per byte; UTF-8 does so for ASCII only. */
  private readonly oneCharPerByte: boolean;

  constructor(private readonly codec: TextCodec) {
    this.oneCharPerByte = codec.name !== 'utf8';
  }

  read(source: Buffer, start: number, end: number, sink: WordSink): void {
    if (source !== this.source || start < this.start || end > this.end) {
      // A window, not the whole chunk: a value kept by the caller is a slice that keeps its
      // window's text alive, so the window bounds what one kept row can hold on to.
      const windowEnd = Math.min(source.length, Math.max(end, start + TEXT_WINDOW_BYTES));
      const bytes = source.subarray(start, windowEnd);
      this.source = source;
      this.start = start;
      this.end = windowEnd;
      this.text = this.oneCharPerByte || isAscii(bytes) ? this.codec.decode(bytes) : undefined;
    }
    const text = this.text;
    if (text === undefined) {
      const word = this.codec.decode(source.subarray(start, end));
      sink.word(word, 0, word.length);
    } else {
      sink.word(text, start - this.start, end - this.start);
    }
  }
}
