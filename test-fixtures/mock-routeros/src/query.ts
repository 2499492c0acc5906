/**
 * `print` query words, evaluated the way RouterOS does: each word pushes a boolean on a stack,
 * `?#` runs stack operations, and an item matches when every value left on the stack is true.
 *
 * - `?name` has a value; `?-name` has none; `?name=x` and `?=name=x` equal; `?<name=x`, `?>name=x`
 *   compare (as numbers when both sides are numbers, else as text).
 * - `?#ops`, left to right: `!` negates the top, `&` / `|` pop two and push and / or, a run of digits
 *   N pushes a copy of the value N places below the top (0 = the top), `.` pushes a copy of the
 *   top (after digits it only ends the number).
 */
import type { Item } from './state.js';

/** A query word that cannot be evaluated (bad syntax, or an operation on too short a stack). */
export class QueryError extends Error {
  override name = 'QueryError';
  constructor(
    readonly word: string,
    reason: string,
  ) {
    super(`invalid query word ${JSON.stringify(word)}: ${reason}`);
  }
}

type Step = (item: Item, stack: boolean[]) => void;

/** A compiled query: `matches(item)` tells whether `print` returns the item. */
export interface Query {
  matches(item: Item): boolean;
}

const NUMBER = /^-?\d+(\.\d+)?$/;

function compare(actual: string, expected: string): number {
  if (NUMBER.test(actual) && NUMBER.test(expected)) return Number(actual) - Number(expected);
  return actual < expected ? -1 : actual > expected ? 1 : 0;
}

function pop(stack: boolean[], word: string): boolean {
  const value = stack.pop();
  if (value === undefined) throw new QueryError(word, 'the stack is empty');
  return value;
}

function compileOperations(word: string, ops: string): Step[] {
  const steps: Step[] = [];
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i]!;
    if (op >= '0' && op <= '9') {
      let end = i;
      while (end < ops.length && ops[end]! >= '0' && ops[end]! <= '9') end++;
      const depth = Number(ops.slice(i, end));
      steps.push((_item, stack) => {
        const value = stack[stack.length - 1 - depth];
        if (value === undefined) throw new QueryError(word, `no stack entry ${depth} below the top`);
        stack.push(value);
      });
      // A '.' right after the digits only terminates the number.
      i = ops[end] === '.' ? end : end - 1;
      continue;
    }
    switch (op) {
      case '!':
        steps.push((_item, stack) => stack.push(!pop(stack, word)));
        break;
      case '&':
        steps.push((_item, stack) => {
          const b = pop(stack, word);
          const a = pop(stack, word);
          stack.push(a && b);
        });
        break;
      case '|':
        steps.push((_item, stack) => {
          const b = pop(stack, word);
          const a = pop(stack, word);
          stack.push(a || b);
        });
        break;
      case '.':
        steps.push((_item, stack) => {
          const top = pop(stack, word);
          stack.push(top, top);
        });
        break;
      default:
        throw new QueryError(word, `unknown operation ${JSON.stringify(op)}`);
    }
  }
  return steps;
}

function compileWord(word: string): Step[] {
  // `word` is the query word without its leading '?'.
  if (word.startsWith('#')) return compileOperations(`?${word}`, word.slice(1));
  let body = word;
  let kind: '=' | '<' | '>' | '-' | 'has' = 'has';
  if (body.startsWith('=')) [kind, body] = ['=', body.slice(1)];
  else if (body.startsWith('<')) [kind, body] = ['<', body.slice(1)];
  else if (body.startsWith('>')) [kind, body] = ['>', body.slice(1)];
  else if (body.startsWith('-')) [kind, body] = ['-', body.slice(1)];
  const equals = body.indexOf('=');
  const name = equals === -1 ? body : body.slice(0, equals);
  const value = equals === -1 ? undefined : body.slice(equals + 1);
  if (name === '') throw new QueryError(`?${word}`, 'no property name');
  if (kind === 'has' && value !== undefined) kind = '=';
  if ((kind === '<' || kind === '>' || kind === '=') && value === undefined) {
    throw new QueryError(`?${word}`, 'a comparison needs a value');
  }
  const expected = value ?? '';
  const test: (item: Item) => boolean =
    kind === 'has'
      ? (item) => item[name] !== undefined
      : kind === '-'
        ? (item) => item[name] === undefined
        : kind === '='
          ? (item) => (item[name] ?? '') === expected
          : kind === '<'
            ? (item) => item[name] !== undefined && compare(item[name]!, expected) < 0
            : (item) => item[name] !== undefined && compare(item[name]!, expected) > 0;
  return [(item, stack) => stack.push(test(item))];
}

/** Compiles the query words of a request (each without its leading `?`); throws QueryError. */
export function compileQuery(words: readonly string[]): Query {
  const steps = words.flatMap(compileWord);
  // The stack depth does not depend on the item, so one dry run finds every stack error up front.
  const evaluate = (item: Item): boolean => {
    const stack: boolean[] = [];
    for (const step of steps) step(item, stack);
    return stack.every(Boolean);
  };
  evaluate({});
  return { matches: evaluate };
}
