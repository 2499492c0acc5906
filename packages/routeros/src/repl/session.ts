/**
 * One REPL session on one connection: runs each line (a command or a directive), shows the
 * replies, keeps the background jobs, and counts failures for the exit code. It knows nothing
 * of terminals: lines come in through `run`, output leaves through `print`.
 */
import type { RouterOSClient, RouterOSStream } from '../index.js';
import { UsageError, oneOf } from './cli-options.js';
import { Completer, childrenFromInspectRows, inspectWords } from './completion.js';
import { DIRECTIVES, HELP_TEXT } from './help.js';
import { JobTable, UnknownJobError } from './jobs.js';
import { LineSyntaxError, parseLine, toApiWords, type DirectiveLine, type Token } from './line-parser.js';
import { OUTPUT_FORMATS, ReplyFormatter, type ReplyContext } from './reply-format.js';
import type { WireTracer } from './trace-format.js';

const TRACE_SWITCH = ['on', 'off'] as const;

/** What the input loop should do after a line. */
export type LineOutcome = 'continue' | 'exit';

/** A command to run: its API path and words, and how to show it. */
interface CommandRequest {
  path: string;
  words: string[];
  background: boolean;
  /** The line as typed, for `.jobs`. */
  line: string;
}

/** How far a command got: rows received, and whether the REPL asked to cancel it. */
interface Progress {
  rows: number;
  cancelled: boolean;
}

/** A bad directive or directive argument; shown as an error, counted as a failure. */
class DirectiveError extends Error {
  override name = 'DirectiveError';
}

/** Runs REPL lines against a connected client. */
export class ReplSession {
  readonly formatter = new ReplyFormatter();
  readonly jobs = new JobTable();
  readonly completer: Completer;
  /** Commands that trapped or failed, and lines that could not be run. */
  failures = 0;
  /** Cancels the command running in the foreground, if any (Ctrl-C). */
  private interruptForeground: (() => void) | undefined;

  constructor(
    private readonly client: RouterOSClient,
    private readonly print: (line: string) => void,
    private readonly tracer: WireTracer,
  ) {
    this.completer = new Completer(
      async (segments) => childrenFromInspectRows((await client.exec('/console/inspect', inspectWords(segments))).rows),
      DIRECTIVES,
      (directive) => this.directiveArguments(directive),
    );
  }

  /** Runs one line; settles when its output is printed (background jobs: once started). */
  async run(line: string): Promise<LineOutcome> {
    try {
      const parsed = parseLine(line);
      if (parsed.kind === 'empty') return 'continue';
      if (parsed.kind === 'directive') return await this.runDirective(parsed, line);
      await this.runCommand({ path: parsed.path, words: parsed.words, background: parsed.background, line });
    } catch (error) {
      const refusedLine =
        error instanceof LineSyntaxError ||
        error instanceof DirectiveError ||
        error instanceof UsageError ||
        error instanceof UnknownJobError;
      if (!refusedLine) throw error;
      this.failures++;
      this.print(this.formatter.rejected(error, false));
    }
    return 'continue';
  }

  /** What completes the first argument of a directive: formats, on/off, running job tags. */
  private directiveArguments(directive: string): readonly string[] {
    if (directive === '.format') return OUTPUT_FORMATS;
    if (directive === '.trace') return TRACE_SWITCH;
    if (directive === '.cancel') return this.jobs.tags();
    return [];
  }

  /**
   * Ctrl-C: cancels the foreground command (a `.listen`, a slow print) and reports whether
   * there was one, so the caller knows the key was used up.
   */
  interrupt(): boolean {
    const interrupt = this.interruptForeground;
    interrupt?.();
    return interrupt !== undefined;
  }

