/**
 * Writes reply bytes to one socket. Without output faults, sentences queued during one tick go
 * out together in writes of about 64 KiB (a big print is a few hundred writes, not one per word).
 * With chunk, delay or byte-budget faults, sentences go out one at a time through a pump.
 */
import type { Socket } from 'node:net';
import type { FaultSwitchboard } from './faults.js';

const BATCH_BYTES = 64 * 1024;
/** Unsent socket bytes below which a big reply produces more. */
const WRITABLE_LOW_WATER = 512 * 1024;

export class ReplyOutput {
  /** Queued sentences, each as one or more pieces. */
  private queue: Buffer[][] = [];
  private head = 0;
  private flushScheduled = false;
  private pumping = false;
  /** Bytes written since the fault set last changed (for `dropAfterBytes`). */
  private bytesSinceFaultChange = 0;
  private readonly onFaultChange = () => {
    this.bytesSinceFaultChange = 0;
  };

  constructor(
    private readonly socket: Socket,
    private readonly faults: FaultSwitchboard,
  ) {
    faults.on('change', this.onFaultChange);
    socket.once('close', () => faults.off('change', this.onFaultChange));
  }

  /** True once the socket can take no more bytes. */
  get closed(): boolean {
    return this.socket.destroyed || this.socket.writableEnded;
  }

  /** Queues one sentence (or other bytes) given as pieces; written after the current tick. */
  send(pieces: Buffer[]): void {
    if (this.closed) return;
    this.queue.push(pieces);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      queueMicrotask(() => this.flush());
    }
  }

  /**
   * Runs `next` once the output is down to a few hundred KiB (bytes handed to the socket, and no
   * sentence still waiting for a fault-shaped write), so a big reply goes out at the pace the
   * client reads it. Never runs once the socket is closed.
   */
  whenWritable(next: () => void): void {
    this.flush();
    const check = () => {
      if (this.closed) return;
      if (this.head < this.queue.length) {
        // The fault pump is still working through queued sentences: look again shortly.
        setTimeout(check, 10);
      } else if (this.socket.writableLength < WRITABLE_LOW_WATER) {
        next();
      } else {
        this.socket.once('drain', check);
      }
    };
    setImmediate(check);
  }

  /** Writes whatever is queued, then runs `after` (e.g. ends or destroys the socket). */
  drainThen(after: () => void): void {
    this.flush();
    const poll = () => {
      // A fault pump may take its time (reply delays): check back without spinning.
      if (this.pumping || this.head < this.queue.length) setTimeout(poll, 5);
      else if (this.socket.writableLength === 0 || this.closed) after();
      else this.socket.once('drain', after);
    };
    poll();
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.pumping || this.closed) return;
    if (this.faults.shapesOutput) {
      void this.pump();
      return;
    }
    let batch: Buffer[] = [];
    let batchBytes = 0;
    for (; this.head < this.queue.length; this.head++) {
      for (const piece of this.queue[this.head]!) {
        batch.push(piece);
        batchBytes += piece.length;
      }
      if (batchBytes >= BATCH_BYTES) {
        this.socket.write(batch.length === 1 ? batch[0]! : Buffer.concat(batch, batchBytes));
        batch = [];
        batchBytes = 0;
      }
    }
    if (batch.length > 0) this.socket.write(batch.length === 1 ? batch[0]! : Buffer.concat(batch, batchBytes));
    this.queue = [];
    this.head = 0;
  }

  /** One sentence at a time: delay, then chunks, each chunk one write, counting the byte budget. */
  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      while (this.head < this.queue.length && !this.closed) {
        const faults = this.faults.current;
        if ((faults.replyDelayMs ?? 0) > 0) await sleep(faults.replyDelayMs!);
        if (this.closed) break;
        const pieces = this.queue[this.head++]!;
        let bytes = pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces);
        let dropAfter = false;
        if (faults.dropAfterBytes !== undefined) {
          const budget = Math.max(0, faults.dropAfterBytes - this.bytesSinceFaultChange);
          if (bytes.length >= budget) {
            bytes = bytes.subarray(0, budget);
            dropAfter = true;
          }
        }
        const chunk = faults.chunkSize ?? bytes.length;
        for (let offset = 0; offset < bytes.length && !this.closed; offset += chunk) {
          const piece = bytes.subarray(offset, offset + chunk);
          this.bytesSinceFaultChange += piece.length;
          await this.write(piece);
          // Yield to the event loop so that a reader in this process sees the chunks one by one.
          if (faults.chunkSize !== undefined) await new Promise((resolve) => setImmediate(resolve));
        }
        if (dropAfter) {
          this.socket.destroy();
          break;
        }
      }
    } finally {
      if (this.head >= this.queue.length) {
        this.queue = [];
        this.head = 0;
      }
      this.pumping = false;
    }
    // Sentences queued while the last write was in flight.
    if (this.head < this.queue.length && !this.closed) this.flush();
  }

  private write(bytes: Buffer): Promise<void> {
    return new Promise((resolve) => {
      if (bytes.length === 0 || this.closed) return resolve();
      // The callback also runs (with an error) when the socket dies, so this always settles.
      this.socket.write(bytes, () => resolve());
    });
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
