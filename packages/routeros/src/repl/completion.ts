/**
 * Tab completion of command paths and argument names, from the router's own answers to
 * `/console/inspect =request=child =path=a,b,c` (rows `type=child name=… node-type=dir|cmd|arg`).
 * Each path is asked about once per session; the answer (or its failure) is cached.
 */
import { tokenize } from './line-parser.js';

/** One child of a node in the router's command tree. */
export interface TreeChild {
  name: string;
  /** `dir` (a menu), `path`, `cmd` (a command) or `arg` (an argument of a command). */
  nodeType: string;
}

/** Asks the router for the children of a node, given as path segments (`['ip', 'hotspot']`). */
export type InspectChildren = (segments: readonly string[]) => Promise<TreeChild[]>;

/** What to insert: the candidates, and the text at the end of the line that they replace. */
export interface Completion {
  candidates: string[];
  replaces: string;
}

const NO_COMPLETION: Completion = Object.freeze({ candidates: [], replaces: '' });

const MENU_NODE_TYPES = new Set(['dir', 'path']);

/** The `/console/inspect` words that ask for the children of a node. */
export function inspectWords(segments: readonly string[]): string[] {
  return ['=request=child', `=path=${segments.join(',')}`];
}

/** Reads `/console/inspect` rows into children, skipping the `self` row. */
export function childrenFromInspectRows(rows: readonly Record<string, string>[]): TreeChild[] {
  return rows.filter((row) => row.type === 'child' && row.name).map((row) => ({ name: row.name!, nodeType: row['node-type'] ?? '' }));
}

/** The values a directive's first argument can take right now (`.format` → table, json), by directive. */
export type DirectiveArguments = (directive: string) => readonly string[];

/** Completes REPL lines; `directives` are the dot-commands (with their dots). */
export class Completer {
  private readonly cache = new Map<string, Promise<TreeChild[]>>();

  constructor(
    private readonly inspect: InspectChildren,
    private readonly directives: readonly string[],
    private readonly directiveArguments: DirectiveArguments,
  ) {}

  /** Completion for the end of `line` (readline completes at the cursor; the REPL passes the line up to it). */
  async complete(line: string): Promise<Completion> {
    const tokens = tokenize(line, { partial: true });
    const typingNewWord = line === '' || /\s$/.test(line);
    const current = typingNewWord ? '' : (tokens[tokens.length - 1]?.text ?? '');
    const position = typingNewWord ? tokens.length : tokens.length - 1;
    const currentQuoted = !typingNewWord && (tokens[tokens.length - 1]?.quoted ?? false);
    if (currentQuoted) return NO_COMPLETION;
    const first = tokens[0]?.text ?? '';

    if (position === 0) {
      if (current.startsWith('.'))
        return matching(
          this.directives.map((name) => `${name} `),
          current,
        );
      return this.completePath(current, false);
    }
    if (first === '.listen' && position === 1) return this.completePath(current, true);
    if (first.startsWith('.') && position === 1) return matching(this.directiveArguments(first), current);
    if (first.startsWith('/')) return this.completeArgument(first, current);
    return NO_COMPLETION;
  }

  /** Completes `/ip/hot` → `hotspot/`; with `menusOnly`, commands are left out (for `.listen`). */
  private async completePath(typed: string, menusOnly: boolean): Promise<Completion> {
    if (typed === '') return { candidates: ['/'], replaces: '' };
    if (!typed.startsWith('/')) return NO_COMPLETION;
    const segments = typed.slice(1).split('/');
    const partial = segments.pop()!;
    const children = await this.children(segments);
    const names = children
      .filter((child) => child.nodeType !== 'arg' && (!menusOnly || MENU_NODE_TYPES.has(child.nodeType)))
      .map((child) => (MENU_NODE_TYPES.has(child.nodeType) ? `${child.name}/` : `${child.name} `));
    return matching(names, partial);
  }

  /** Completes an argument name of command `path`: `na` → `name=`, `=na` → `=name=`. */
  private async completeArgument(path: string, typed: string): Promise<Completion> {
    if (typed.startsWith('?')) return NO_COMPLETION;
    const leadingEquals = typed.startsWith('=') ? '=' : '';
    const name = typed.slice(leadingEquals.length);
    if (name.includes('=')) return NO_COMPLETION;
    const segments = path.slice(1).split('/').filter(Boolean);
    const args = (await this.children(segments)).filter((child) => child.nodeType === 'arg');
    return matching(
      args.map((arg) => `${leadingEquals}${arg.name}=`),
      typed,
    );
  }

  /** The children of a node, asked once per session; a failed question answers nothing. */
  private children(segments: readonly string[]): Promise<TreeChild[]> {
    const key = segments.join(',');
    let answer = this.cache.get(key);
    if (!answer) {
      answer = this.inspect(segments).catch(() => []);
      this.cache.set(key, answer);
    }
    return answer;
  }
}

/** The candidates that extend what was typed; readline replaces the typed text with one. */
function matching(candidates: readonly string[], typed: string): Completion {
  return { candidates: candidates.filter((candidate) => candidate.startsWith(typed)).sort(), replaces: typed };
}
