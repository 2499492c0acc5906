/**
 * Reply classification: one sentence of decoded words → a typed {@link Reply}.
 * No sockets, no framing and no knowledge of commands; the client dispatches the result by tag.
 *
 * This runs once per `!re` row, so it is written for speed: words arrive as ranges of a decoded
 * text (see `SentenceDecoder.pushWords`), only the strings a reply keeps are made, and a row is
 * one object allocation.
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

/** Rows with more attributes than this are built one property at a time (no factory code that long). */
const MAX_FACTORY_ATTRIBUTES = 64;

/** Distinct attribute-name lists a parser keeps a row factory for; the cache restarts when full. */
const MAX_ROW_SHAPES = 64;

/** Makes a row from the values of one attribute-name list, in that list's order. */
type RowFactory = (values: readonly string[]) => Record<string, string>;

/**
 * A factory that builds the row in one object literal. V8 then allocates each row at its final
 * size with every property in the object itself, where adding 16 properties one by one to `{}`
 * walks 16 hidden-class transitions and moves them to a separately allocated, regrown property
 * store; and a literal's allocation site can be pretenured, so that rows a caller keeps skip the
 * young generation. Names are JSON string literals (valid JS keys, any character); `__proto__`
 * never gets here, because as a literal key it would set the prototype.
 */
function rowFactory(names: readonly string[]): RowFactory {
  const properties = names.map((name, index) => `${JSON.stringify(name)}: values[${index}]`);
  return new Function('values', `return { ${properties.join(', ')} };`) as RowFactory;
}

/**
 * Whether this process may compile code from strings: under Node's
 * `--disallow-code-generation-from-strings`, `new Function` throws and rows are built one
 * property at a time instead.
 */
const canGenerateCode = (() => {
  try {
    return typeof new Function('return 1') === 'function';
  } catch {
    return false;
  }
})();

/**
 * Classifies the sentences of one connection. Words come one at a time ({@link word}, the
 * shape of `SentenceDecoder.pushWords`) as ranges of a decoded text, so only the strings a
 * reply keeps are made: values, a tag, a reason.
 *
 * Rows of a table repeat the same attribute names in the same order, so the parser remembers
 * the name seen at each position and reuses that string when the word starts with it (no new
 * string per name), and keeps a row factory per name list (see {@link rowFactory}).
 */
export class ReplyParser {
  /** The name last seen at each attribute position. */
  private readonly names: string[] = [];
  /** Values of the sentence in progress, by attribute position. */
  private readonly values: string[] = [];
  /** Attributes of the sentence in progress. */
  private count = 0;
  /** Words of the sentence in progress, the reply word included. */
  private words = 0;
  /** Whether a name of this sentence differs from the one remembered at its position. */
  private namesChanged = false;
  /** The factory for `names[0..factoryCount)`, the name list of the last sentence built. */
  private factory: RowFactory | undefined;
  private factoryCount = -1;
  private readonly factories = new Map<string, RowFactory | undefined>();
  private firstWord = '';
  private currentType: ReplyType = 'unknown';
  private currentTag: string | undefined;
  /** The last tag read, kept across sentences (see {@link setTag}). */
  private lastTag: string | undefined;
  private reason: string | undefined;

  /** What the sentence in progress is; known after its first word. */
  get type(): ReplyType {
    return this.currentType;
  }

  /** The `.tag=` value of the sentence in progress, once its tag word came. */
  get tag(): string | undefined {
    return this.currentTag;
  }

  /**
   * Classifies one sentence. `words` must be non-empty (the decoder never yields empty sentences).
   * Never throws for odd content: an unknown first word gives `type: 'unknown'`, and a word that is
   * neither an attribute nor an API word is ignored, except as the reason of `!fatal`.
   */
  parse(words: readonly string[]): Reply {
    for (const word of words) this.word(word, 0, word.length);
    return this.endReply();
  }

  /**
   * Takes the next word of the sentence in progress: `text.slice(start, end)`. After the last
   * one, {@link type} and {@link tag} describe the sentence; finish it with {@link endReply},
   * or, for a row, {@link endRow}.
   */
  word(text: string, start: number, end: number): void {
    if (this.words++ === 0) {
      this.currentType = replyTypeAt(text, start, end);
      if (this.currentType === 'unknown') this.firstWord = text.slice(start, end);
      return;
    }
    const lead = text.charCodeAt(start);
    if (lead === EQUALS) this.addAttribute(text, start + 1, end);
    // The length check comes first: the text may go on with the next word's bytes.
    else if (end - start >= TAG_PREFIX.length && text.startsWith(TAG_PREFIX, start)) this.setTag(text, start + TAG_PREFIX.length, end);
    else if (lead === DOT) this.addAttribute(text, start, end);
    else if (this.currentType === 'fatal' && this.reason === undefined) this.reason = text.slice(start, end);
  }

  /** Ends the sentence in progress and returns its attributes as a row object. */
  endRow(): Record<string, string> {
    const row = this.buildAttributes();
    this.reset();
    return row;
  }

