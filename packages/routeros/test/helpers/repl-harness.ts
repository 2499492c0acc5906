/**
 * Runs the REPL from source (`node --import tsx src/repl/main.ts`) as a child process, the way
 * a user or a script would: lines in on stdin, output read from stdout.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const PACKAGE_DIR = fileURLToPath(new URL('../..', import.meta.url));
export const REPL_ENTRY = fileURLToPath(new URL('../../src/repl/main.ts', import.meta.url));

/** The node command line that runs the REPL from source. */
export const REPL_COMMAND = [process.execPath, '--import', 'tsx', REPL_ENTRY] as const;

/** A running REPL: feed it lines, wait for output, collect its exit code. */
export class ReplProcess {
  stdout = '';
  stderr = '';
  readonly exitCode: Promise<number | null>;
  private readonly listeners = new Set<() => void>();

  constructor(readonly child: ChildProcess) {
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      this.stdout += chunk;
      for (const listener of this.listeners) listener();
    });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr += chunk;
      for (const listener of this.listeners) listener();
    });
    this.exitCode = new Promise((resolve) => child.on('close', (code) => resolve(code)));
  }

  send(...lines: string[]): void {
    this.child.stdin!.write(lines.map((line) => `${line}\n`).join(''));
  }

  /** Ends the input, as the end of a piped script does. */
  end(): Promise<number | null> {
    this.child.stdin!.end();
    return this.exitCode;
  }

  /** Resolves with the first match of `pattern` in stdout after `from` (an offset into stdout). */
  waitFor(pattern: RegExp, from = 0, timeoutMs = 10_000): Promise<RegExpMatchArray> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const match = this.stdout.slice(from).match(pattern);
        if (!match) return false;
        done();
        resolve(match);
        return true;
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out waiting for ${pattern}; stdout:\n${this.stdout}\nstderr:\n${this.stderr}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.listeners.delete(listener);
      };
      const listener = () => void check();
      this.listeners.add(listener);
      check();
    });
  }
}

/** Starts the REPL against `port` with the given extra arguments and environment. */
export function startRepl(port: number, options: { args?: string[]; env?: NodeJS.ProcessEnv } = {}): ReplProcess {
  const [node, ...nodeArgs] = REPL_COMMAND;
  const child = spawn(node, [...nodeArgs, '--host', '127.0.0.1', '--port', String(port), ...(options.args ?? [])], {
    cwd: PACKAGE_DIR,
    env: { ...process.env, ROUTEROS_PASSWORD: 'secret', ROUTEROS_REPL_HISTORY: '', ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  return new ReplProcess(child);
}

/** Runs a whole script through the REPL and returns its output and exit code. */
export async function runScript(
  port: number,
  lines: readonly string[],
  options: { args?: string[]; env?: NodeJS.ProcessEnv } = {},
): Promise<{ stdout: string; stderr: string; code: number | null }> {
  const repl = startRepl(port, options);
  repl.send(...lines);
  const code = await repl.end();
  return { stdout: repl.stdout, stderr: repl.stderr, code };
}

/** Polls until `condition` holds (the mock's counters move as commands arrive); `failure` words the timeout. */
export async function until(
  condition: () => boolean,
  failure: () => string = () => 'condition not met in time',
  timeoutMs = 5000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(failure());
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
