/** What a command handler gets: the request, its reply channel and the router it runs on. */
import type { MockClock } from './clock.js';
import type { HotspotSessions } from './hotspot-sessions.js';
import type { ApiRequest } from './request.js';
import type { Reply } from './reply.js';
import type { Item, MockState, Table } from './state.js';

/** A trap to answer with (message and optional category). */
export interface TrapSpec {
  message: string;
  category?: number;
}

/** Facts about the mock router that handlers need (the version lives in `state`). */
export interface RouterInfo {
  /** When it started (on its clock), for the uptime. */
  startedAt: number;
  /** The router's clock (a mock-only control). */
  clock: MockClock;
  /** The hotspot's session engine (logins, limits, counters). */
  sessions: HotspotSessions;
}

export interface CommandContext {
  request: ApiRequest;
  reply: Reply;
  state: MockState;
  router: RouterInfo;
  /**
   * Registers a command that answers over time (listen, follow, a big print) so that `/cancel`
   * and the end of the connection reach it: `stop` runs then, before the `interrupted` trap.
   * Returns `release`, to call when the command finished on its own.
   */
  keepRunning(stop: () => void): () => void;
  /** Calls `next` when the connection can take more output (backpressure for big replies). */
  whenWritable(next: () => void): void;
}

export type CommandHandler = (context: CommandContext) => void;

/** How one table menu differs from a plain list of items. */
export interface MenuRules {
  /** Properties a new item starts with, before the given arguments. */
  defaults?: () => Item;
  /** Turns a request's fields into stored values (e.g. `01:00:00` → `1h`), or the trap for a bad one. */
  normalize?: (fields: Item) => Item | TrapSpec;
  /** Checks an item about to be stored (`id` is set for a change); returns the trap to answer with. */
  check?: (candidate: Item, table: Table, state: MockState, id?: string) => TrapSpec | undefined;
  /** Checks an item about to be removed. */
  checkRemove?: (item: Item) => TrapSpec | undefined;
  /** Commands with menu-specific behaviour, by verb (they replace the generic ones). */
  commands?: Record<string, CommandHandler>;
}

/** A menu with exactly one item and no ids (`/system/identity`, `/system/resource`). */
export interface SingletonMenu {
  read(context: CommandContext): Item;
  /** Stores `set` arguments; absent for read-only menus. */
  write?(context: CommandContext, fields: Item): void;
}
