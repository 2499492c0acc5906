/** The `routeros-repl` command line: which router, how to reach it, how to start. */
import { parseArgs } from 'node:util';
import type { TextEncodingName } from '../text-codec.js';
import { OUTPUT_FORMATS, type OutputFormat } from './reply-format.js';

export const USAGE = `\
Usage: routeros-repl --host HOST [--port N] [--user NAME] [--tls | --tls-anon-dh] [--tls-ca FILE]
                     [--encoding utf8|latin1|win1252] [--timeout MS] [--format table|json] [--trace]

The password comes from ROUTEROS_PASSWORD, or is asked for (without echo) on a terminal.
  --host HOST        router address (required)
  --port N           API port (default 8728, or 8729 with TLS)
  --user NAME        user name (default admin)
  --tls              api-ssl with a verified certificate (--tls-ca FILE to trust a self-signed CA)
  --tls-anon-dh      api-ssl of a router without a certificate: anonymous DH, NOT authenticated
  --encoding NAME    how word bytes are turned into text (default utf8)
  --timeout MS       connect + login deadline (default 10000)
  --format NAME      table (default) or json
  --trace            trace the wire from the start (login included; the password is masked)
Inside, .help lists the REPL's commands.`;

const ENCODINGS: readonly TextEncodingName[] = ['utf8', 'latin1', 'win1252'];

/** The command line was wrong; the message says how. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The parsed command line. */
export interface ReplOptions {
  host: string;
  port: number | undefined;
  user: string;
  tls: 'off' | 'verified' | 'anonymous-dh';
  tlsCaFile: string | undefined;
  encoding: TextEncodingName;
  timeoutMs: number | undefined;
  format: OutputFormat;
  trace: boolean;
  help: boolean;
}

/** Parses `argv` (without node and the script). Throws {@link UsageError} on a bad command line. */
export function parseReplOptions(argv: readonly string[]): ReplOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        user: { type: 'string', default: 'admin' },
        tls: { type: 'boolean', default: false },
        'tls-anon-dh': { type: 'boolean', default: false },
        'tls-ca': { type: 'string' },
        encoding: { type: 'string', default: 'utf8' },
        timeout: { type: 'string' },
        format: { type: 'string', default: 'table' },
        trace: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const help = values.help;
  if (!help && !values.host) throw new UsageError('--host is required');
  if (values.tls && values['tls-anon-dh']) throw new UsageError('choose one of --tls and --tls-anon-dh');
  if (values['tls-ca'] && !values.tls) throw new UsageError('--tls-ca needs --tls');
  return {
    host: values.host ?? '',
    port: values.port === undefined ? undefined : positiveInteger('--port', values.port, 65535),
    user: values.user,
    tls: values.tls ? 'verified' : values['tls-anon-dh'] ? 'anonymous-dh' : 'off',
    tlsCaFile: values['tls-ca'],
    encoding: oneOf('--encoding', values.encoding, ENCODINGS),
    timeoutMs: values.timeout === undefined ? undefined : positiveInteger('--timeout', values.timeout, 2 ** 31 - 1),
    format: oneOf('--format', values.format, OUTPUT_FORMATS),
    trace: values.trace,
    help,
  };
}

function positiveInteger(flag: string, text: string, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 1 || value > max) {
    throw new UsageError(`${flag} takes a whole number from 1 to ${max}, not ${JSON.stringify(text)}`);
  }
  return value;
}

/** Checks that `value` is one of `allowed` (also used for `.format`). */
export function oneOf<T extends string>(what: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`${what} takes ${allowed.join(' or ')}, not ${JSON.stringify(value)}`);
  }
  return value as T;
}
