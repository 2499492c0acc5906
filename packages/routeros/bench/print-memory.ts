/**
 * The print benchmark without the network: the peer's 100,000-row reply, pre-encoded and cut
 * into 64 KiB chunks as a socket delivers them, is fed to a client connection on a fake socket.
 * What is left is the client's own CPU work (decode, parse, rows), which on a shared machine is
 * far steadier to compare than wall-clock time, and easy to profile:
 *   node --expose-gc --import tsx bench/print-memory.ts [reps]   (add --cpu-prof or --trace-gc)
 */
import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { encodeSentence } from '../src/sentence-encoder.js';
import { Connection } from '../src/connection.js';
import { getTextCodec } from '../src/text-codec.js';
import { benchRow, encodeRows, PRINT_ROWS } from './dataset.js';

/** The size of the chunks a TCP socket hands to 'data' on Linux loopback. */
const CHUNK_BYTES = 64 * 1024;

const rows = encodeRows(PRINT_ROWS);

/** The whole reply to the command tagged `tag`, as the peer writes it. */
function printReply(tag: string): Buffer {
  const head = encodeSentence(['!re', `.tag=${tag}`]).subarray(0, -1);
  const parts: Buffer[] = [];
  for (let i = 0; i < rows.count; i++) {
    parts.push(head, rows.bytes.subarray(rows.offsets[i]!, rows.offsets[i + 1]!), Buffer.from([0]));
  }
  parts.push(encodeSentence(['!done', `.tag=${tag}`]));
  return Buffer.concat(parts);
}

/** Just what a Connection calls on its socket. */
class FakeSocket extends EventEmitter {
  write(): boolean {
    return true;
  }
  cork(): void {}
  uncork(): void {}
  pause(): void {}
  resume(): void {}
}

const reps = Number(process.argv[2] ?? 15);
const gc = (globalThis as { gc?: () => void }).gc;
const socket = new FakeSocket();
const connection = new Connection(socket as unknown as Socket, {
  codec: getTextCodec('utf8'),
  timeoutMs: 0,
  peer: 'memory',
});
const cpuTimes: number[] = [];
const wallTimes: number[] = [];
// Built before the first print, so that no allocation of the harness falls inside a measured one.
const replies = Array.from({ length: reps + 1 }, (_, rep) => printReply(String(rep + 1)));
for (let rep = 0; rep <= reps; rep++) {
  const reply = replies[rep]!;
  gc?.();
  const before = process.cpuUsage();
  const startedAt = performance.now();
  const result = connection.exec('/ip/hotspot/active/print');
  for (let offset = 0; offset < reply.length; offset += CHUNK_BYTES) {
    socket.emit('data', reply.subarray(offset, offset + CHUNK_BYTES));
  }
  const { rows } = await result;
  const wall = performance.now() - startedAt;
  const used = process.cpuUsage(before);
  if (rows.length !== PRINT_ROWS || JSON.stringify(rows[4242]) !== JSON.stringify(benchRow(4242))) {
    throw new Error('wrong rows');
  }
  if (rep > 0) {
    wallTimes.push(wall);
    cpuTimes.push((used.user + used.system) / 1000);
  }
}
const summary = (times: number[]) => {
  const sorted = [...times].sort((a, b) => a - b);
  return `median ${sorted[sorted.length >> 1]!.toFixed(0)}, min ${sorted[0]!.toFixed(0)}, max ${sorted.at(-1)!.toFixed(0)}`;
};
console.log(`wall-clock ms per print: ${summary(wallTimes)}`);
console.log(`CPU ms per print (GC threads included): ${summary(cpuTimes)}`);
