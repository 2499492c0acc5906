/**
 * A command whose whole reply is collected into one {@link ExecResult}, with an optional
 * deadline and abort signal that cancel it on the router without touching the connection.
 */
import { Command, type CommandHost } from './command.js';
import { AbortError, TimeoutError } from './errors.js';
import { onAbort, startDeadline } from './abort.js';
import type { ExecResult, StreamResult } from './types.js';

export class ExecCommand extends Command {
  /** Settles with the command's outcome. */
  readonly promise: Promise<ExecResult>;
  private resolve!: (result: ExecResult) => void;
  private reject!: (error: Error) => void;
  private settled = false;
  private readonly rows: Record<string, string>[] = [];
  private timer: NodeJS.Timeout | undefined;
  private stopListening: (() => void) | undefined;

  constructor(tag: string, path: string, host: CommandHost, timeoutMs: number, signal: AbortSignal | undefined) {
    super(tag, path, host);
    this.promise = new Promise<ExecResult>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    this.timer = startDeadline(timeoutMs, () => {
      this.abandon(new TimeoutError(`${path} did not finish within ${timeoutMs} ms`, timeoutMs));
    });
    if (signal) {
      this.stopListening = onAbort(signal, () => {
        this.abandon(new AbortError(`${path} was aborted`, { cause: signal.reason }));
      });
    }
  }

  protected onRow(row: Record<string, string>): void {
    if (!this.settled) this.rows.push(row);
  }

  protected onDone(result: StreamResult): void {
    if (this.settle()) this.resolve({ rows: this.rows, done: result.done, empty: result.empty });
  }

  fail(error: Error): void {
    if (this.settle()) this.reject(error);
  }

  /** Rejects now and cancels the command on the router; the connection keeps its tag until `!done`. */
  private abandon(error: Error): void {
    if (!this.settle()) return;
    this.rows.length = 0;
    this.reject(error);
    this.requestCancel();
  }

  /** Marks the command settled and releases its timer and listener; `false` when it already was. */
  private settle(): boolean {
    if (this.settled) return false;
    this.settled = true;
    clearTimeout(this.timer);
    this.stopListening?.();
    return true;
  }
}
