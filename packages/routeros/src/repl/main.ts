/**
 * `routeros-repl`: a protocol-debugging REPL for the RouterOS API. This is the entry of the
 * package's separate `repl` build; the library's main entry never loads it.
 */
import { readFile } from 'node:fs/promises';
import { connect, type ConnectOptions, type RouterOSClient } from '../index.js';
import { getTextCodec } from '../text-codec.js';
import { USAGE, UsageError, parseReplOptions, type ReplOptions } from './cli-options.js';
import { HistoryFile, historyPath } from './history.js';
import { InputLoop } from './input-loop.js';
import { PasswordUnavailableError, readPassword } from './password-prompt.js';
import { describeError } from './reply-format.js';
import { ReplSession } from './session.js';
import { WireTracer } from './trace-format.js';

/** Exit codes, as `.help` documents them. */
const EXIT = { ok: 0, failures: 1, usage: 2, connection: 3, interrupted: 130 } as const;

async function connectOptions(options: ReplOptions, password: string, tracer: WireTracer): Promise<ConnectOptions> {
  // Anonymous DH needs no `tls`: the library implies it, and warns that the router is not authenticated.
  const tls = options.tls !== 'verified' ? undefined : options.tlsCaFile ? { ca: await readFile(options.tlsCaFile) } : true;
  return {
    host: options.host,
    ...(options.port === undefined ? {} : { port: options.port }),
    username: options.user,
    password,
    ...(tls === undefined ? {} : { tls }),
    ...(options.tls === 'anonymous-dh' ? { tlsAnonymousDH: true } : {}),
    ...(options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs }),
    encoding: options.encoding,
    onWire: tracer.onWire,
  };
}

/** Runs the REPL with the process's streams; resolves to the exit code. */
async function main(argv: readonly string[]): Promise<number> {
  let options: ReplOptions;
  try {
    options = parseReplOptions(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`routeros-repl: ${error.message}\n\n${USAGE}\n`);
    return EXIT.usage;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return EXIT.ok;
  }
  let password: string;
  try {
    password = await readPassword(process.stdin, process.stderr);
  } catch (error) {
    if (!(error instanceof PasswordUnavailableError)) throw error;
    process.stderr.write(`routeros-repl: ${error.message}\n`);
    return EXIT.usage;
  }

  const interactive = process.stdin.isTTY === true;
  const path = historyPath();
  const loop = new InputLoop({
    input: process.stdin,
    output: process.stdout,
    interactive,
    prompt: `${options.user}@${options.host}> `,
    history: path === undefined ? undefined : new HistoryFile(path),
  });
  const tracer = new WireTracer(getTextCodec(options.encoding), loop.print, options.trace);
  let client: RouterOSClient;
  try {
    client = await connect(await connectOptions(options, password, tracer));
  } catch (error) {
    process.stderr.write(`routeros-repl: could not connect to ${options.host}: ${describeError(error)}\n`);
    return EXIT.connection;
  }
  if (interactive) loop.print(`connected to ${options.host} as ${options.user}; .help lists the REPL's commands`);

  const session = new ReplSession(client, loop.print, tracer);
  const end = await loop.run(session, client.closed);
  // `!fatal` or a drop can end the connection before `closed` has told the loop.
  if (end === 'connection-lost' || !client.isOpen) {
    const cause = await client.closed;
    process.stderr.write(`routeros-repl: connection lost${cause ? `: ${describeError(cause)}` : ''}\n`);
    return EXIT.connection;
  }
  // Jobs still running (Ctrl-C twice, or at rest in a script) end with their own !done, not a torn socket.
  await session.jobs.cancelAll();
  await client.close();
  if (end === 'interrupted') return EXIT.interrupted;
  return session.failures > 0 ? EXIT.failures : EXIT.ok;
}

// A reader that went away (`routeros-repl … | head`) is the end of the session, not a crash.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? EXIT.ok);
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`routeros-repl: ${describeError(error)}\n`);
    process.exitCode = EXIT.failures;
  },
);
