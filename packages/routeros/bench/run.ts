/**
 * The benchmarks of issue 2, ours against node-routeros 1.6.9 on the same peer in the same run:
 *   1. a 100,000-row print (~32 MB) into row objects: MB/s, time, ratio (target >= 10x), and for
 *      scale the same reply read from a raw socket with no decoding, and V8's own JSON.parse
 *      building the same rows from a JSON string already in memory;
 *   2. 10,000 small commands at concurrency 100 on one connection: commands/s, ratio (target >= 10x);
 *   3. 1,000,000 rows through `stream()`: peak RSS of a client-only child process (target < 150 MB).
 * Run: `npm run bench -w packages/routeros` (BENCH_REPS=n to change the repetitions, default 5).
 *
 * The peer runs in a child process (bench/peer-process.ts), so it never competes with the client
 * for an event loop. After one uncounted warm-up, repetitions alternate ours/theirs, each after a
 * full GC; medians are printed, with the CPU time of the client process too: on a shared machine
 * it varies less than wall time.
 *
 * node-routeros quirks worked around here: it is CommonJS only (loaded with createRequire); its
 * `timeout` is in seconds and is an idle-socket timeout; `write()` resolves to row objects, so it
 * is measured the same way as our `exec()`. Its known reply losses (a final `00` alone in a TCP
 * chunk) and its crash on `!empty` are not triggered: the peer writes whole sentences in large
 * batches and never answers `!empty`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { connect as netConnect, type Socket } from 'node:net';
import { cpus, totalmem } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { encodeSentence } from '../src/sentence-encoder.js';
import { connect, type RouterOSClient } from '../src/index.js';
import { benchRow, PRINT_ROWS, printReplySize, STREAM_ROWS } from './dataset.js';
import type { PeerReady } from './peer-process.js';
import type { StreamResult } from './stream-rss.js';

/** The parts of node-routeros 1.6.9 this benchmark uses (it ships CJS and loose typings). */
interface NodeRouterOS {
  connect(): Promise<unknown>;
  write(command: string, params?: string[]): Promise<Array<Record<string, string>>>;
  close(): Promise<unknown>;
}
type NodeRouterOSConstructor = new (options: {
  host: string;
  port: number;
  user: string;
  password: string;
  timeout: number;
}) => NodeRouterOS;

const REPS = Number(process.env.BENCH_REPS ?? 5);
const COMMANDS = 10_000;
const CONCURRENCY = 100;
const STREAM_REPS = 3;
const PRINT_PATH = '/ip/hotspot/active/print';
const SET_PATH = '/ip/hotspot/user/set';

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const gc = (globalThis as { gc?: () => void }).gc;

/** Starts a TypeScript entry point in a child Node process; resolves with its first stdout line. */
async function spawnTs(entry: string, args: string[]): Promise<{ child: ChildProcess; line: Promise<string> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', here(entry), ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const line = new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`${entry} exited with code ${code} before reporting`)));
    child.once('error', reject);
  });
  return { child, line };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Wall-clock and CPU time of one run, in ms. */
interface Timing {
  wall: number;
  /** User + system CPU of this whole process (GC threads included) during the run. */
  cpu: number;
}

/** Longest a single run may take; node-routeros can lose a reply and would otherwise hang the run. */
const RUN_DEADLINE_MS = 120_000;

/** Runs `task` once after a full GC; fails the benchmark if it does not finish in time. */
async function timed(task: () => Promise<void>): Promise<Timing> {
  gc?.();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`a run took over ${RUN_DEADLINE_MS} ms (a lost reply?)`)), RUN_DEADLINE_MS);
  });
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  try {
    await Promise.race([task(), deadline]);
  } finally {
    clearTimeout(timer);
  }
  const wall = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  return { wall, cpu: (cpu.user + cpu.system) / 1000 };
}

/** Medians of a series of timings. */
function medianTiming(timings: Timing[]): Timing {
  return { wall: median(timings.map((t) => t.wall)), cpu: median(timings.map((t) => t.cpu)) };
}

