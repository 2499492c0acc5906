/**
 * A command whose rows are handed to a consumer as they arrive (`listen`, `print =follow=`).
 * When the consumer lags, the stream asks its connection to stop reading the socket, so TCP
 * flow control slows the router down instead of rows piling up in memory.
 */
import { Command, type CommandHost } from './command.js';
import { AbortError } from './errors.js';
import { onAbort } from './abort.js';
import type { RouterOSStream, StreamResult } from './types.js';

/** Queued rows at which the socket is paused, and at which it is resumed again. */
const HIGH_WATER_MARK = 1024;
const LOW_WATER_MARK = 256;

type Waiter = { resolve(result: IteratorResult<Record<string, string>>): void; reject(error: Error): void };

export class StreamCommand extends Command implements RouterOSStream {
  readonly done: Promise<StreamResult>;
  private resolveDone!: (result: StreamResult) => void;
  private rejectDone!: (error: Error) => void;
  /** Rows not yet taken by the consumer; `head` avoids shifting the array on every row. */
  private queue: Record<string, string>[] = [];
  private head = 0;
  private readonly waiters: Waiter[] = [];
  private ended = false;
  /** The error the consumer has still to see; cleared once thrown from `next()`. */
  private failure: Error | undefined;
  private paused = false;
  private readonly stopListening: (() => void) | undefined;

  constructor(tag: string, path: string, host: CommandHost, signal: AbortSignal | undefined) {
    super(tag, path, host);
    this.done = new Promise<StreamResult>((resolve, reject) => {
      this.resolveDone = resolve;
      this.rejectDone = reject;
    });
    // A caller that only iterates must not get an unhandled rejection from `done`.
    this.done.catch(() => undefined);
    if (signal) {
      this.stopListening = onAbort(signal, () => {
        if (this.ended) return;
        this.discardQueue();
        this.fail(new AbortError(`${path} was aborted`, { cause: signal.reason }));
        this.requestCancel();
      });
    }
  }

  cancel(): Promise<void> {
    if (!this.ended) {
      this.discardQueue();
      this.requestCancel();
    }
    return this.done.then(
      () => undefined,
      () => undefined,
    );
  }

  [Symbol.asyncIterator](): AsyncIterator<Record<string, string>> {
    return {
      next: () => this.next(),
      return: async () => {
        await this.cancel();
        return { done: true, value: undefined };
      },
    };
  }

  private next(): Promise<IteratorResult<Record<string, string>>> {
    if (this.head < this.queue.length) {
      const row = this.queue[this.head]!;
      this.queue[this.head++] = undefined as never;
      if (this.head === this.queue.length) {
        this.queue = [];
        this.head = 0;
      }
      if (this.paused && this.queue.length - this.head <= LOW_WATER_MARK) this.setPaused(false);
      return Promise.resolve({ done: false, value: row });
    }
    if (this.failure) {
      const failure = this.failure;
      this.failure = undefined;
      return Promise.reject(failure);
    }
    if (this.ended) return Promise.resolve({ done: true, value: undefined });
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  protected onRow(row: Record<string, string>): void {
    if (this.ended || this.cancelSent) return;
    const waiter = this.waiters.shift();
    if (waiter) {
      waiter.resolve({ done: false, value: row });
      return;
    }
    this.queue.push(row);
    if (!this.paused && this.queue.length - this.head >= HIGH_WATER_MARK) this.setPaused(true);
  }

  protected onDone(result: StreamResult): void {
    if (this.end()) {
      this.resolveDone(result);
      for (const waiter of this.waiters.splice(0)) waiter.resolve({ done: true, value: undefined });
    }
  }

  fail(error: Error): void {
    if (!this.end()) return;
    this.rejectDone(error);
    const waiters = this.waiters.splice(0);
    if (waiters.length === 0) this.failure = error;
    for (const waiter of waiters) waiter.reject(error);
  }

  /** Marks the stream ended; `false` when it already was. Rows still queued stay readable. */
  private end(): boolean {
    if (this.ended) return false;
    this.ended = true;
    this.stopListening?.();
    this.setPaused(false);
    return true;
  }

  private discardQueue(): void {
    this.queue = [];
    this.head = 0;
    this.setPaused(false);
  }

  private setPaused(paused: boolean): void {
    if (this.paused === paused) return;
    this.paused = paused;
    if (paused) this.host.pauseReading(this);
    else this.host.resumeReading(this);
  }
}
