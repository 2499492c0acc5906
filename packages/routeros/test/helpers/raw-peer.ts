/**
 * A scripted RouterOS API peer on a real TCP socket, for behaviour the mock router does not
 * offer: the test reads each sentence the client sent and writes whatever bytes it likes back.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { once } from 'node:events';
import { connect, encodeSentence, SentenceDecoder, type ConnectOptions, type RouterOSClient } from '../../src/index.js';

/** One sentence from the client, words decoded as UTF-8. */
export type Sentence = string[];

export class PeerConnection {
  private readonly decoder = new SentenceDecoder();
  private readonly received: Sentence[] = [];
  private readonly waiters: Array<(sentence: Sentence) => void> = [];

  constructor(readonly socket: Socket) {
    socket.on('data', (chunk) => {
      for (const words of this.decoder.push(chunk)) {
        const sentence = words.map((word) => word.toString('utf8'));
        const waiter = this.waiters.shift();
        if (waiter) waiter(sentence);
        else this.received.push(sentence);
      }
    });
    socket.on('error', () => undefined);
  }

  /** The next sentence the client sends. */
  nextSentence(): Promise<Sentence> {
    const queued = this.received.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Sends one reply sentence. */
  reply(...words: Array<string | Buffer>): void {
    this.socket.write(encodeSentence(words));
  }

  /** Answers the next `/login` with `!done`, echoing its tag. */
  async acceptLogin(): Promise<void> {
    const sentence = await this.nextSentence();
    if (sentence[0] !== '/login') throw new Error(`expected /login, got ${sentence.join(' ')}`);
    this.reply('!done', `.tag=${tagOf(sentence)}`);
  }
}

/** The value of the `.tag=` word of a sentence. */
export function tagOf(sentence: Sentence): string {
  const word = sentence.find((w) => w.startsWith('.tag='));
  if (!word) throw new Error(`sentence without tag: ${sentence.join(' ')}`);
  return word.slice('.tag='.length);
}

export class RawPeer {
  private readonly pending: PeerConnection[] = [];
  private readonly waiters: Array<(connection: PeerConnection) => void> = [];
  private readonly sockets = new Set<Socket>();

  private constructor(private readonly server: Server) {
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      const connection = new PeerConnection(socket);
      const waiter = this.waiters.shift();
      if (waiter) waiter(connection);
      else this.pending.push(connection);
    });
  }

  static async start(): Promise<RawPeer> {
    const server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return new RawPeer(server);
  }

  get port(): number {
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('peer is not listening');
    return address.port;
  }

  /** Connects a client to this peer and answers its `/login`; `link` is the peer's side of it. */
  async connectClient(options: Omit<ConnectOptions, 'host' | 'port'>): Promise<{ client: RouterOSClient; link: PeerConnection }> {
    const connecting = connect({ host: '127.0.0.1', port: this.port, ...options });
    const link = await this.nextConnection();
    await link.acceptLogin();
    return { client: await connecting, link };
  }

  /** The next client connection. */
  nextConnection(): Promise<PeerConnection> {
    const queued = this.pending.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
