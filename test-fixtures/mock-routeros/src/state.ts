/**
 * The router's configuration: one table of items per menu, plus the identity. Tables announce
 * every change so that `listen`, `=follow=` and `=follow-only=` can stream it.
 */
import { assertVersion } from './version.js';

/** One item of a menu, as `print` shows it: property name → value, `.id` included. */
export type Item = Record<string, string>;

/** A change to a table, as `listen` streams it. */
export type TableChange = { type: 'add' | 'set'; item: Item } | { type: 'remove'; id: string; item: Item };

/** The properties lookups go by (names, a session's user, MAC addresses), indexed in every table. */
export type IndexedProperty = 'name' | 'user' | 'mac-address';
const INDEXED: readonly IndexedProperty[] = ['name', 'user', 'mac-address'];

/** The index key of a value: MAC addresses in any letter case are the same address. */
function indexKey(property: IndexedProperty, value: string): string {
  return property === 'mac-address' ? value.toUpperCase() : value;
}

/** The items of one menu, in creation order, with RouterOS-style ids (`*1`, `*2`, … `*A`). */
export class Table {
  private readonly rows = new Map<string, Item>();
  private nextId = 1;
  private readonly listeners = new Set<(change: TableChange) => void>();
  /** Ids by property value, so that finding a user among thousands is no scan. */
  private readonly indexes = new Map(INDEXED.map((property) => [property, new Map<string, Set<string>>()]));

  /** The item with this `.id`. */
  get(id: string): Item | undefined {
    return this.rows.get(id);
  }

  /** Every item, in creation order (live objects: copy before handing them out). */
  values(): IterableIterator<Item> {
    return this.rows.values();
  }

  get size(): number {
    return this.rows.size;
  }

  /** The items whose `property` is `value` (MAC addresses in any letter case). */
  find(property: IndexedProperty, value: string | undefined): Item[] {
    if (value === undefined) return [];
    const ids = this.indexes.get(property)!.get(indexKey(property, value));
    return ids ? Array.from(ids, (id) => this.rows.get(id)!) : [];
  }

  private index(item: Item, present: boolean): void {
    for (const property of INDEXED) {
      const value = item[property];
      if (value === undefined) continue;
      const index = this.indexes.get(property)!;
      const key = indexKey(property, value);
      let ids = index.get(key);
      if (present) {
        if (!ids) {
          ids = new Set();
          index.set(key, ids);
        }
        ids.add(item['.id']!);
      } else {
        ids?.delete(item['.id']!);
        if (ids?.size === 0) index.delete(key);
      }
    }
  }

  /** Adds an item; a given `.id` is kept when free, otherwise the next id is assigned. */
  insert(fields: Item): Item {
    return this.adopt({ '.id': '', ...fields });
  }

  /**
   * Stores `item` itself (no copy: the fast path for bulk seeding). An empty or missing `.id`
   * gets the next free id; put `'.id': ''` first in the literal to keep `.id` the first property.
   */
  adopt(item: Item): Item {
    let id = item['.id'];
    if (!id) {
      do id = `*${(this.nextId++).toString(16).toUpperCase()}`;
      while (this.rows.has(id));
      item['.id'] = id;
    } else if (this.rows.has(id)) {
      throw new Error(`an item with .id ${id} already exists`);
    }
    this.rows.set(id, item);
    this.index(item, true);
    this.emit({ type: 'add', item });
    return item;
  }

  /**
   * Changes some properties of an item (a value of `undefined` unsets the property). Items are
   * never changed in place: the table stores a new object, so an item object seen once (and
   * any encoding cached for it) stays valid.
   */
  update(id: string, fields: Record<string, string | undefined>): Item {
    const item = this.updateQuietly(id, fields);
    this.emit({ type: 'set', item });
    return item;
  }

  /**
   * Changes some properties without telling listeners: for counters (uptime, bytes) that
   * RouterOS does not stream to `listen`.
   */
  updateQuietly(id: string, fields: Record<string, string | undefined>): Item {
    const previous = this.rows.get(id);
    if (!previous) throw new Error(`no item with .id ${id}`);
    const item = withFields(previous, fields);
    const reindex = INDEXED.some((property) => property in fields);
    if (reindex) this.index(previous, false);
    this.rows.set(id, item);
    if (reindex) this.index(item, true);
    return item;
  }

  /** Removes an item. */
  delete(id: string): void {
    const item = this.rows.get(id);
    if (!item) throw new Error(`no item with .id ${id}`);
    this.rows.delete(id);
    this.index(item, false);
    this.emit({ type: 'remove', id, item });
  }

  /** Calls `listener` on every later change; returns the unsubscribe function. */
  subscribe(listener: (change: TableChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(change: TableChange): void {
    for (const listener of this.listeners) listener(change);
  }
}

/** A copy of `item` with `fields` applied (a value of `undefined` unsets the property); `.id` never changes. */
export function withFields(item: Item, fields: Record<string, string | undefined>): Item {
  const changed: Item = { ...item };
  for (const [name, value] of Object.entries(fields)) {
    if (name === '.id') continue;
    if (value === undefined) delete changed[name];
    else changed[name] = value;
  }
  return changed;
}

/** The router state a test reads and seeds (see the package contract). */
export interface RouterState {
  /** Copies of the items of a menu, e.g. `items('/ip/hotspot/user')`. */
  items(menu: string): Array<Record<string, string>>;
  /** Seeds an item (defaults of the menu filled in); returns its `.id`. */
  add(menu: string, record: Record<string, string>): string;
  /** Removes an item by `.id`; throws when there is none. */
  remove(menu: string, id: string): void;
  /** `/system/identity` name. */
  identity: string;
  /** RouterOS version the mock claims, e.g. `7.19.6`. */
  version: string;
}

/** Normalizes a menu path: one leading slash, no trailing slash (`ip/hotspot/user/` → `/ip/hotspot/user`). */
export function menuPath(menu: string): string {
  const trimmed = menu.replace(/^\/+|\/+$/g, '');
  return `/${trimmed}`;
}

export class MockState implements RouterState {
  identity = 'MikroTik';
  private readonly tables = new Map<string, Table>();
  private claimedVersion = '';

  /**
   * @param version the RouterOS version the mock claims
   * @param defaultsFor the properties a new item of `menu` starts with
   */
  constructor(
    version: string,
    private readonly defaultsFor: (menu: string) => Item = () => ({}),
  ) {
    this.version = version;
  }

  /** The claimed version; changing it changes login and `!empty` behaviour for later commands. */
  get version(): string {
    return this.claimedVersion;
  }

  set version(version: string) {
    assertVersion(version);
    this.claimedVersion = version;
  }

  /** The table of a menu, created empty on first use. */
  table(menu: string): Table {
    const path = menuPath(menu);
    let table = this.tables.get(path);
    if (!table) {
      table = new Table();
      this.tables.set(path, table);
    }
    return table;
  }

  /** Fills in the menu's defaults, then `fields`. */
  withDefaults(menu: string, fields: Item): Item {
    return { ...this.defaultsFor(menuPath(menu)), ...fields };
  }

  items(menu: string): Array<Record<string, string>> {
    return Array.from(this.table(menu).values(), (item) => ({ ...item }));
  }

  add(menu: string, record: Record<string, string>): string {
    return this.table(menu).insert(this.withDefaults(menu, record))['.id']!;
  }

  remove(menu: string, id: string): void {
    this.table(menu).delete(id);
  }
}
