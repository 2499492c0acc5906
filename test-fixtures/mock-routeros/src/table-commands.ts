/**
 * The commands every table menu has: print (with .proplist, queries, count-only, follow,
 * follow-only), listen, add, set, remove, enable, disable, comment and get.
 */
import type { CommandContext, CommandHandler, MenuRules, TrapSpec } from './context.js';
import { compileQuery, QueryError } from './query.js';
import { apiAttribute } from './request.js';
import { TrapCategory } from './reply.js';
import { withFields, type Item, type Table } from './state.js';

/** Trap texts of real routers (PROTOCOL.md). */
export const NO_SUCH_ITEM = 'no such item';

/** Boolean properties: RouterOS 7 stores and prints them as true/false whatever yes/no form was sent. */
const BOOLEAN_PROPERTIES = new Set(['disabled', 'add-mac-cookie', 'transparent-proxy']);

/** Attributes that address items or steer a command instead of being stored. */
const CONTROL_ATTRIBUTES = new Set(['numbers', '.id', 'copy-from']);

function normalizeValue(name: string, value: string): string {
  if (!BOOLEAN_PROPERTIES.has(name)) return value;
  if (value === 'yes' || value === 'true') return 'true';
  if (value === 'no' || value === 'false') return 'false';
  return value;
}

/** The stored properties carried by a request's `=name=value` words. */
export function fieldsOf(context: CommandContext): Item {
  const fields: Item = {};
  for (const [name, value] of context.request.attributes) {
    if (CONTROL_ATTRIBUTES.has(name) || name.startsWith('.')) continue;
    fields[name] = normalizeValue(name, value);
  }
  return fields;
}

/** The request's fields as the menu stores them, or the trap for a bad value. */
function storedFields(context: CommandContext, rules: MenuRules): Item | TrapSpec {
  const fields = fieldsOf(context);
  return rules.normalize ? rules.normalize(fields) : fields;
}

/** The `.proplist` of a print (`=.proplist=`, `.proplist=` or `=proplist=`), as a set of names. */
export function proplistOf(context: CommandContext): ReadonlySet<string> | undefined {
  const list = apiAttribute(context.request, 'proplist') ?? context.request.attributes.get('proplist');
  return list === undefined ? undefined : new Set(list.split(',').filter((name) => name !== ''));
}

/**
 * Resolves a comma list of ids (`*1A`) or names into ids, or the trap to answer with when one
 * names nothing (or the list is missing).
 */
export function resolveItems(table: Table, list: string | undefined): string[] | TrapSpec {
  if (list === undefined) return { message: 'missing value of numbers', category: TrapCategory.argumentValue };
  const ids: string[] = [];
  for (const reference of list.split(',')) {
    if (reference === '') continue;
    const id = reference.startsWith('*') ? table.get(reference)?.['.id'] : table.find('name', reference)[0]?.['.id'];
    if (id === undefined) return { message: NO_SUCH_ITEM };
    ids.push(id);
  }
  return ids;
}

/** The items a command addresses with `numbers` (or `.id`). */
function addressedItems(context: CommandContext, table: Table): string[] | TrapSpec {
  return resolveItems(table, context.request.attributes.get('numbers') ?? apiAttribute(context.request, 'id'));
}

function isTrap(value: unknown): value is TrapSpec {
  return typeof value === 'object' && value !== null && 'message' in value;
}

function fail(context: CommandContext, trap: TrapSpec): void {
  context.reply.fail(trap.message, trap.category);
}

/** Streams the table's later changes until the command is cancelled. */
function streamChanges(
  context: CommandContext,
  table: Table,
  matches: (item: Item) => boolean,
  proplist: ReadonlySet<string> | undefined,
): void {
  const unsubscribe = table.subscribe((change) => {
    if (change.type === 'remove') context.reply.row({ '.id': change.id, '.dead': 'yes' });
    else if (matches(change.item)) context.reply.row(change.item, proplist);
  });
  context.keepRunning(unsubscribe);
}

/**
 * Rows printed per turn of the event loop: a big print yields between slices (and waits while
 * the client is behind), so replies of other commands interleave with it (as on a router) and
 * a `/cancel` can stop it midway.
 */
export const ROWS_PER_SLICE = 1000;