  private async runDirective(directive: DirectiveLine, line: string): Promise<LineOutcome> {
    const [first] = directive.args;
    if (directive.background && directive.name !== 'listen') {
      throw new DirectiveError(`only commands and .listen run in the background, not .${directive.name}`);
    }
    switch (directive.name) {
      case 'help':
        for (const text of HELP_TEXT.split('\n')) this.print(text);
        return 'continue';
      case 'format':
        if (first) this.formatter.format = oneOf('.format', first.text, OUTPUT_FORMATS);
        this.print(`format: ${this.formatter.format}`);
        return 'continue';
      case 'trace':
        if (first) this.tracer.enabled = oneOf('.trace', first.text, TRACE_SWITCH) === 'on';
        this.print(`trace: ${this.tracer.enabled ? 'on' : 'off'}`);
        return 'continue';
      case 'jobs':
        for (const text of this.jobs.describe()) this.print(text);
        return 'continue';
      case 'cancel':
        await this.cancelJob(first);
        return 'continue';
      case 'listen':
        await this.runCommand(listenRequest(directive, line));
        return 'continue';
      case 'complete': {
        const { candidates } = await this.completer.complete(directive.rest);
        if (candidates.length === 0) this.print('(no completions)');
        for (const candidate of candidates) this.print(candidate);
        return 'continue';
      }
      case 'exit':
        await this.jobs.cancelAll();
        return 'exit';
      default:
        throw new DirectiveError(`unknown command .${directive.name}; .help lists the REPL's commands`);
    }
  }

  private async cancelJob(tag: Token | undefined): Promise<void> {
    if (!tag) throw new DirectiveError('.cancel needs the tag of a background job; .jobs lists them');
    const job = this.jobs.get(tag.text);
    await job.cancel();
    await job.finished;
  }

  /** Sends a command and shows its replies; in the background it returns once started. */
  private async runCommand(request: CommandRequest): Promise<void> {
    let stream: RouterOSStream;
    try {
      stream = this.client.stream(request.path, request.words);
    } catch (error) {
      this.failures++;
      this.print(this.formatter.rejected(asError(error), true));
      return;
    }
    // `done` rejects as the iteration does; this handler keeps that second rejection quiet.
    stream.done.catch(() => undefined);
    const context: ReplyContext = { tag: stream.tag, background: request.background };
    const progress: Progress = { rows: 0, cancelled: false };
    const cancel = async () => {
      progress.cancelled = true;
      await stream.cancel();
    };
    const finished = this.show(stream, context, isStreamingCommand(request.path, request.words), progress);
    if (!request.background) {
      this.interruptForeground = () => {
        cancel().catch((error: unknown) => this.print(this.formatter.rejected(asError(error), true)));
      };
      try {
        await finished;
      } finally {
        this.interruptForeground = undefined;
      }
      return;
    }
    this.print(this.formatter.started(context, request.line.trim()));
    this.jobs.add({
      tag: stream.tag,
      line: request.line.trim(),
      startedAt: Date.now(),
      get rows() {
        return progress.rows;
      },
      cancel,
      finished,
    });
  }

  /** Consumes a command's replies and prints them: rows as they come when `streamed`, else a table at the end. Never rejects. */
  private async show(stream: RouterOSStream, context: ReplyContext, streamed: boolean, progress: Progress): Promise<void> {
    const rows: Record<string, string>[] = [];
    try {
      for await (const row of stream) {
        progress.rows++;
        if (streamed) this.print(this.formatter.row(context, row));
        else rows.push(row);
      }
      const { done, empty } = await stream.done;
      const reply = { ...(streamed ? {} : { rows }), done, empty, cancelled: progress.cancelled };
      for (const line of this.formatter.finished(context, reply)) this.print(line);
    } catch (error) {
      this.failures++;
      for (const line of this.formatter.failed(context, error)) this.print(line);
    }
  }
}

/** `.listen MENU [words]` → `MENU/listen [words]`; a path already ending in `/listen` stays. */
function listenRequest(directive: DirectiveLine, line: string): CommandRequest {
  const [menu, ...words] = directive.args;
  if (!menu?.text.startsWith('/')) {
    throw new DirectiveError('.listen needs a menu path, like .listen /ip/hotspot/user');
  }
  const base = menu.text.replace(/\/+$/, '');
  const path = base.endsWith('/listen') ? base : `${base}/listen`;
  return { path, words: toApiWords(words), background: directive.background, line };
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** Commands that never end on their own: rows are shown as they come, not as a table at the end. */
function isStreamingCommand(path: string, words: readonly string[]): boolean {
  return path.endsWith('/listen') || words.some((word) => /^=follow(-only)?=/.test(word));
}