  /** Ends the sentence in progress and returns it as a {@link Reply}. */
  endReply(): Reply {
    const type = this.currentType;
    const attributes = this.buildAttributes();
    const reply: Reply = { type, tag: this.currentTag, attributes };
    if (type === 'fatal') reply.reason = this.reason ?? attributes.message ?? '';
    if (type === 'unknown') reply.word = this.firstWord;
    this.reset();
    return reply;
  }

  /** Ends the sentence in progress without building anything from it. */
  discard(): void {
    this.reset();
  }

  private reset(): void {
    this.words = 0;
    this.count = 0;
    this.namesChanged = false;
    this.currentTag = undefined;
    this.reason = undefined;
  }

  /**
   * Records the attribute in `text[nameStart..end)`: the name up to the next `=`, the value after
   * it; no `=` means an empty value.
   */
  private addAttribute(text: string, nameStart: number, end: number): void {
    const position = this.count++;
    const cached = this.names[position];
    let nameEnd: number;
    if (cached !== undefined && this.startsWithName(text, nameStart, end, cached)) {
      nameEnd = nameStart + cached.length;
    } else {
      const split = text.indexOf('=', nameStart);
      nameEnd = split === -1 || split >= end ? end : split;
      const name = text.slice(nameStart, nameEnd);
      this.names[position] = name;
      this.namesChanged = true;
    }
    if (nameEnd === end) this.values[position] = '';
    else this.setValue(position, text, nameEnd + 1, end);
  }

  /**
   * Sets the value at `position` to `text[start..end)`, keeping the string already there (the
   * last row's value) when it has the same text. Columns such as a profile, a server or a
   * `disabled` flag repeat row after row, and each string a kept row does not allocate is one
   * the garbage collector does not copy.
   */
  private setValue(position: number, text: string, start: number, end: number): void {
    const previous = this.values[position];
    if (previous === undefined || previous.length !== end - start || !text.startsWith(previous, start)) {
      this.values[position] = text.slice(start, end);
    }
  }

  /**
   * Sets the tag to `text[start..end)`, keeping the last sentence's tag string when it is the
   * same: every row of a long reply carries the same tag.
   */
  private setTag(text: string, start: number, end: number): void {
    const previous = this.lastTag;
    if (previous !== undefined && previous.length === end - start && text.startsWith(previous, start)) this.currentTag = previous;
    else this.currentTag = this.lastTag = text.slice(start, end);
  }

  /** Whether `text[nameStart..end)` is `name` followed by `=` or by the end of the word. */
  private startsWithName(text: string, nameStart: number, end: number, name: string): boolean {
    const nameEnd = nameStart + name.length;
    return nameEnd <= end && (nameEnd === end || text.charCodeAt(nameEnd) === EQUALS) && text.startsWith(name, nameStart);
  }

  private buildAttributes(): Record<string, string> {
    const count = this.count;
    if (this.namesChanged || count !== this.factoryCount) {
      this.factory = this.factoryFor(count);
      this.factoryCount = count;
    }
    const factory = this.factory;
    if (factory) return factory(this.values);
    const attributes: Record<string, string> = {};
    for (let i = 0; i < count; i++) {
      const name = this.names[i]!;
      const value = this.values[i]!;
      // Assigning `__proto__` would change the object's prototype instead of adding a property.
      if (name === '__proto__') Object.defineProperty(attributes, name, { value, enumerable: true, writable: true, configurable: true });
      else attributes[name] = value;
    }
    return attributes;
  }

  /** The factory for the first `count` remembered names; `undefined` for a list built one by one. */
  private factoryFor(count: number): RowFactory | undefined {
    if (count > MAX_FACTORY_ATTRIBUTES) return undefined;
    const names = this.names.slice(0, count);
    if (names.includes('__proto__')) return undefined;
    const key = JSON.stringify(names);
    let factory = this.factories.get(key);
    if (factory === undefined && !this.factories.has(key)) {
      // A router sending ever new name lists must not grow the cache without bound.
      if (this.factories.size >= MAX_ROW_SHAPES) this.factories.clear();
      factory = canGenerateCode ? rowFactory(names) : undefined;
      this.factories.set(key, factory);
    }
    return factory;
  }
}

/** The reply type named by `text[start..end)`, without making a string of it. */
function replyTypeAt(text: string, start: number, end: number): ReplyType {
  switch (end - start) {
    case 3:
      return text.startsWith('!re', start) ? 're' : 'unknown';
    case 5:
      return text.startsWith('!done', start) ? 'done' : text.startsWith('!trap', start) ? 'trap' : 'unknown';
    case 6:
      return text.startsWith('!fatal', start) ? 'fatal' : text.startsWith('!empty', start) ? 'empty' : 'unknown';
    default:
      return 'unknown';
  }
}

/** Classifies one sentence without a connection's name cache (for one-off use). */
export function parseReply(words: readonly string[]): Reply {
  return new ReplyParser().parse(words);
}
