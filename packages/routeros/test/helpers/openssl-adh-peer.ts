/**
 * A real anonymous-DH TLS peer: `openssl s_server -nocert` with the ADH suites, as a
 * certificate-less RouterOS api-ssl service offers them. Bytes the client sends appear on
 * the process's stdout; bytes written to its stdin go to the client.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';

export class OpensslAdhPeer {
  private output = Buffer.alloc(0);
  private readonly waiters = new Set<() => void>();

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    readonly port: number,
  ) {}

  static async start(): Promise<OpensslAdhPeer> {
    const child = spawn('openssl', ['s_server', '-nocert', '-cipher', 'ADH:@SECLEVEL=0', '-accept', '127.0.0.1:0', '-naccept', '1']);
    let text = '';
    const port = await new Promise<number>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`openssl s_server exited with ${code}: ${text}`)));
      child.stdout.on('data', function onData(chunk: Buffer) {
        text += chunk.toString('latin1');
        const match = /ACCEPT .*:(\d+)/.exec(text);
        if (match) {
          child.stdout.off('data', onData);
          resolve(Number(match[1]));
        }
      });
    });
    const peer = new OpensslAdhPeer(child, port);
    child.stdout.on('data', (chunk: Buffer) => {
      peer.output = Buffer.concat([peer.output, chunk]);
      for (const waiter of peer.waiters) waiter();
    });
    return peer;
  }

  /** Everything s_server printed since the handshake began (its own notes and the client's bytes). */
  get transcript(): Buffer {
    return this.output;
  }

  /** Resolves once the transcript contains `bytes`. */
  waitFor(bytes: Buffer): Promise<void> {
    return new Promise((resolve) => {
      const check = () => {
        if (this.output.includes(bytes)) {
          this.waiters.delete(check);
          resolve();
        }
      };
      this.waiters.add(check);
      check();
    });
  }

  /** Sends raw bytes to the client over the TLS session. */
  send(bytes: Buffer): void {
    this.child.stdin.write(bytes);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = once(this.child, 'exit');
    this.child.kill();
    await exited;
  }
}
