/**
 * Feeds lines to a session: from a terminal (prompt, Tab completion, history, Ctrl-C) or
 * from a pipe (lines in order, no prompt). Ctrl-C first cancels the foreground command; only
 * with nothing to cancel does it leave the REPL.
 */
import * as readline from 'node:readline';
import { HISTORY_SIZE, type HistoryFile } from './history.js';
import type { ReplSession } from './session.js';

/** Why the loop ended. */
export type LoopEnd = 'input-ended' | 'exit' | 'interrupted' | 'connection-lost';

export interface InputLoopOptions {
  input: NodeJS.ReadableStream & { isTTY?: boolean };
  output: NodeJS.WritableStream;
  /** A person at a terminal: prompt, completion, history, Ctrl-C twice to leave. */
  interactive: boolean;
  prompt: string;
  history: HistoryFile | undefined;
}

const EXIT_HINT = '(To exit, press Ctrl+C again or Ctrl+D or type .exit)';

/** Reads lines and runs them; `print` writes output without trampling the prompt. */
export class InputLoop {
  private rl: readline.Interface | undefined;
  private waitingForInput = false;

  constructor(private readonly options: InputLoopOptions) {}

  /** Writes one line of output; at an idle prompt it redraws the prompt and the half-typed line below. */
  readonly print = (line: string): void => {
    const { output } = this.options;
    if (this.rl && this.waitingForInput && this.options.interactive) {
      readline.clearLine(output, 0);
      readline.cursorTo(output, 0);
      output.write(`${line}\n`);
      this.rl.prompt(true);
    } else {
      output.write(`${line}\n`);
    }
  };

  /** Runs lines until the input ends, `.exit`, Ctrl-C at rest, or the connection is lost. */
  async run(session: ReplSession, connectionClosed: Promise<unknown>): Promise<LoopEnd> {
    const { input, output, interactive, history } = this.options;
    const savedHistory = interactive && history ? await history.load().catch(() => []) : [];
    const rl = readline.createInterface({
      input,
      output: interactive ? output : undefined,
      terminal: interactive,
      prompt: this.options.prompt,
      history: savedHistory,
      historySize: HISTORY_SIZE,
      removeHistoryDuplicates: true,
      ...(interactive
        ? {
            completer: (line: string, callback: (error: Error | null, result?: [string[], string]) => void) => {
              session.completer.complete(line).then(
                (completion) => callback(null, [completion.candidates, completion.replaces]),
                (error: Error) => callback(error),
              );
            },
          }
        : {}),
    });
    this.rl = rl;
    let end: LoopEnd | undefined;
    let draining = false;
    let exitArmed = false;
    const stop = (reason: LoopEnd) => {
      end ??= reason;
      rl.close();
    };
    void connectionClosed.then(() => stop('connection-lost'));

    const onInterrupt = () => {
      if (session.interrupt()) return;
      if (draining) {
        void session.jobs.cancelAll();
        return;
      }
      if (!interactive || exitArmed) return stop(interactive ? 'exit' : 'interrupted');
      exitArmed = true;
      rl.write(null, { ctrl: true, name: 'e' });
      rl.write(null, { ctrl: true, name: 'u' });
      this.print(EXIT_HINT);
    };
    rl.on('SIGINT', onInterrupt);
    process.on('SIGINT', onInterrupt);
    let historyBroken = false;
    const prompt = () => {
      if (!interactive) return;
      this.waitingForInput = true;
      rl.prompt();
    };
    try {
      prompt();
      for await (const line of rl) {
        this.waitingForInput = false;
        exitArmed = false;
        if (interactive && history && line.trim() !== '' && !historyBroken) {
          history.append(line).catch((error: Error) => {
            historyBroken = true;
            this.print(`warning: history not saved: ${error.message}`);
          });
        }
        if ((await session.run(line)) === 'exit') {
          stop('exit');
          break;
        }
        if (end) break;
        prompt();
      }
      this.waitingForInput = false;
      if (end === undefined) {
        draining = true;
        // A script's last background jobs still owe their output; a person who pressed Ctrl-D is leaving.
        if (interactive) await session.jobs.cancelAll();
        else await session.jobs.allFinished();
      }
    } finally {
      process.off('SIGINT', onInterrupt);
      rl.close();
      this.rl = undefined;
    }
    return end ?? 'input-ended';
  }
}
