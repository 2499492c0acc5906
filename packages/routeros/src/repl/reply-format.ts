/**
 * How replies are shown: an aligned table (`.format table`, the default) or one JSON document
 * per line (`.format json`, for scripts). `!trap` (with its category), `!fatal`, `!empty` and the
 * `!done` attributes are shown as they came, never hidden behind a generic error.
 */
import { FatalError, TrapError } from '../errors.js';
import { renderPairs, renderTable } from './table.js';

/** The output formats `.format` accepts. */
export const OUTPUT_FORMATS = ['table', 'json'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** Meaning of each `!trap` category number, from the API documentation. */
const TRAP_CATEGORIES = [
  'missing item or command',
  'argument value failure',
  'command interrupted',
  'scripting failure',
  'general failure',
  'API failure',
  'TTY failure',
  'value from :return',
];

/** Which command a piece of output belongs to. Background output is marked with its tag. */
export interface ReplyContext {
  tag: string;
  background: boolean;
}

/** A finished command. `rows` is left out when they were already shown one by one (streams). */
export interface FinishedReply {
  rows?: readonly Record<string, string>[];
  done: Record<string, string>;
  empty: boolean;
  cancelled: boolean;
}

/** Formats replies in the current format; `format` is switched by `.format`. */
export class ReplyFormatter {
  format: OutputFormat = 'table';

  /** Lines for a command that ended with `!done`. */
  finished(context: ReplyContext, reply: FinishedReply): string[] {
    if (this.format === 'json') {
      return [
        JSON.stringify({
          tag: context.tag,
          ...(reply.rows ? { rows: reply.rows } : {}),
          done: reply.done,
          empty: reply.empty,
          ...(reply.cancelled ? { cancelled: true } : {}),
        }),
      ];
    }
    const lines = reply.rows && reply.rows.length > 0 ? renderTable(reply.rows) : [];
    if (reply.empty) lines.push('!empty');
    const attributes = renderPairs(reply.done);
    lines.push(['!done', attributes, reply.cancelled ? '(cancelled)' : ''].filter(Boolean).join(' '));
    return this.mark(context, lines);
  }

  /** The line for one row of a streamed command (listen, follow, background jobs). */
  row(context: ReplyContext, row: Record<string, string>): string {
    if (this.format === 'json') return JSON.stringify({ tag: context.tag, row });
    return this.mark(context, [`!re ${renderPairs(row)}`])[0]!;
  }

  /** Lines for a command that failed: its traps, a `!fatal`, or a client-side error. */
  failed(context: ReplyContext, error: unknown): string[] {
    if (this.format === 'json') return [JSON.stringify({ tag: context.tag, ...failureJson(error) })];
    if (error instanceof TrapError)
      return this.mark(
        context,
        error.traps.map((trap) => formatTrap(trap)),
      );
    if (error instanceof FatalError) return this.mark(context, [`!fatal ${error.reason}`]);
    return this.mark(context, [`error: ${describeError(error)}`]);
  }

  /** The line saying a background command has started, with the tag `.cancel` takes. */
  started(context: ReplyContext, line: string): string {
    if (this.format === 'json') return JSON.stringify({ tag: context.tag, background: true, command: line });
    return `[${context.tag}] running in the background: ${line}`;
  }

  /** The line for something that never became a command: a bad line, an unusable connection. */
  rejected(error: Error, withName: boolean): string {
    if (this.format === 'json') return JSON.stringify({ error: error.name, message: describeError(error, false) });
    return `error: ${describeError(error, withName)}`;
  }

  /** Prefixes background output with its tag so interleaved jobs stay readable. */
  private mark(context: ReplyContext, lines: string[]): string[] {
    return context.background ? lines.map((line) => `[${context.tag}] ${line}`) : lines;
  }
}

function formatTrap(trap: TrapError['traps'][number]): string {
  const { message: _message, category: _category, ...others } = trap.attributes;
  const category = trap.category === undefined ? '' : ` category=${trap.category} (${TRAP_CATEGORIES[trap.category] ?? 'unknown'})`;
  const extra = Object.keys(others).length > 0 ? ` ${renderPairs(others)}` : '';
  return `!trap${category}: ${trap.message}${extra}`;
}

function failureJson(error: unknown): Record<string, unknown> {
  if (error instanceof TrapError) return { traps: error.traps.map((trap) => trap.attributes) };
  if (error instanceof FatalError) return { fatal: error.reason };
  return { error: error instanceof Error ? error.name : 'Error', message: describeError(error, false) };
}

/** `Name: message` of an error (or just the message), including its cause when it has one. */
export function describeError(error: unknown, withName = true): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error && !error.message.includes(error.cause.message) ? ` (cause: ${error.cause.message})` : '';
  return `${withName ? `${error.name}: ` : ''}${error.message}${cause}`;
}
