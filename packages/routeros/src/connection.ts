/**
 * The connection: owns the socket, tags every command, writes each sentence in one write, and
 * routes every reply to its command by tag. Parsing lives in `reply.ts`, framing in
 * `sentence-encoder.ts` and `sentence-decoder.ts`.
 */
import type { Socket } from 'node:net';
import type { Command, CommandHost } from './command.js';
import { AbortError, ConnectionClosedError, FatalError, ProtocolError } from './errors.js';
import { ExecCommand } from './exec-command.js';
import { commandWords, type Params } from './params.js';
import { ReplyParser, type Reply } from './reply.js';
import { maskSecrets } from './secret-mask.js';
import { SentenceDecoder } from './sentence-decoder.js';
import { encodeSentence } from './sentence-encoder.js';
import { StreamCommand } from './stream-command.js';
import type { TextCodec } from './text-codec.js';
import type { WordSink } from './text-window.js';
import type { ExecOptions, ExecResult, RouterOSClient, RouterOSStream, StreamOptions, WireEvent } from './types.js';

/** How a {@link Connection} behaves; derived from `ConnectOptions` by `connect`. */
export interface ConnectionSettings {
  codec: TextCodec;
  /** Default per-command deadline in ms; 0 for none. */
  timeoutMs: number;
  /** `host:port`, for error messages. */
  peer: string;
  onWire?: ((event: WireEvent) => void) | undefined;
}

/**
 * A RouterOS API session on an open socket. Created by `connect`, which also logs in;
 * use it through the {@link RouterOSClient} interface.
 */
export class Connection implements RouterOSClient, CommandHost, WordSink {
  readonly closed: Promise<Error | undefined>;
  private resolveClosed!: (cause: Error | undefined) => void;
  private readonly commands = new Map<string, Command>();
  private readonly pausedBy = new Set<Command>();
  private readonly decoder = new SentenceDecoder();
  private readonly parser = new ReplyParser();
  private nextTag = 1;
  /** Whether writes of the current tick are being held for one batch. */
  private corked = false;
  private open = true;
  /** The last socket error, the cause of a drop. */
  private socketError: Error | undefined;
  /** Why the connection ended, once it has. */
  private endCause: Error | undefined;

