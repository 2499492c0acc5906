/**
 * One client connection: frames sentences, logs the client in, checks each command against the
 * command tree, applies faults, runs the command and tracks the long-running ones for `/cancel`.
 */
import type { Socket } from 'node:net';
import { encodeSentence, getTextCodec, SentenceDecoder } from '@hotspot/routeros';
import type { CommandTree } from './command-tree.js';
import type { CommandContext, RouterInfo } from './context.js';
import { dispatch } from './dispatch.js';
import { INJECTED_FATAL_REASON, type FaultSwitchboard } from './faults.js';
import { LoginExchange } from './login.js';
import { ReplyOutput } from './output.js';
import { Reply, TrapCategory, type SentenceSink } from './reply.js';
import { parseRequest, type ApiRequest } from './request.js';
import type { MockState } from './state.js';
import { isVersionAtLeast } from './version.js';

/** Usage counters of a mock router. */
export interface MockStats {
  connectionsAccepted: number;
  openConnections: number;
  /** Commands received, by command word (`/login` and `/cancel` included). */
  commands: Record<string, number>;
}

/** What every connection of one mock router shares. */
export interface RouterShared {
  state: MockState;
  faults: FaultSwitchboard;
  stats: MockStats;
  tree: CommandTree;
  info: RouterInfo;
  credentials: { username: string; password: string };
}

/** Sentences a client may send before it has logged in (failed logins included). */
const MAX_SENTENCES_BEFORE_LOGIN = 10;

const latin1 = getTextCodec('latin1');
/** Bytes that break the framing: 0xF5 is no valid length prefix. */
const GARBAGE = Buffer.from([0xf5, 0x13, 0x37, 0x00, 0xde, 0xad, 0xbe, 0xef]);
const CONTROL_BYTE = Buffer.from([0xf8]);

/** A command that has not answered its final `!done` yet. */
interface RunningCommand {
  tag: string | undefined;
  reply: Reply;
  stop: () => void;
  /** Stalled by a fault: it stays silent even when cancelled. */
  silent: boolean;
}

export class RouterConnection {
  private readonly decoder = new SentenceDecoder();
  private readonly output: ReplyOutput;
  private readonly login: LoginExchange;
  private loggedIn = false;
  private sentencesBeforeLogin = 0;
  private closing = false;
  private running: RunningCommand[] = [];

  constructor(
    private readonly socket: Socket,
    private readonly shared: RouterShared,
  ) {
    this.output = new ReplyOutput(socket, shared.faults);
    this.login = new LoginExchange(shared.credentials, () => shared.state.version);
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', () => socket.destroy());
    socket.once('close', () => this.stopAll());
  }

  private receive(chunk: Buffer): void {
    if (this.closing) return;
    let sentences: Buffer[][];
    try {
      sentences = this.decoder.push(chunk);
    } catch {
      // A ProtocolError: the stream is out of sync, and a router drops such a client.
      this.socket.destroy();
      return;
    }
    const latency = this.shared.faults.current.linkLatencyMs ?? 0;
    for (const words of sentences) {
      if (this.closing) return;
      const request = parseRequest(words);
      // Equal delays fire in the order they were set, so commands still run in arrival order.
      if (latency > 0 && this.loggedIn) setTimeout(() => this.handleSafely(request), latency);
      else this.handleSafely(request);
    }
  }

  private handleSafely(request: ApiRequest): void {
    if (this.closing) return;
    try {
      this.handle(request);
    } catch (error) {
      // A bug in a handler must cost one command, not the process (tests share it).
      const reason = error instanceof Error ? error.message : String(error);
      this.replyFor(request).fail(`mock-routeros internal error: ${reason}`, TrapCategory.general);
    }
  }

  private sendWords(words: string[]): void {
    this.output.send([encodeSentence(words, latin1)]);
  }

  private replyFor(request: ApiRequest, sink: SentenceSink = (pieces) => this.output.send(pieces)): Reply {
    return new Reply(sink, request.tag, isVersionAtLeast(this.shared.state.version, '7.18'));
  }

  /** Sends an untagged `!fatal` with its bare reason word, then closes the connection. */
  private fatal(reason: string): void {
    this.sendWords(['!fatal', reason]);
    this.closing = true;
    this.stopAll();
    this.output.drainThen(() => {
      this.socket.end();
      // A client that never closes its side must not keep the socket forever.
      setTimeout(() => this.socket.destroy(), 2000).unref();
    });
  }

