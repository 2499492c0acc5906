/**
 * A deliberately independent RouterOS API client for tests: it frames words by hand (its own
 * length encoder and decoder, not the library codec) so that the tests check the wire bytes.
 */
import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls, type ConnectionOptions } from 'node:tls';
import { caCert } from '@hotspot/test-certs';

/** Length prefix per the PROTOCOL.md table. */
export function lengthPrefix(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  if (length < 0x4000) return Buffer.from([0x80 | (length >> 8), length & 0xff]);
  if (length < 0x200000) return Buffer.from([0xc0 | (length >> 16), (length >> 8) & 0xff, length & 0xff]);
  if (length < 0x10000000) {
    return Buffer.from([0xe0 | (length >> 24), (length >> 16) & 0xff, (length >> 8) & 0xff, length & 0xff]);
  }
  return Buffer.from([0xf0, ...[24, 16, 8, 0].map((shift) => Math.floor(length / 2 ** shift) % 256)]);
}

/** A sentence as bytes: each word prefixed by its length, then a zero byte. */
export function sentenceBytes(words: ReadonlyArray<string | Buffer>): Buffer {
  const parts: Buffer[] = [];
  for (const word of words) {
    const bytes = typeof word === 'string' ? Buffer.from(word, 'utf8') : word;
    parts.push(lengthPrefix(bytes.length), bytes);
  }
  parts.push(Buffer.from([0]));
  return Buffer.concat(parts);
}

/** Splits received bytes into sentences; returns the sentences and the unconsumed rest. */
function takeSentences(buffer: Buffer): { sentences: Buffer[][]; rest: Buffer } {
  const sentences: Buffer[][] = [];
  let words: Buffer[] = [];
  let offset = 0;
  let sentenceStart = 0;
  while (offset < buffer.length) {
    const first = buffer[offset]!;
    let size: number;
    let length: number;
    if (first < 0x80) [size, length] = [1, first];
    else if (first < 0xc0) [size, length] = [2, first & 0x3f];
    else if (first < 0xe0) [size, length] = [3, first & 0x1f];
    else if (first < 0xf0) [size, length] = [4, first & 0x0f];
    else if (first === 0xf0) [size, length] = [5, 0];
    else throw new Error(`invalid length byte 0x${first.toString(16)}`);
    if (offset + size > buffer.length) break;
    for (let i = 1; i < size; i++) length = length * 256 + buffer[offset + i]!;
    if (offset + size + length > buffer.length) break;
    offset += size;
    if (length === 0) {
      if (words.length > 0) sentences.push(words);
      words = [];
      sentenceStart = offset;
      continue;
    }
    words.push(buffer.subarray(offset, offset + length));
    offset += length;
  }
  return { sentences, rest: buffer.subarray(sentenceStart) };
}

export class RawClient {
  private buffer = Buffer.alloc(0);
  private readonly sentences: string[][] = [];
  private waiters: Array<() => void> = [];
  /** Set when the received bytes broke the framing (the rest is then only kept raw). */
  framingError: Error | undefined;
  /** Every byte received, in order. */
  readonly received: Buffer[] = [];
  /** Resolves when the socket closed. */
  readonly closed: Promise<void>;
  ended = false;

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.received.push(chunk);
      if (this.framingError) return;
      this.buffer = Buffer.concat([this.buffer, chunk]);
      let taken;
      try {
        taken = takeSentences(this.buffer);
      } catch (error) {
        this.framingError = error as Error;
        this.wake();
        return;
      }
      const { sentences, rest } = taken;
      this.buffer = Buffer.from(rest);
      for (const words of sentences) this.sentences.push(words.map((word) => word.toString('latin1')));
      this.wake();
    });
    socket.on('error', () => {});
    this.closed = new Promise((resolve) =>
      socket.once('close', () => {
        this.ended = true;
        this.wake();
        resolve();
      }),
    );
  }

  /** Connects over TCP, or TLS (`tls: true` trusts the test CA; an object gives the TLS options). */
  static async connect(port: number, options: { tls?: boolean | ConnectionOptions } = {}): Promise<RawClient> {
    const tlsOptions = options.tls === true ? { ca: caCert, servername: 'localhost' } : options.tls;
    const socket = tlsOptions ? connectTls({ host: '127.0.0.1', port, ...tlsOptions }) : connectTcp({ host: '127.0.0.1', port });
    await new Promise<void>((resolve, reject) => {
      socket.once(options.tls ? 'secureConnect' : 'connect', () => resolve());
      socket.once('error', reject);
    });
    return new RawClient(socket);
  }

  /** Connects and logs in with the plain method. */
  static async login(port: number, username = 'admin', password = ''): Promise<RawClient> {
    const client = await RawClient.connect(port);
    const reply = await client.command(['/login', `=name=${username}`, `=password=${password}`]);
    if (reply[0]?.[0] !== '!done') throw new Error(`login failed: ${JSON.stringify(reply)}`);
    return client;
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  /** Writes raw bytes. */
  write(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  /** Writes one sentence. */
  send(words: ReadonlyArray<string | Buffer>): void {
    this.write(sentenceBytes(words));
  }

  /** Waits until `predicate` holds for the sentences received so far (or fails after `timeoutMs`). */
  async waitFor(predicate: (sentences: string[][]) => boolean, timeoutMs = 5000): Promise<string[][]> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.sentences)) {
      if (this.ended) throw new Error(`connection closed; got ${JSON.stringify(this.sentences)}`);
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`timed out; got ${JSON.stringify(this.sentences)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.sentences;
  }

  /** Removes and returns received sentences. */
  take(): string[][] {
    return this.sentences.splice(0, this.sentences.length);
  }

  /** Sends a sentence and returns every reply sentence up to and including the first `!done` (or `!fatal`). */
  async command(words: ReadonlyArray<string | Buffer>): Promise<string[][]> {
    this.send(words);
    const isEnd = (s: string[]) => s[0] === '!done' || s[0] === '!fatal';
    await this.waitFor((sentences) => sentences.some(isEnd));
    const end = this.sentences.findIndex(isEnd);
    return this.sentences.splice(0, end + 1);
  }

  close(): void {
    this.socket.destroy();
  }
}

/** The `=name=value` words of a sentence as an object. */
export function attributes(sentence: readonly string[]): Record<string, string> {
  const result: Record<string, string> = {};
  for (const word of sentence) {
    if (!word.startsWith('=')) continue;
    const separator = word.indexOf('=', 1);
    result[word.slice(1, separator)] = word.slice(separator + 1);
  }
  return result;
}
