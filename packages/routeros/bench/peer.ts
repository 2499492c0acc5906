/**
 * The benchmark peer: a real TCP server that speaks just enough of the RouterOS API for the
 * benchmarks, built so that it is never the bottleneck. Rows are pre-encoded (see dataset.ts);
 * a reply is a few memory copies into ~256 KiB batches, written until the socket's queue holds
 * 8 MiB, then only after it drains, so a client that stops reading stops the peer instead of
 * filling its memory.
 *
 * Commands: `/login` → `!done`; a path ending in `/print` → the big table; `/listen`, or print
 * with `=follow=` / `=follow-only=` → the stream rows, then silence until `/cancel`;
 * `/cancel [=tag=T]` as a router does it; anything else → `!done`.
 */
import { once } from 'node:events';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { SentenceDecoder } from '../src/sentence-decoder.js';
import { encodeSentence } from '../src/sentence-encoder.js';
import type { EncodedRows } from './dataset.js';

/** Bytes collected before one socket write. */
const BATCH_BYTES = 256 * 1024;

/**
 * Bytes a socket may queue before `write()` asks the peer to wait for 'drain'. Large, so that
 * libuv keeps the kernel buffer full on its own while the peer's JavaScript is not scheduled
 * (on a busy 2-core machine a small queue left the client idle, waiting for the peer).
 */
const SOCKET_QUEUE_BYTES = 8 * 1024 * 1024;

const RE_WORD = encodeSentence(['!re']).subarray(0, -1);

export interface BenchPeerOptions {
  /** Rows of the `print` reply. */
  printRows: EncodedRows;
  /** How many rows one stream sends; rows cycle through `printRows`. */
  streamRows: number;
}

export interface BenchPeer {
  readonly port: number;
  close(): Promise<void>;
}

/** A command that is sending rows; `/cancel` stops it. */
interface RunningReply {
  cancelledBy: string | undefined;
  /** Set once every row is out: a stream then waits for `/cancel`. */
  finished: boolean;
}

function tagWords(tag: string | undefined): string[] {
  return tag === undefined ? [] : [`.tag=${tag}`];
}

/** `!re .tag=T`, the part every row of one reply shares. */
function rowHead(tag: string | undefined): Buffer {
  if (tag === undefined) return RE_WORD;
  return Buffer.concat([RE_WORD, encodeSentence(tagWords(tag)).subarray(0, -1)]);
}

/** Resolves once the socket drains or closes; removes both listeners either way. */
function drained(socket: Socket): Promise<void> {
  if (socket.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      socket.off('drain', done);
      socket.off('close', done);
      resolve();
    };
    socket.on('drain', done);
    socket.on('close', done);
  });
}

class PeerConnection {
  private readonly decoder = new SentenceDecoder();
  private readonly running = new Map<string, RunningReply>();

  constructor(
    private readonly socket: Socket,
    private readonly options: BenchPeerOptions,
  ) {
    socket.setNoDelay(true);
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk) => this.onData(chunk));
  }

  private onData(chunk: Buffer): void {
    let sentences: Buffer[][];
    try {
      sentences = this.decoder.push(chunk);
    } catch {
      this.socket.destroy();
      return;
    }
    // One write for all the small replies a chunk of commands asks for.
    this.socket.cork();
    for (const words of sentences) this.onSentence(words.map((word) => word.toString('latin1')));
    this.socket.uncork();
  }

  private send(words: string[]): void {
    if (!this.socket.destroyed) this.socket.write(encodeSentence(words));
  }

  private onSentence([command = '', ...args]: string[]): void {
    const tagWord = args.find((word) => word.startsWith('.tag='));
    const tag = tagWord?.slice('.tag='.length);
    const follows = args.some((word) => word.startsWith('=follow=') || word.startsWith('=follow-only='));
    if (command === '/cancel') this.cancel(args, tag);
    else if (command.endsWith('/listen') || (command.endsWith('/print') && follows)) {
      void this.sendRows(tag, this.options.streamRows, false);
    } else if (command.endsWith('/print')) void this.sendRows(tag, this.options.printRows.count, true);
    else this.send(['!done', ...tagWords(tag)]);
  }

  private cancel(args: string[], cancelTag: string | undefined): void {
    const target = args.find((word) => word.startsWith('=tag='))?.slice('=tag='.length);
    const targets = target === undefined ? [...this.running.keys()] : [target].filter((tag) => this.running.has(tag));
    if (targets.length === 0) {
      this.send(['!done', ...tagWords(cancelTag)]);
      return;
    }
    for (const tag of targets) {
      const reply = this.running.get(tag)!;
      reply.cancelledBy = cancelTag ?? '';
      // A reply still writing rows sends its interruption itself, after its current batch.
      if (reply.finished) this.interrupt(tag, reply);
    }
  }

  private interrupt(tag: string, reply: RunningReply): void {
    this.running.delete(tag);
    this.send(['!trap', '=category=2', '=message=interrupted', ...tagWords(tag)]);
    this.send(['!done', ...tagWords(reply.cancelledBy || undefined)]);
    this.send(['!done', ...tagWords(tag)]);
  }

  /** Sends `count` rows in batches, waiting for the socket to drain after each full batch. */
  private async sendRows(tag: string | undefined, count: number, endsWithDone: boolean): Promise<void> {
    const reply: RunningReply = { cancelledBy: undefined, finished: false };
    const key = tag ?? '';
    this.running.set(key, reply);
    const { bytes, offsets, count: distinctRows } = this.options.printRows;
    const head = rowHead(tag);
    let row = 0;
    while (row < count && reply.cancelledBy === undefined && !this.socket.destroyed) {
      const batch = Buffer.allocUnsafe(BATCH_BYTES + head.length + 1 + 4096);
      let used = 0;
      while (row < count && used < BATCH_BYTES) {
        const index = row % distinctRows;
        const start = offsets[index]!;
        const end = offsets[index + 1]!;
        if (used + head.length + (end - start) + 1 > batch.length) break;
        used += head.copy(batch, used);
        used += bytes.copy(batch, used, start, end);
        batch[used++] = 0;
        row++;
      }
      if (!this.socket.write(batch.subarray(0, used))) await drained(this.socket);
    }
    reply.finished = true;
    if (reply.cancelledBy !== undefined) this.interrupt(key, reply);
    else if (endsWithDone) {
      this.running.delete(key);
      this.send(['!done', ...tagWords(tag)]);
    }
  }
}

/** Starts the peer on 127.0.0.1 and a free port. */
export async function startBenchPeer(options: BenchPeerOptions): Promise<BenchPeer> {
  const sockets = new Set<Socket>();
  const server: Server = createServer({ highWaterMark: SOCKET_QUEUE_BYTES }, (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    new PeerConnection(socket, options);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    async close() {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}