function print(context: CommandContext, table: Table, mode: 'print' | 'listen'): void {
  const { request, reply } = context;
  let matches: (item: Item) => boolean;
  try {
    matches = compileQuery(request.queries).matches;
  } catch (error) {
    if (error instanceof QueryError) return reply.fail(error.message, TrapCategory.argumentValue);
    throw error;
  }
  const proplist = proplistOf(context);
  const follow = mode === 'listen' || request.attributes.has('follow') || request.attributes.has('follow-only');
  const printNow = mode === 'print' && !request.attributes.has('follow-only');
  if (request.attributes.has('count-only') && !follow) {
    let count = 0;
    for (const item of table.values()) if (matches(item)) count++;
    return reply.done({ ret: String(count) });
  }
  if (follow) {
    // Printed in one go, then followed, so that no change falls between the two.
    if (printNow) for (const item of table.values()) if (matches(item)) reply.row(item, proplist);
    return streamChanges(context, table, matches, proplist);
  }
  const items = Array.from(table.values());
  let next = 0;
  let rows = 0;
  let cancelled = false;
  const release = items.length > ROWS_PER_SLICE ? context.keepRunning(() => (cancelled = true)) : undefined;
  const printSlice = () => {
    if (cancelled) return;
    const end = Math.min(items.length, next + ROWS_PER_SLICE);
    for (; next < end; next++) {
      const item = items[next]!;
      if (!matches(item)) continue;
      reply.row(item, proplist);
      rows++;
    }
    if (next < items.length) return context.whenWritable(printSlice);
    release?.();
    reply.finish(rows);
  };
  printSlice();
}

function add(context: CommandContext, table: Table, rules: MenuRules): void {
  let copied: Item = {};
  const copyFrom = context.request.attributes.get('copy-from');
  if (copyFrom !== undefined) {
    const ids = resolveItems(table, copyFrom);
    if (isTrap(ids)) return fail(context, ids);
    const { '.id': _id, ...source } = table.get(ids[0]!) ?? {};
    copied = source;
  }
  const fields = storedFields(context, rules);
  if (isTrap(fields)) return fail(context, fields);
  const candidate: Item = { ...(rules.defaults?.() ?? {}), ...copied, ...fields };
  const trap = rules.check?.(candidate, table, context.state);
  if (trap) return fail(context, trap);
  const item = table.insert(candidate);
  context.reply.done({ ret: item['.id']! });
}

/** Changes the addressed items; a field of `undefined` unsets that property. All or nothing. */
function update(context: CommandContext, table: Table, rules: MenuRules, fields: Record<string, string | undefined>): void {
  const ids = addressedItems(context, table);
  if (isTrap(ids)) return fail(context, ids);
  for (const id of ids) {
    const trap = rules.check?.(withFields(table.get(id)!, fields), table, context.state, id);
    if (trap) return fail(context, trap);
  }
  for (const id of ids) table.update(id, fields);
  context.reply.done();
}

function remove(context: CommandContext, table: Table, rules: MenuRules): void {
  const ids = addressedItems(context, table);
  if (isTrap(ids)) return fail(context, ids);
  for (const id of ids) {
    const trap = rules.checkRemove?.(table.get(id)!);
    if (trap) return fail(context, trap);
  }
  for (const id of ids) table.delete(id);
  context.reply.done();
}

function get(context: CommandContext, table: Table): void {
  const { attributes } = context.request;
  const reference = attributes.get('number');
  const valueName = attributes.get('value-name');
  if (reference === undefined || valueName === undefined) {
    return context.reply.fail('missing value of number or value-name', TrapCategory.argumentValue);
  }
  const ids = resolveItems(table, reference);
  if (isTrap(ids)) return fail(context, ids);
  const value = ids.length === 1 ? table.get(ids[0]!)![valueName] : undefined;
  context.reply.done(value === undefined ? {} : { ret: value });
}

/** The generic commands of a table menu, by verb. */
export function tableCommand(verb: string, table: Table, rules: MenuRules): CommandHandler | undefined {
  const specific = rules.commands?.[verb];
  if (specific) return specific;
  switch (verb) {
    case 'print':
    case 'getall':
      return (context) => print(context, table, 'print');
    case 'listen':
      return (context) => print(context, table, 'listen');
    case 'add':
      return (context) => add(context, table, rules);
    case 'set':
      return (context) => {
        const fields = storedFields(context, rules);
        if (isTrap(fields)) return fail(context, fields);
        update(context, table, rules, fields);
      };
    case 'comment':
      return (context) => update(context, table, rules, { comment: context.request.attributes.get('comment') ?? '' });
    case 'enable':
      return (context) => update(context, table, rules, { disabled: 'false' });
    case 'disable':
      return (context) => update(context, table, rules, { disabled: 'true' });
    case 'remove':
      return (context) => remove(context, table, rules);
    case 'unset':
      return (context) => update(context, table, rules, { [context.request.attributes.get('value-name') ?? '']: undefined });
    case 'get':
      return (context) => get(context, table);
    default:
      return undefined;
  }
}
