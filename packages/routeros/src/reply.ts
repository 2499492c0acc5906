/**
 * Reply classification: one decoded sentence (raw words) → a typed {@link Reply}.
 * No sockets here and no knowledge of commands; the client dispatches the result by tag.
 *
 * This runs once per `!re` row, so it is written for speed: bytes are compared directly,
 * `=` is found with `Buffer.indexOf`, and text is decoded straight from the word's bytes
 * with the caller's codec, without intermediate arrays or views.
 */
import type { TextCodec } from './text.js';

/** The kinds of reply sentence the API defines, plus `unknown` for anything else. */
export type ReplyType = 're' | 'done' | 'trap' | 'fatal' | 'empty' | 'unknown';

/** One classified reply sentence. */
export interface Reply {
  type: ReplyType;
  /** The `.tag=` value, wherever it stood in the sentence; `undefined` for an untagged reply. */
  tag: string | undefined;
  /** `=name=value` words (split on the second `=`; a bare `=name` gives `''`) and other API words such as `.section`. */
  attributes: Record<string, string>;
  /** `!fatal` only: the bare reason word. */
  reason?: string;
  /** `unknown` only: the first word as received. */
  word?: string;
}

const EQUALS = 0x3d;
const DOT = 0x2e;

/** Reply words are ASCII; matching their bytes avoids decoding the first word of every row. */
function typeOf(word: Buffer): ReplyType {
  const length = word.length;
  if (word[0] !== 0x21 /* ! */) return 'unknown';
  if (length === 3 && word[1] === 0x72 && word[2] === 0x65) return 're';
  switch (word.toString('latin1')) {
    case '!done':
      return 'done';
    case '!trap':
      return 'trap';
    case '!fatal':
      return 'fatal';
    case '!empty':
      return 'empty';
    default:
      return 'unknown';
  }
}

/** `.tag=` */
function isTagWord(word: Buffer): boolean {
  return word.length >= 5 && word[0] === DOT && word[1] === 0x74 && word[2] === 0x61 && word[3] === 0x67 && word[4] === EQUALS;
}

/** Attribute positions whose names are remembered; rows rarely have more attributes. */
const CACHED_POSITIONS = 64;
/** The cache slot of the tag: a stream's rows all carry the same one. */
const TAG_SLOT = CACHED_POSITIONS;

/** A remembered attribute name or tag: its bytes and its decoded text. */
interface CachedText {
  bytes: Buffer;
  text: string;
}

/**
 * Classifies sentences for one connection. Rows of a table repeat the same attribute names
 * in the same order (and the same tag), so the parser remembers the name seen at each position
 * and reuses the string when the bytes match: one decode per attribute instead of two, and the
 * same string for the same property, which keeps row objects on one V8 hidden class.
 */
export class ReplyParser {
  private readonly texts: Array<CachedText | undefined> = [];

  constructor(private readonly codec: TextCodec) {}

  /**
   * Classifies one sentence. `words` must be non-empty (the decoder never yields empty sentences).
   * Never throws for odd content: an unknown first word gives `type: 'unknown'`, and a word that is
   * neither an attribute nor an API word is ignored, except as the reason of `!fatal`.
   */
  parse(words: readonly Buffer[]): Reply {
    const codec = this.codec;
    const first = words[0]!;
    const type = typeOf(first);
    const attributes: Record<string, string> = {};
    let tag: string | undefined;
    let reason: string | undefined;
    for (let i = 1; i < words.length; i++) {
      const word = words[i]!;
      const lead = word[0];
      if (lead === EQUALS) this.addAttribute(attributes, word, 1, i);
      else if (isTagWord(word)) tag = this.cachedText(word, 5, word.length, TAG_SLOT);
      else if (lead === DOT) this.addAttribute(attributes, word, 0, i);
      else if (type === 'fatal' && reason === undefined) reason = codec.decodeRange(word, 0, word.length);
    }
    const reply: Reply = { type, tag, attributes };
    if (type === 'fatal') reply.reason = reason ?? attributes.message ?? '';
    if (type === 'unknown') reply.word = codec.decodeRange(first, 0, first.length);
    return reply;
  }

  /**
   * Adds the attribute in `word` (name from `nameStart` to the next `=`, value after it; no `=`
   * means an empty value). A name `__proto__` is defined as a property: assigning it would change
   * the object's prototype instead.
   */
  private addAttribute(target: Record<string, string>, word: Buffer, nameStart: number, position: number): void {
    const split = word.indexOf(EQUALS, 1);
    const nameEnd = split === -1 ? word.length : split;
    const name = this.cachedText(word, nameStart, nameEnd, position);
    const value = split === -1 ? '' : this.codec.decodeRange(word, split + 1, word.length);
    if (name === '__proto__') Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
    else target[name] = value;
  }

  /** The text of `word[start..end)`, reused from cache slot `slot` when the bytes are the same. */
  private cachedText(word: Buffer, start: number, end: number, slot: number): string {
    const cached = slot <= TAG_SLOT ? this.texts[slot] : undefined;
    if (cached && sameBytes(cached.bytes, word, start, end)) return cached.text;
    const text = this.codec.decodeRange(word, start, end);
    if (slot <= TAG_SLOT) this.texts[slot] = { bytes: Buffer.from(word.subarray(start, end)), text };
    return text;
  }
}

/** Whether `word[start..end)` equals `bytes`; names are short, so a plain loop beats a native call. */
function sameBytes(bytes: Buffer, word: Buffer, start: number, end: number): boolean {
  if (bytes.length !== end - start) return false;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] !== word[start + i]) return false;
  return true;
}

/** Classifies one sentence without a connection's name cache (for one-off use). */
export function parseReply(words: readonly Buffer[], codec: TextCodec): Reply {
  return new ReplyParser(codec).parse(words);
}
