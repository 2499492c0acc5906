/**
 * Streams the peer's rows through `client.stream()` in a process that holds nothing else, so
 * its peak RSS is the client's. Usage: `node --import tsx bench/stream-rss.ts <port> <rows>`.
 * Prints one JSON line ({@link StreamResult}).
 */
import { resourceUsage } from 'node:process';
import { connect } from '../src/index.js';
import { benchRow, PRINT_ROWS } from './dataset.js';

/** What the child reports. */
export interface StreamResult {
  rows: number;
  milliseconds: number;
  /** Peak resident set size of the whole process (the kernel's high-water mark), MB. */
  peakRssMB: number;
  /** RSS after connecting, before the stream starts, MB. */
  baselineRssMB: number;
}

const MB = 1024 * 1024;
const [port, wanted] = process.argv.slice(2).map(Number);
if (!port || !wanted) throw new Error('usage: stream-rss.ts <port> <rows>');

const client = await connect({ host: '127.0.0.1', port, username: 'admin', timeout: 60_000 });
const baselineRssMB = process.memoryUsage.rss() / MB;
const started = performance.now();
let rows = 0;
for await (const row of client.stream('/ip/hotspot/active/listen')) {
  // The peer cycles through the print rows; a spot check now and then proves they are real.
  if (rows % 99_991 === 0 && row.user !== benchRow(rows % PRINT_ROWS).user) {
    throw new Error(`row ${rows} has user ${row.user}`);
  }
  if (++rows === wanted) break;
}
const milliseconds = performance.now() - started;
await client.close();
const result: StreamResult = {
  rows,
  milliseconds,
  peakRssMB: (resourceUsage().maxRSS * 1024) / MB,
  baselineRssMB,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
