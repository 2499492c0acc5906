/**
 * The replies to one command: every sentence carries the command's `.tag` (when it had one) as
 * its last word, as RouterOS does. Sentences are built with the library's `encodeSentence`
 * (Latin-1, so stored bytes go back out unchanged).
 *
 * Big tables are printed often (benchmarks print 100 000 sessions again and again), so the
 * encoded words of a row are cached per item object and property list: items are immutable
 * (a change stores a new object, see `Table.update`), so a cached encoding never goes stale.
 */
import { encodeSentence, getTextCodec } from '@hotspot/routeros';
import type { Item } from './state.js';

/** Takes one reply sentence as bytes, possibly in several pieces. */
export type SentenceSink = (pieces: Buffer[]) => void;

const latin1 = getTextCodec('latin1');

/** Trap categories of the RouterOS API. */
export const TrapCategory = {
  missingItemOrCommand: 0,
  argumentValue: 1,
  interrupted: 2,
  scripting: 3,
  general: 4,
  api: 5,
} as const;

/** Encoded `!re` words (no terminator) by item, then by property list key. */
const rowCache = new WeakMap<Item, Map<string, Buffer>>();
/** Property lists cached per item; more distinct lists than this are encoded each time. */
const MAX_CACHED_PROPLISTS = 4;

function encodeRowWords(item: Item, proplist: ReadonlySet<string> | undefined): Buffer {
  const key = proplist ? [...proplist].join(',') : '';
  let perItem = rowCache.get(item);
  const cached = perItem?.get(key);
  if (cached) return cached;
  const words = ['!re'];
  for (const name in item) {
    if (proplist && !proplist.has(name)) continue;
    words.push(`=${name}=${item[name]}`);
  }
  // Drop the terminator: the tag word and the terminator follow as a second piece.
  const encoded = encodeSentence(words, latin1).subarray(0, -1);
  if (!perItem) {
    perItem = new Map();
    rowCache.set(item, perItem);
  }
  if (perItem.size < MAX_CACHED_PROPLISTS) perItem.set(key, encoded);
  return encoded;
}

export class Reply {
  /** The tag word and the sentence terminator, appended to every row. */
  private readonly ending: Buffer;

  /**
   * @param sink where sentences go
   * @param tag the command's `.tag`
   * @param emptyReplies whether the claimed version answers empty results with `!empty` (7.18+)
   */
  constructor(
    private readonly sink: SentenceSink,
    readonly tag: string | undefined,
    private readonly emptyReplies: boolean,
  ) {
    this.ending = encodeSentence(tag === undefined ? [] : [`.tag=${tag}`], latin1);
  }

  /** One `!re` row; with a proplist, only those properties, in the item's order. */
  row(item: Item, proplist?: ReadonlySet<string>): void {
    this.sink([encodeRowWords(item, proplist), this.ending]);
  }

  /** `!done`, with attributes such as `ret`. */
  done(attributes: Record<string, string> = {}): void {
    const words = ['!done'];
    for (const [name, value] of Object.entries(attributes)) words.push(`=${name}=${value}`);
    this.send(words);
  }

  /** One `!trap` (a `!done` must still follow). */
  trap(message: string, category?: number): void {
    const words = ['!trap'];
    if (category !== undefined) words.push(`=category=${category}`);
    words.push(`=message=${message}`);
    this.send(words);
  }

  /** `!trap` then `!done`: the command failed. */
  fail(message: string, category?: number): void {
    this.trap(message, category);
    this.done();
  }

  /** Ends a command that returned `rows` rows: `!empty` first when there were none and the version has it. */
  finish(rows: number, attributes: Record<string, string> = {}): void {
    if (rows === 0 && this.emptyReplies) this.send(['!empty']);
    this.done(attributes);
  }

  private send(words: string[]): void {
    if (this.tag !== undefined) words.push(`.tag=${this.tag}`);
    this.sink([encodeSentence(words, latin1)]);
  }
}
