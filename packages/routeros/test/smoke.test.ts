import { describe, expect, it } from 'vitest';
import { connect } from '../src/index.js';
import { RawPeer, tagOf } from './helpers/raw-peer.js';

describe('smoke', () => {
  it('logs in and execs', async () => {
    const peer = await RawPeer.start();
    const clientPromise = connect({ host: '127.0.0.1', port: peer.port, username: 'admin', password: 'x' });
    const conn = await peer.nextConnection();
    const login = await conn.nextSentence();
    expect(login).toEqual(['/login', '=name=admin', '=password=x', '.tag=1']);
    conn.reply('!done', '.tag=1');
    const client = await clientPromise;
    const result = client.exec('/system/identity/print');
    const cmd = await conn.nextSentence();
    conn.reply('!re', '=name=MikroTik', `.tag=${tagOf(cmd)}`);
    conn.reply('!done', `.tag=${tagOf(cmd)}`);
    expect(await result).toEqual({ rows: [{ name: 'MikroTik' }], done: {}, empty: false });
    await client.close();
    expect(await client.closed).toBeUndefined();
    await peer.close();
  });
});