/** Row `index` must be the peer's row `index`: a wrong or lossy decode fails the benchmark. */
function checkRows(rows: Array<Record<string, string>>, who: string): void {
  if (rows.length !== PRINT_ROWS) throw new Error(`${who}: ${rows.length} rows, expected ${PRINT_ROWS}`);
  for (const index of [0, 4_242, PRINT_ROWS - 1]) {
    const expected = JSON.stringify(benchRow(index));
    if (JSON.stringify(rows[index]) !== expected) throw new Error(`${who}: row ${index} differs from the peer's`);
  }
}

/** Sends the print on a plain socket and resolves once its whole reply arrived, decoding nothing. */
function readRawPrint(socket: Socket, tag: string, replyBytes: number): Promise<void> {
  return new Promise((resolve) => {
    let received = 0;
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received < replyBytes) return;
      socket.off('data', onData);
      resolve();
    };
    socket.on('data', onData);
    socket.write(encodeSentence([PRINT_PATH, `.tag=${tag}`]));
  });
}

/** Runs `count` commands with `concurrency` in flight at any time. */
async function runConcurrently(count: number, concurrency: number, command: () => Promise<unknown>): Promise<void> {
  let started = 0;
  const worker = async () => {
    while (started < count) {
      started++;
      await command();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** How a figure compares with its target, for the printed summary. */
const verdict = (met: boolean) => (met ? 'meets the target' : 'BELOW THE TARGET');

const format = (value: number, digits = 0) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

async function main(): Promise<void> {
  if (!gc) throw new Error('run with --expose-gc (npm run bench does)');
  const require = createRequire(import.meta.url);
  const { RouterOSAPI } = require('node-routeros') as { RouterOSAPI: NodeRouterOSConstructor };

  const peerProcess = await spawnTs('./peer-process.ts', []);
  const peer = JSON.parse(await peerProcess.line) as PeerReady;
  const ours: RouterOSClient = await connect({ host: '127.0.0.1', port: peer.port, username: 'admin', timeout: 120_000 });
  const theirs = new RouterOSAPI({ host: '127.0.0.1', port: peer.port, user: 'admin', password: '', timeout: 120 });
  await theirs.connect();
  const raw = netConnect({ host: '127.0.0.1', port: peer.port });
  await once(raw, 'connect');
  // The raw socket's print is tagged "42". The clients' tags differ (ours "1", "2", ...; theirs
  // random base-36): their reply is sized with the same 2-character tag.
  const rawReplyBytes = printReplySize(peer.printRows, peer.printRowBytes, '42');
  const replyMB = rawReplyBytes / 1e6;
  const cpu = cpus();
  console.log(`machine: ${cpu[0]?.model.trim()} x ${cpu.length} cores, ${format(totalmem() / 2 ** 30, 1)} GiB, Node ${process.version}`);
  console.log(`repetitions: ${REPS} each after one warm-up (medians), ours and node-routeros alternating, one connection each\n`);

  const printTimes = { ours: [] as Timing[], theirs: [] as Timing[], rawSocket: [] as Timing[], jsonParse: [] as Timing[] };
  const printJson = JSON.stringify(Array.from({ length: PRINT_ROWS }, (_, index) => benchRow(index)));
  const commandTimes = { ours: [] as Timing[], theirs: [] as Timing[] };
  // Repetition -1 warms the JIT of both clients up and is not counted.
  for (let rep = -1; rep < REPS; rep++) {
    const record = (series: Timing[], timing: Timing) => rep >= 0 && series.push(timing);
    record(printTimes.ours, await timed(async () => checkRows((await ours.exec(PRINT_PATH)).rows, '@hotspot/routeros')));
    record(printTimes.theirs, await timed(async () => checkRows(await theirs.write(PRINT_PATH), 'node-routeros')));
    record(printTimes.rawSocket, await timed(() => readRawPrint(raw, '42', rawReplyBytes)));
    record(printTimes.jsonParse, await timed(async () => checkRows(JSON.parse(printJson), 'JSON.parse')));
    record(
      commandTimes.ours,
      await timed(() => runConcurrently(COMMANDS, CONCURRENCY, () => ours.exec(SET_PATH, { numbers: '*1', comment: 'bench' }))),
    );
    record(
      commandTimes.theirs,
      await timed(() => runConcurrently(COMMANDS, CONCURRENCY, () => theirs.write(SET_PATH, ['=numbers=*1', '=comment=bench']))),
    );
  }
  await ours.close();
  await theirs.close();
  raw.destroy();

  const printOurs = medianTiming(printTimes.ours);
  const printTheirs = medianTiming(printTimes.theirs);
  const printLine = (who: string, t: Timing) =>
    `   ${who.padEnd(20)} ${format(t.wall).padStart(6)} ms  ${format(replyMB / (t.wall / 1000), 1).padStart(6)} MB/s   (CPU ${format(t.cpu)} ms)`;
  console.log(`1. print of ${format(PRINT_ROWS)} rows (${format(replyMB, 1)} MB) into row objects`);
  console.log(printLine('@hotspot/routeros', printOurs));
  console.log(printLine('node-routeros 1.6.9', printTheirs));
  console.log(
    `   ratio ${format(printTheirs.wall / printOurs.wall, 1)}x wall clock, ${format(printTheirs.cpu / printOurs.cpu, 1)}x CPU (target >= 10x: ${verdict(printTheirs.wall / printOurs.wall >= 10)})`,
  );
  const forScale = (what: string, t: Timing) => console.log(`   for scale: ${what} ${format(t.wall)} ms (CPU ${format(t.cpu)} ms)`);
  forScale('the same reply read from a plain socket, decoding nothing', medianTiming(printTimes.rawSocket));
  forScale('JSON.parse of the same rows from a string in memory', medianTiming(printTimes.jsonParse));
  console.log(`   10x node-routeros means the whole print in ${format(printTheirs.wall / 10)} ms\n`);

  const commandsOurs = medianTiming(commandTimes.ours);
  const commandsTheirs = medianTiming(commandTimes.theirs);
  const commandLine = (who: string, t: Timing) =>
    `   ${who.padEnd(20)} ${format(COMMANDS / (t.wall / 1000)).padStart(7)} commands/s   (CPU ${format(t.cpu)} ms)`;
  console.log(`2. ${format(COMMANDS)} small commands, ${CONCURRENCY} in flight on one connection`);
  console.log(commandLine('@hotspot/routeros', commandsOurs));
  console.log(commandLine('node-routeros 1.6.9', commandsTheirs));
  console.log(
    `   ratio ${format(commandsTheirs.wall / commandsOurs.wall, 1)}x wall clock, ${format(commandsTheirs.cpu / commandsOurs.cpu, 1)}x CPU (target >= 10x: ${verdict(commandsTheirs.wall / commandsOurs.wall >= 10)})\n`,
  );

  const streams: StreamResult[] = [];
  for (let rep = 0; rep < STREAM_REPS; rep++) {
    const { line } = await spawnTs('./stream-rss.ts', [String(peer.port), String(STREAM_ROWS)]);
    streams.push(JSON.parse(await line) as StreamResult);
  }
  const worstPeak = Math.max(...streams.map((run) => run.peakRssMB));
  const rowsPerSecond = median(streams.map((run) => run.rows / (run.milliseconds / 1000)));
  console.log(`3. ${format(STREAM_ROWS)} rows through stream() in a client-only child process (${STREAM_REPS} runs)`);
  console.log(
    `   ${format(rowsPerSecond)} rows/s (median); peak RSS ${format(worstPeak, 1)} MB (worst run; after connect ${format(median(streams.map((run) => run.baselineRssMB)), 1)} MB)`,
  );
  console.log(`   target: peak RSS < 150 MB: ${verdict(worstPeak < 150)}`);

  peerProcess.child.stdin!.end();
  await once(peerProcess.child, 'exit');
}

await main();
