/**
 * Reply classification: one sentence of decoded words → a typed {@link Reply}.
 * No sockets, no framing and no knowledge of commands; the client dispatches the result by tag.
 *
 * This runs once per `!re` row, so it is written for speed: words arrive as text (usually
 * slices of one decoded chunk, see `SentenceDecoder.pushText`), the split is one `indexOf`,
 * and no intermediate arrays are made.
 */

/** The kinds of reply sentence the API defines, plus `unknown` for anything else. */
export type ReplyType = 're' | 'done' | 'trap' | 'fatal' | 'empty' | 'unknown';

/** One classified reply sentence. */
export interface Reply {
  /** What the first word said. */
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
const TAG_PREFIX = '.tag=';

function typeOf(word: string): ReplyType {
  switch (word) {
    case '!re':
      return 're';
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

/** Attribute positions whose names are remembered; rows rarely have more attributes. */
const CACHED_POSITIONS = 64;

/**
 * Classifies the sentences of one connection. Rows of a table repeat the same attribute names
 * in the same order, so the parser remembers the name seen at each position and reuses that
 * string when the word starts with it: no new string per name, and the same string for the
 * same property, which keeps row objects on one V8 hidden class.
 */
export class ReplyParser {
  private readonly names: Array<string | undefined> = [];

  /**
   * Classifies one sentence. `words` must be non-empty (the decoder never yields empty sentences).
   * Never throws for odd content: an unknown first word gives `type: 'unknown'`, and a word that is
   * neither an attribute nor an API word is ignored, except as the reason of `!fatal`.
   */
  parse(words: readonly string[]): Reply {
    const first = words[0]!;
    const type = typeOf(first);
    const attributes: Record<string, string> = {};
    let tag: string | undefined;
    let reason: string | undefined;
    for (let i = 1; i < words.length; i++) {
      const word = words[i]!;
      const lead = word.charCodeAt(0);
      if (lead === EQUALS) this.addAttribute(attributes, word, 1, i);
      else if (word.startsWith(TAG_PREFIX)) tag = word.slice(TAG_PREFIX.length);
      else if (lead === DOT) this.addAttribute(attributes, word, 0, i);
      else if (type === 'fatal' && reason === undefined) reason = word;
    }
    const reply: Reply = { type, tag, attributes };
    if (type === 'fatal') reply.reason = reason ?? attributes.message ?? '';
    if (type === 'unknown') reply.word = first;
    return reply;
  }

  /**
   * Adds the attribute in `word` (name from `nameStart` to the next `=`, value after it; no `=`
   * means an empty value). A name `__proto__` is defined as a property: assigning it would change
   * the object's prototype instead.
   */
  private addAttribute(target: Record<string, string>, word: string, nameStart: number, position: number): void {
    const cached = position < CACHED_POSITIONS ? this.names[position] : undefined;
    let name: string;
    let split: number;
    if (cached !== undefined && word.charCodeAt(nameStart + cached.length) === EQUALS && word.startsWith(cached, nameStart)) {
      name = cached;
      split = nameStart + cached.length;
    } else {
      split = word.indexOf('=', 1);
      name = split === -1 ? word.slice(nameStart) : word.slice(nameStart, split);
      if (position < CACHED_POSITIONS) this.names[position] = name;
    }
    const value = split === -1 ? '' : word.slice(split + 1);
    if (name === '__proto__') Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
    else target[name] = value;
  }
}

/** Classifies one sentence without a connection's name cache (for one-off use). */
export function parseReply(words: readonly string[]): Reply {
  return new ReplyParser().parse(words);
}
