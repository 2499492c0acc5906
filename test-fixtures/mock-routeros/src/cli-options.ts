/**
 * Command-line flags of `mock-routeros` → `MockRouterOptions`. Unknown flags and bad values are
 * errors (a silently ignored typo in a fault flag would make a test pass for the wrong reason).
 */
import { parseArgs } from 'node:util';
import type { FaultOptions } from './faults.js';
import type { MockRouterOptions } from './server.js';

/** A flag value the CLI cannot use. */
export class CliUsageError extends Error {
  override name = 'CliUsageError';
}

export const USAGE = `usage: mock-routeros [options]
  --host ADDRESS              listen address (default 127.0.0.1)
  --port N                    API port (default 8728; 0 = any free port)
  --user NAME                 login user (default admin)
  --password TEXT             login password (default empty)
  --tls-port N                also serve api-ssl on this port (test certificate)
  --tls-anonymous-dh          api-ssl without a certificate: anonymous DH only, TLS 1.2
  --ros-version X.Y.Z         claimed RouterOS version (default 7.19.6)
  --seed-active N             generate N active hotspot sessions
  --profile NAME[:TIMEOUT]    add a hotspot user profile (repeatable), e.g. --profile 1h:1h
  --hotspot-http-port N       serve the hotspot login pages on this port (0 = any free port)
  --hotspot-login-by LIST     login-by of the hotspot server profile (default cookie,http-chap)
fault flags:
  --chunk-size N              write replies in chunks of N bytes
  --reply-delay-ms N          delay every reply sentence
  --stall PATH                never answer this command (repeatable)
  --drop-after-bytes N        close each connection after it wrote N bytes
  --drop-mid-reply-to PATH    close mid-reply to this command
  --garbage-reply-to PATH     answer this command with malformed bytes
  --control-byte-reply-to PATH  answer this command with a 0xF8 control byte
  --fatal-reply-to PATH       answer this command with !fatal and close
  --trap-reply-to PATH=TEXT   answer this command with !trap =message=TEXT (repeatable)
mock-only link model:
  --link-latency-ms N         run every command N ms after it arrived (overlapping), like a slow link
  --help                      show this text`;

function integer(flag: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min)
    throw new CliUsageError(`--${flag} needs an integer >= ${min}, got ${JSON.stringify(value)}`);
  return Number(value);
}

/** Parses argv (without node and the script); `help: true` when --help was given. */
export function parseCliOptions(argv: string[]): { help: boolean; options: MockRouterOptions } {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        user: { type: 'string' },
        password: { type: 'string' },
        'tls-port': { type: 'string' },
        'tls-anonymous-dh': { type: 'boolean' },
        'ros-version': { type: 'string' },
        'seed-active': { type: 'string' },
        profile: { type: 'string', multiple: true },
        'hotspot-http-port': { type: 'string' },
        'hotspot-login-by': { type: 'string' },
        'chunk-size': { type: 'string' },
        'reply-delay-ms': { type: 'string' },
        stall: { type: 'string', multiple: true },
        'drop-after-bytes': { type: 'string' },
        'drop-mid-reply-to': { type: 'string' },
        'garbage-reply-to': { type: 'string' },
        'control-byte-reply-to': { type: 'string' },
        'fatal-reply-to': { type: 'string' },
        'trap-reply-to': { type: 'string', multiple: true },
        'link-latency-ms': { type: 'string' },
        help: { type: 'boolean' },
      },
    });
  } catch (error) {
    throw new CliUsageError((error as Error).message);
  }
  const v = parsed.values;
  const faults: FaultOptions = {};
  const set = <K extends keyof FaultOptions>(key: K, value: FaultOptions[K] | undefined) => {
    if (value !== undefined) faults[key] = value;
  };
  set('chunkSize', integer('chunk-size', v['chunk-size'], 1));
  set('replyDelayMs', integer('reply-delay-ms', v['reply-delay-ms'], 0));
  set('stallCommands', v.stall);
  set('dropAfterBytes', integer('drop-after-bytes', v['drop-after-bytes'], 0));
  set('dropMidReplyTo', v['drop-mid-reply-to']);
  set('linkLatencyMs', integer('link-latency-ms', v['link-latency-ms'], 0));
  set('garbageReplyTo', v['garbage-reply-to']);
  set('controlByteReplyTo', v['control-byte-reply-to']);
  set('fatalReplyTo', v['fatal-reply-to']);
  if (v['trap-reply-to']) {
    const traps: Record<string, string> = {};
    for (const entry of v['trap-reply-to']) {
      const separator = entry.indexOf('=');
      if (separator <= 0) throw new CliUsageError(`--trap-reply-to needs PATH=TEXT, got ${JSON.stringify(entry)}`);
      traps[entry.slice(0, separator)] = entry.slice(separator + 1);
    }
    faults.trapReplyTo = traps;
  }
  const profiles = (v.profile ?? []).map((entry): Record<string, string> => {
    const [name = '', timeout] = entry.split(':');
    if (name === '') throw new CliUsageError(`--profile needs NAME[:SESSION-TIMEOUT], got ${JSON.stringify(entry)}`);
    return timeout ? { name, 'session-timeout': timeout } : { name };
  });
  const options: MockRouterOptions = {
    host: v.host ?? '127.0.0.1',
    port: integer('port', v.port, 0) ?? 8728,
    username: v.user ?? 'admin',
    password: v.password ?? '',
  };
  const tlsPort = integer('tls-port', v['tls-port'], 0);
  if (tlsPort !== undefined) options.tlsPort = tlsPort;
  if (v['tls-anonymous-dh']) {
    if (tlsPort === undefined) throw new CliUsageError('--tls-anonymous-dh needs --tls-port');
    options.tlsAnonymousDH = true;
  }
  if (v['ros-version'] !== undefined) options.rosVersion = v['ros-version'];
  const seedActive = integer('seed-active', v['seed-active'], 0);
  if (seedActive !== undefined) options.seedActive = seedActive;
  if (profiles.length > 0) options.profiles = profiles;
  const hotspotHttpPort = integer('hotspot-http-port', v['hotspot-http-port'], 0);
  const loginBy = v['hotspot-login-by'];
  if (loginBy !== undefined && hotspotHttpPort === undefined) throw new CliUsageError('--hotspot-login-by needs --hotspot-http-port');
  if (hotspotHttpPort !== undefined) options.hotspotHttp = { port: hotspotHttpPort, ...(loginBy === undefined ? {} : { loginBy }) };
  if (Object.keys(faults).length > 0) options.faults = faults;
  return { help: v.help ?? false, options };
}
