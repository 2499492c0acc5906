/**
 * The replies to one command: every sentence carries the command's `.tag` (when it had one)
 * as its last word, as RouterOS does.
 */
import type { Item } from './state.js';

/** Sends one reply sentence (words as Latin-1 text). */
export type SentenceSink = (words: string[]) => void;

/** Trap categories of the RouterOS API. */
export const TrapCategory = {
  missingItemOrCommand: 0,
  argumentValue: 1,
  interrupted: 2,
  scripting: 3,
  general: 4,
  api: 5,
} as const;

export class Reply {
  /**
   * @param sink where sentences go
   * @param tag the command's `.tag`
   * @param emptyReplies whether the claimed version answers empty results with `!empty` (7.18+)
   */
  constructor(
    private readonly sink: SentenceSink,
    readonly tag: string | undefined,
    private readonly emptyReplies: boolean,
  ) {}

  /** One `!re` row; with a proplist, only those properties, in the item's order. */
  row(item: Item, proplist?: ReadonlySet<string>): void {
    const words = ['!re'];
    for (const name in item) {
      if (proplist && !proplist.has(name)) continue;
      words.push(`=${name}=${item[name]}`);
    }
    this.send(words);
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
    this.sink(words);
  }
}
