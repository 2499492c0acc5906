/**
 * Turns one REPL line into what it asks for: an API command (path + raw words), a REPL
 * directive (`.help`, `.trace on`, …), or nothing (blank line, `# comment`).
 */

/** A line that could not be parsed; `column` is 1-based, where the problem was found. */
export class LineSyntaxError extends Error {
  override name = 'LineSyntaxError';
  constructor(
    message: string,
    readonly column: number,
  ) {
    super(`${message} (column ${column})`);
  }
}

/** An API command: `path` is the command word, `words` the raw words after it, as sent. */
export interface CommandLine {
  kind: 'command';
  path: string;
  words: string[];
  /** The line ended in an unquoted `&`: run it as a background job. */
  background: boolean;
}

/** A REPL directive such as `.trace on`: `name` without its dot, `args` already unquoted. */
export interface DirectiveLine {
  kind: 'directive';
  name: string;
  args: Token[];
  /** The text after the directive's name, as typed (`.complete` needs its trailing space). */
  rest: string;
  background: boolean;
}

/** A blank line or a comment. */
export interface EmptyLine {
  kind: 'empty';
}

export type ParsedLine = CommandLine | DirectiveLine | EmptyLine;

/** One token of a line, with the column where it began (for messages and completion). */
export interface Token {
  text: string;
  column: number;
  /** Any part of the token was quoted, so it is taken literally (`"&"` is not a background marker). */
  quoted: boolean;
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', "'": "'", ' ': ' ' };

/**
 * Splits a line into tokens on unquoted whitespace. Double quotes allow `\"`, `\\`, `\n`, `\t`,
 * `\r`; single quotes are literal; outside quotes a backslash escapes the next character.
 * With `partial`, an unterminated quote is accepted (completion works on half-typed lines).
 */
export function tokenize(line: string, options: { partial?: boolean } = {}): Token[] {
  const tokens: Token[] = [];
  let current: Token | undefined;
  let quote: '"' | "'" | undefined;
  let quoteColumn = 0;
  for (let index = 0; index < line.length; index++) {
    const char = line[index]!;
    if (!quote && /\s/.test(char)) {
      if (current) tokens.push(current);
      current = undefined;
      continue;
    }
    current ??= { text: '', column: index + 1, quoted: false };
    if (quote) {
      if (char === quote) quote = undefined;
      else if (char === '\\' && quote === '"' && index + 1 < line.length) current.text += unescapeChar(line[++index]!);
      else current.text += char;
    } else if (char === '"' || char === "'") {
      quote = char;
      quoteColumn = index + 1;
      current.quoted = true;
    } else if (char === '\\' && index + 1 < line.length) {
      current.text += unescapeChar(line[++index]!);
      current.quoted = true;
    } else {
      current.text += char;
    }
  }
  if (quote && !options.partial) throw new LineSyntaxError(`unterminated ${quote} quote`, quoteColumn);
  if (current) tokens.push(current);
  return tokens;
}

function unescapeChar(char: string): string {
  return ESCAPES[char] ?? `\\${char}`;
}

/**
 * Turns a word as typed into the word sent: `?…`, `=…` and `.proplist=…`-style API words stay
 * as they are, `name=value` becomes `=name=value`, and a bare `name` becomes `=name=` (as the
 * console's `print follow` means `=follow=`).
 */
function toApiWord(typed: string): string {
  if (typed.startsWith('?') || typed.startsWith('=')) return typed;
  const equals = typed.indexOf('=');
  return equals === -1 ? `=${typed}=` : `=${typed}`;
}

/** Parses one line. Throws {@link LineSyntaxError} for a line that cannot be sent as typed. */
export function parseLine(line: string): ParsedLine {
  const trimmed = line.trim();
  if (trimmed === '' || trimmed.startsWith('#')) return { kind: 'empty' };
  const tokens = tokenize(line);
  const last = tokens[tokens.length - 1]!;
  let background = false;
  if (!last.quoted && last.text.endsWith('&')) {
    background = true;
    last.text = last.text.slice(0, -1);
    if (last.text === '') tokens.pop();
  }
  const [head, ...rest] = tokens;
  if (!head) throw new LineSyntaxError('a lone "&" runs nothing', 1);
  if (head.text.startsWith('.') && !head.quoted) {
    const typedRest = line.replace(/^\s*\S+\s?/, '');
    return { kind: 'directive', name: head.text.slice(1), args: rest, rest: typedRest, background };
  }
  if (!head.text.startsWith('/')) {
    throw new LineSyntaxError(
      `"${head.text}" is not a command path: commands start with "/" (like /system/resource/print); .help lists the REPL's own commands`,
      head.column,
    );
  }
  return { kind: 'command', path: head.text, words: toApiWords(rest), background };
}

/** Converts typed words to API words, refusing the ones the client owns. */
export function toApiWords(tokens: readonly Token[]): string[] {
  return tokens.map((token) => {
    if (token.text === '') throw new LineSyntaxError('empty word', token.column);
    if (token.text.startsWith('.tag=')) {
      throw new LineSyntaxError('.tag is set by the client on every command; leave it out', token.column);
    }
    return toApiWord(token.text);
  });
}