  constructor(
    private readonly socket: Socket,
    private readonly settings: ConnectionSettings,
  ) {
    this.closed = new Promise((resolve) => {
      this.resolveClosed = resolve;
    });
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', (error) => {
      this.socketError = error;
    });
    socket.on('close', () => {
      this.terminate(new ConnectionClosedError(`connection to ${settings.peer} lost`, { cause: this.socketError }));
      this.resolveClosed(this.endCause);
    });
  }

  get isOpen(): boolean {
    return this.open;
  }

  exec(path: string, params?: Params, options: ExecOptions = {}): Promise<ExecResult> {
    try {
      const words = commandWords(path, params);
      if (options.timeout !== undefined && !(options.timeout >= 0)) {
        throw new TypeError(`${path}: timeout must be a number of ms >= 0, got ${options.timeout}`);
      }
      this.checkUsable(options.signal, path);
      const command = new ExecCommand(this.takeTag(), path, this, options.timeout ?? this.settings.timeoutMs, options.signal);
      this.start(command, words);
      return command.promise;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  stream(path: string, params?: Params, options: StreamOptions = {}): RouterOSStream {
    // The command exists before the checks, so that a bad call fails the stream instead of throwing.
    const command = new StreamCommand(this.takeTag(), path, this, options.signal);
    try {
      const words = commandWords(path, params);
      this.checkUsable(options.signal, path);
      this.start(command, words);
    } catch (error) {
      command.fail(error as Error);
    }
    return command;
  }

  async close(): Promise<void> {
    if (this.open) {
      this.terminate(undefined);
      this.socket.end(() => this.socket.destroy());
    }
    await this.closed;
  }

  /**
   * Ends the connection at once: every pending command rejects with `cause`, which
   * `closed` then reports. For `connect` (deadline or abort during login).
   */
  destroy(cause: Error): void {
    this.terminate(cause);
    this.socket.destroy();
  }

  /** @internal {@link CommandHost}: a failed `/cancel` leaves nothing to do, so its result is ignored. */
  cancel(tag: string): void {
    if (this.open) this.exec('/cancel', { tag }, { timeout: 0 }).catch(() => undefined);
  }

  /** @internal {@link CommandHost} */
  pauseReading(command: Command): void {
    this.pausedBy.add(command);
    this.socket.pause();
  }

  /** @internal {@link CommandHost} */
  resumeReading(command: Command): void {
    this.pausedBy.delete(command);
    if (this.pausedBy.size === 0 && this.open) this.socket.resume();
  }

  private checkUsable(signal: AbortSignal | undefined, path: string): void {
    if (!this.open) throw new ConnectionClosedError(`connection to ${this.settings.peer} is closed`, { cause: this.endCause });
    if (signal?.aborted) throw new AbortError(`${path} was aborted`, { cause: signal.reason });
  }

  private takeTag(): string {
    return String(this.nextTag++);
  }

  /** Registers the command's tag, then writes it: a fast reply always finds its command. */
  private start(command: Command, words: string[]): void {
    this.commands.set(command.tag, command);
    words.push(`.tag=${command.tag}`);
    const { codec, onWire } = this.settings;
    this.batchWrites();
    if (onWire) {
      const raw = words.map((word) => codec.encode(word));
      this.report({ direction: 'out', words: maskSecrets(raw), tag: command.tag });
      this.socket.write(encodeSentence(raw));
    } else {
      this.socket.write(encodeSentence(words, codec));
    }
  }

  /**
   * Holds this tick's sentences back and hands them to the kernel together at the end of the
   * tick: commands issued in a burst cost one system call and a few TCP segments, not one each.
   */
  private batchWrites(): void {
    if (this.corked) return;
    this.corked = true;
    this.socket.cork();
    process.nextTick(() => {
      this.corked = false;
      this.socket.uncork();
    });
  }

  /**
   * Decodes a chunk; each word goes to {@link word} as it is read and each sentence is dispatched
   * at {@link endSentence}, so a row goes from the chunk's text straight into its command.
   */
  private receive(chunk: Buffer): void {
    try {
      if (this.settings.onWire) this.receiveReporting(chunk);
      else this.decoder.pushWords(chunk, this.settings.codec, this);
    } catch (error) {
      const cause = error instanceof ProtocolError ? error : new ProtocolError(String(error), { cause: error });
      this.destroy(cause);
    }
  }

  /** The debugging path: raw words go to `onWire` first, then are decoded one by one. */
  private receiveReporting(chunk: Buffer): void {
    const { codec } = this.settings;
    for (const words of this.decoder.push(chunk)) {
      const text = words.map((word) => codec.decode(word));
      const tag = text.find((word) => word.startsWith('.tag='))?.slice('.tag='.length);
      this.report({ direction: 'in', words: maskSecrets(words), ...(tag === undefined ? {} : { tag }) });
      for (const word of text) this.word(word, 0, word.length);
      this.endSentence();
    }
  }

  /** @internal {@link WordSink}: the decoder's next word. */
  word(text: string, start: number, end: number): void {
    this.parser.word(text, start, end);
  }

  /**
   * @internal {@link WordSink}: a sentence is complete. A row goes straight to its command (no
   * {@link Reply} object); a row for no waiting command is not even built.
   */
  endSentence(): void {
    const parser = this.parser;
    if (!this.open) {
      parser.discard();
      return;
    }
    if (parser.type === 're') {
      const tag = parser.tag;
      const command = tag === undefined ? undefined : this.commands.get(tag);
      if (command) command.handleRow(parser.endRow());
      else parser.discard();
      return;
    }
    this.dispatch(parser.endReply());
  }

  private dispatch(reply: Reply): void {
    if (reply.type === 'fatal') {
      this.destroy(new FatalError(reply.reason ?? ''));
      return;
    }
    // Untagged replies and replies to unknown tags answer nothing this client waits for.
    const command = reply.tag === undefined ? undefined : this.commands.get(reply.tag);
    if (command?.handle(reply)) this.commands.delete(command.tag);
  }

  private report(event: WireEvent): void {
    try {
      this.settings.onWire!(event);
    } catch (error) {
      process.emitWarning(`onWire hook threw: ${String(error)}`, { code: 'ROUTEROS_ONWIRE_HOOK' });
    }
  }

  /** Marks the connection ended and rejects every pending command at once. */
  private terminate(cause: Error | undefined): void {
    if (!this.open) return;
    this.open = false;
    this.endCause = cause;
    const error = cause ?? new ConnectionClosedError(`connection to ${this.settings.peer} closed by the client`);
    const pending = [...this.commands.values()];
    this.commands.clear();
    this.pausedBy.clear();
    for (const command of pending) command.fail(error);
  }
}
