/**
 * Runs the benchmark peer in a process of its own, so that it never competes with the client
 * under test for an event loop. Prints one JSON line ({@link PeerReady}) once it listens, and
 * exits when its parent closes stdin.
 */
import { encodeRows, PRINT_ROWS, STREAM_ROWS } from './dataset.js';
import { startBenchPeer } from './peer.js';

/** The line the peer prints when it is ready. */
export interface PeerReady {
  port: number;
  printRows: number;
  /** Bytes of all print rows' attribute words; with the tag it gives the reply size. */
  printRowBytes: number;
}

const printRows = encodeRows(PRINT_ROWS);
const peer = await startBenchPeer({ printRows, streamRows: STREAM_ROWS });
const ready: PeerReady = { port: peer.port, printRows: printRows.count, printRowBytes: printRows.bytes.length };
process.stdout.write(`${JSON.stringify(ready)}\n`);
process.stdin.resume();
process.stdin.once('end', () => void peer.close());
