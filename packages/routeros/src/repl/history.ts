/**
 * Line history kept across sessions in a file in the user's home (`~/.routeros_repl_history`,
 * or the path in `ROUTEROS_REPL_HISTORY`; an empty value turns it off). Values of
 * `password=`/`response=` words are masked before a line is written: the file is not a
 * place for secrets, though the in-memory history of the session keeps the line as typed.
 */
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { MASK } from '../secret-mask.js';

/** Lines kept in the file; older ones are dropped when the history is loaded. */
export const HISTORY_SIZE = 1000;

/** The history file to use, or `undefined` when history is turned off. */
export function historyPath(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const configured = env.ROUTEROS_REPL_HISTORY;
  if (configured !== undefined) return configured.trim() === '' ? undefined : configured;
  return join(homedir(), '.routeros_repl_history');
}

/** Masks the value of every `password=`/`response=` word (any of the typed forms) in a line. */
export function maskSecrets(line: string): string {
  return line.replace(
    /(^|\s)(=?(?:password|response)=)("(?:[^"\\]|\\.)*"|'[^']*'|\S*)/g,
    (_match, space: string, name: string) => `${space}${name}${MASK}`,
  );
}

/** Persistent history: loads the file once, appends each line as it is entered. */
export class HistoryFile {
  constructor(private readonly path: string) {}

  /** The saved lines, newest first (the order readline's `history` option expects). */
  async load(): Promise<string[]> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const lines = text.split('\n').filter((line) => line.trim() !== '');
    if (lines.length > HISTORY_SIZE) {
      lines.splice(0, lines.length - HISTORY_SIZE);
      await writeFile(this.path, `${lines.join('\n')}\n`, { mode: 0o600 });
    }
    return lines.reverse();
  }

  /** Appends one line (masked); the file is created readable by its owner only. */
  async append(line: string): Promise<void> {
    await appendFile(this.path, `${maskSecrets(line.trim()).replace(/\n/g, ' ')}\n`, { mode: 0o600 });
  }
}
