/** The benchmarks keep their peers (mock routers, fake gateways) in a child process, so the figures measure the service alone. */
import type { ChildProcess } from 'node:child_process';

/** A message between a benchmark and its child: every one names its kind; a child that failed says why. */
export type Message = { kind: string };

/** Sends one request to the child and waits for the reply of the expected kind (a `failed` reply rejects with its message). */
export function ask<Reply extends Message, K extends Reply['kind']>(
  worker: ChildProcess,
  request: Message,
  expected: K,
): Promise<Extract<Reply, { kind: K }>> {
  return new Promise((resolve, reject) => {
    worker.once('message', (reply: Reply) => {
      if (reply.kind === expected) resolve(reply as Extract<Reply, { kind: K }>);
      else reject(new Error(reply.kind === 'failed' ? (reply as { message?: string }).message : `unexpected ${reply.kind}`));
    });
    worker.send(request);
  });
}
