/**
 * Fault injection: what the mock does wrong, on purpose, to every connection (current and new)
 * until cleared. Connections read `current` when they reply, so a change applies at once.
 */
import { EventEmitter } from 'node:events';

/** The faults a test (or a CLI flag) can switch on. Paths are command words, e.g. `/ip/hotspot/user/add`. */
export interface FaultOptions {
  /** Write replies in chunks of this many bytes (1 included), one socket write each. */
  chunkSize?: number;
  /** Wait this long before writing each reply sentence. */
  replyDelayMs?: number;
  /** Commands that are received (and counted) but never answered nor run. */
  stallCommands?: string[];
  /** Close a connection after it wrote this many more bytes (counted from when the fault was set). */
  dropAfterBytes?: number;
  /** Run this command, write part of its reply, then close the connection. */
  dropMidReplyTo?: string;
  /**
   * Run `count` more of `command` (counted from when the fault was set, on every connection), then
   * close the connection before answering the last one: the router did it, the client never hears.
   * Commands that arrived after it are not run. A batch of pipelined commands cut mid-way.
   */
  dropAfterCommands?: { command: string; count: number };
  /**
   * MOCK-ONLY LINK MODEL, not a fault of the router: every command is run this long after it
   * arrived, commands in flight overlapping, so a round trip costs this much more, like a real link
   * (a pipelined batch pays it about once, one command at a time pays it per command). Unlike
   * `replyDelayMs`, which delays each reply sentence after the previous one.
   */
  linkLatencyMs?: number;
  /** Answer this command with bytes that break the framing (a 0xF5 length prefix and junk). */
  garbageReplyTo?: string;
  /** Answer this command with a single 0xF8 control byte. */
  controlByteReplyTo?: string;
  /** Answer this command with an untagged `!fatal` and a reason word, then close. */
  fatalReplyTo?: string;
  /** Answer these commands with `!trap =message=<text>` then `!done`, without running them. */
  trapReplyTo?: Record<string, string>;
}

/** The live fault switchboard of a mock router. */
export interface Faults {
  /** Replaces the active faults with `faults`. */
  set(faults: FaultOptions): void;
  /** Switches every fault off. */
  clear(): void;
  /** The active faults (a frozen copy). */
  readonly current: Readonly<FaultOptions>;
}

/** Reason word of the `!fatal` sent for `fatalReplyTo`. */
export const INJECTED_FATAL_REASON = 'mock-routeros injected fatal reply';

/** Validates fault values so that a typo fails loudly instead of silently disabling a fault. */
export function validateFaults(faults: FaultOptions): FaultOptions {
  const positive = (name: keyof FaultOptions, min: number) => {
    const value = faults[name];
    if (value === undefined) return;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
      throw new RangeError(`fault ${name} must be an integer >= ${min}, got ${String(value)}`);
    }
  };
  positive('chunkSize', 1);
  positive('replyDelayMs', 0);
  positive('dropAfterBytes', 0);
  positive('linkLatencyMs', 0);
  const drop = faults.dropAfterCommands;
  if (drop !== undefined && (!Number.isInteger(drop.count) || drop.count < 1 || !drop.command)) {
    throw new RangeError(`fault dropAfterCommands needs a command and a count >= 1, got ${JSON.stringify(drop)}`);
  }
  return faults;
}

/** The fault switchboard; emits `change` so connections can restart their byte budgets. */
export class FaultSwitchboard extends EventEmitter implements Faults {
  private active: Readonly<FaultOptions>;
  /** `dropAfterCommands.command` run since the fault was set. */
  private commandsTowardsDrop = 0;

  constructor(initial: FaultOptions = {}) {
    super();
    this.active = Object.freeze({ ...validateFaults(initial) });
  }

  get current(): Readonly<FaultOptions> {
    return this.active;
  }

  set(faults: FaultOptions): void {
    this.active = Object.freeze({ ...validateFaults(faults) });
    this.commandsTowardsDrop = 0;
    this.emit('change', this.active);
  }

  clear(): void {
    this.set({});
  }

  /** Counts a command run; true when it is the one after which `dropAfterCommands` closes the connection. */
  dropsAfter(command: string): boolean {
    const drop = this.active.dropAfterCommands;
    if (drop?.command !== command) return false;
    return ++this.commandsTowardsDrop === drop.count;
  }

  /** True when replies must go out sentence by sentence (delays, chunks or a byte budget). */
  get shapesOutput(): boolean {
    const f = this.active;
    return f.chunkSize !== undefined || (f.replyDelayMs ?? 0) > 0 || f.dropAfterBytes !== undefined;
  }
}