  private handle(request: ApiRequest): void {
    const { stats } = this.shared;
    if (request.command !== '') stats.commands[request.command] = (stats.commands[request.command] ?? 0) + 1;
    if (request.command === '/quit') return this.fatal('session terminated on request');
    if (!this.loggedIn) {
      if (++this.sentencesBeforeLogin > MAX_SENTENCES_BEFORE_LOGIN) return this.fatal('too many commands before login');
      if (request.command !== '/login') return this.fatal('not logged in');
    }
    const reply = this.replyFor(request);
    if (request.command === '/login') return this.answerLogin(request, reply);
    if (request.command === '/cancel') return this.cancel(request, reply);
    if (this.answeredByFault(request, reply) || this.refusedByTree(request, reply)) return;
    if (this.shared.faults.current.dropMidReplyTo === request.command) return this.runThenDrop(request, 0.5);
    if (this.shared.faults.dropsAfter(request.command)) return this.runThenDrop(request, 0);
    dispatch(this.context(request, reply), this.shared.tree);
  }

  /** Applies the faults that replace a command's answer; true when one did. */
  private answeredByFault(request: ApiRequest, reply: Reply): boolean {
    const fault = this.shared.faults.current;
    const { command } = request;
    if (fault.stallCommands?.includes(command)) {
      this.running.push({ tag: request.tag, reply, stop: () => {}, silent: true });
    } else if (fault.fatalReplyTo === command) {
      this.fatal(INJECTED_FATAL_REASON);
    } else if (fault.trapReplyTo?.[command] !== undefined) {
      reply.fail(fault.trapReplyTo[command]);
    } else if (fault.garbageReplyTo === command) {
      this.output.send([GARBAGE]);
    } else if (fault.controlByteReplyTo === command) {
      this.output.send([CONTROL_BYTE]);
    } else {
      return false;
    }
    return true;
  }

  /** Traps a command the command tree does not have, or an argument it does not take; true when it did. */
  private refusedByTree(request: ApiRequest, reply: Reply): boolean {
    const found = request.command.startsWith('/')
      ? this.shared.tree.lookup(request.segments)
      : ({ kind: 'unknown', segment: request.command } as const);
    if (found.kind === 'unknown') {
      reply.fail(`no such command or directory (${found.segment})`, TrapCategory.missingItemOrCommand);
      return true;
    }
    if (found.kind === 'menu') {
      reply.fail('no such command prefix', TrapCategory.missingItemOrCommand);
      return true;
    }
    const unknown = [...request.attributes.keys()].find((name) => !name.startsWith('.') && !found.args.has(name));
    if (unknown === undefined && request.strayWords.length === 0) return false;
    reply.fail(`unknown parameter ${unknown ?? request.strayWords[0]}`);
    return true;
  }

  private context(request: ApiRequest, reply: Reply): CommandContext {
    return {
      request,
      reply,
      state: this.shared.state,
      router: this.shared.info,
      keepRunning: (stop) => {
        const command: RunningCommand = { tag: request.tag, reply, stop, silent: false };
        this.running.push(command);
        return () => {
          this.running = this.running.filter((running) => running !== command);
        };
      },
      whenWritable: (next) => this.output.whenWritable(next),
    };
  }

  private answerLogin(request: ApiRequest, reply: Reply): void {
    const outcome = this.login.attempt(request);
    switch (outcome.kind) {
      case 'accepted':
        this.loggedIn = true;
        return reply.done();
      case 'challenge':
        return reply.done({ ret: outcome.challengeHex });
      case 'refused':
        return reply.fail(outcome.message);
    }
  }

  /**
   * `/cancel [=tag=T]`: each cancelled command answers `!trap =category=2 =message=interrupted`,
   * then the cancel answers `!done`, then each cancelled command answers `!done`.
   */
  private cancel(request: ApiRequest, reply: Reply): void {
    const tag = request.attributes.get('tag');
    const cancelled = this.running.filter((command) => tag === undefined || command.tag === tag);
    if (tag !== undefined && cancelled.length === 0) return reply.fail('no such command', TrapCategory.missingItemOrCommand);
    this.running = this.running.filter((command) => !cancelled.includes(command));
    for (const command of cancelled) {
      command.stop();
      if (!command.silent) command.reply.trap('interrupted', TrapCategory.interrupted);
    }
    reply.done();
    for (const command of cancelled) if (!command.silent) command.reply.done();
  }

  /** Runs the command, then writes only `fraction` of its reply's bytes and drops the connection. */
  private runThenDrop(request: ApiRequest, fraction: number): void {
    const collected: Buffer[] = [];
    const reply = this.replyFor(request, (pieces) => collected.push(...pieces));
    dispatch(this.context(request, reply), this.shared.tree);
    this.closing = true;
    this.stopAll();
    const bytes = Buffer.concat(collected);
    this.output.send([bytes.subarray(0, Math.floor(bytes.length * fraction))]);
    this.output.drainThen(() => this.socket.destroy());
  }

  private stopAll(): void {
    const running = this.running;
    this.running = [];
    for (const command of running) command.stop();
  }
}
