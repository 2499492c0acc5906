/**
 * One tagged command in flight: turns the replies routed to its tag into rows, traps and an
 * outcome. Subclasses decide what to do with rows ({@link ExecCommand} collects them,
 * {@link StreamCommand} queues them for a consumer). No sockets here.
 */
import { TrapError, UnknownReplyError, type Trap } from './errors.js';
import type { Reply } from './reply.js';
import type { StreamResult } from './types.js';

/** Trap category the router uses for "interrupted", the expected answer to `/cancel`. */
const CATEGORY_INTERRUPTED = 2;

/** What a command needs from its connection. */
export interface CommandHost {
  /** Sends `/cancel =tag=…` for the command, fire and forget. */
  cancel(tag: string): void;
  /** Stop reading the socket until {@link CommandHost.resumeReading} for this command. */
  pauseReading(command: Command): void;
  resumeReading(command: Command): void;
}

export abstract class Command {
  /** Set once `/cancel` was sent: the "interrupted" trap that follows is expected, not an error. */
  protected cancelSent = false;
  private readonly traps: Trap[] = [];
  private empty = false;
  private unknownReply: UnknownReplyError | undefined;

  constructor(
    readonly tag: string,
    readonly path: string,
    protected readonly host: CommandHost,
  ) {}

  /** A `!re` row tagged for this command (the connection hands rows over without a {@link Reply}). */
  handleRow(row: Record<string, string>): void {
    this.onRow(row);
  }

  /** Handles one reply tagged for this command; returns `true` when it was the final `!done`. */
  handle(reply: Reply): boolean {
    switch (reply.type) {
      case 're':
        this.handleRow(reply.attributes);
        return false;
      case 'empty':
        this.empty = true;
        return false;
      case 'trap':
        if (!(this.cancelSent && reply.attributes.category === String(CATEGORY_INTERRUPTED))) {
          const category = reply.attributes.category;
          this.traps.push({
            message: reply.attributes.message ?? '',
            category: category === undefined ? undefined : Number(category),
            attributes: reply.attributes,
          });
        }
        return false;
      case 'done':
        if (this.unknownReply) this.fail(this.unknownReply);
        else if (this.traps.length > 0) this.fail(new TrapError(this.path, this.traps));
        else this.onDone({ done: reply.attributes, empty: this.empty });
        return true;
      default:
        // An unknown reply word fails this command at once and stops it on the router;
        // its `!done` still ends it.
        this.unknownReply ??= new UnknownReplyError(reply.word ?? reply.type);
        this.fail(this.unknownReply);
        this.requestCancel();
        return false;
    }
  }

  /** Asks the router to stop the command; its replies until `!done` are then expected noise. */
  protected requestCancel(): void {
    if (this.cancelSent) return;
    this.cancelSent = true;
    this.host.cancel(this.tag);
  }

  /** A `!re` row arrived. */
  protected abstract onRow(row: Record<string, string>): void;
  /** The command ended without a trap. */
  protected abstract onDone(result: StreamResult): void;
  /**
   * The command failed: traps, an unknown reply, or the end of the connection. Does nothing
   * once the command has settled, so it may be called more than once.
   */
  abstract fail(error: Error): void;
}
