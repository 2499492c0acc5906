/**
 * Every sale a search matches, page by page through the keyset (the CSV export streams them: only
 * one page is ever in memory, and a million rows cost a thousand short queries, not one long one).
 */
import type { Db } from '../db/connection.js';
import { searchSales, type SalesFilter, type SalesKey, type SalesRow } from '../db/sales-search.js';

export const EXPORT_PAGE_ROWS = 1_000;

export async function* salesPages(db: Db, filter: SalesFilter, pageRows = EXPORT_PAGE_ROWS): AsyncGenerator<SalesRow[]> {
  let after: SalesKey | undefined;
  for (;;) {
    const rows = await searchSales(db, filter, { limit: pageRows, ...(after ? { after } : {}) });
    if (rows.length > 0) yield rows;
    const last = rows.at(-1);
    if (!last || rows.length < pageRows) return;
    after = { at: last.key_at, id: last.id };
  }
}

/** The opaque cursor of the page after `row`. */
export function cursorAfter(row: SalesRow): string {
  return Buffer.from(JSON.stringify([row.key_at, row.id])).toString('base64url');
}

/** A cursor that is not one this service made. */
export class BadCursorError extends Error {
  constructor() {
    super('not a sales search cursor');
    this.name = 'BadCursorError';
  }
}

const KEY_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** @throws BadCursorError */
export function keyOfCursor(cursor: string): SalesKey {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new BadCursorError();
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) throw new BadCursorError();
  const [at, id] = parsed as unknown[];
  if (
    typeof at !== 'string' ||
    !KEY_AT.test(at) ||
    Number.isNaN(Date.parse(at)) ||
    typeof id !== 'string' ||
    id.length === 0 ||
    id.length > 64
  )
    throw new BadCursorError();
  return { at, id };
}
