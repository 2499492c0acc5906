import { once } from 'node:events';
import { Socket } from 'node:net';
import { startMockRouter } from '@hotspot/mock-routeros';
import { describe, expect, it, vi } from 'vitest';
import { AbortError, challengeResponse, connect, ConnectionClosedError, LoginError, TimeoutError, type WireEvent } from '../src/index.js';
import { closedPort } from './helpers/closed-port.js';
import { RawPeer } from './helpers/raw-peer.js';

describe('challengeResponse', () => {
  it.each([
    ['259e0bc05acd6f46926dc2f809ed1bba', 'test', '00c7fd865183a43a772dde231f6d0bff13'],
    ['93b438ec9b80057c06dd9fe67d56aa9a', '', '00e134102a9d330dd7b1849fedfea3cb57'],
  ])('answers challenge %s with password %j as PROTOCOL.md says', (challenge, password, response) => {
    expect(challengeResponse(Buffer.from(password), challenge)).toBe(response);
  });

  it('refuses a malformed challenge', () => {
    expect(() => challengeResponse(Buffer.from('x'), 'zz')).toThrow(LoginError);
  });
});

describe('login against the mock router', () => {
  it('logs in with the plain form on RouterOS 7', async () => {
    const router = await startMockRouter({ password: 'sécret' });
    try {
      const client = await connect({ host: '127.0.0.1', port: router.port, username: 'admin', password: 'sécret' });
      const { rows } = await client.exec('/system/identity/print');
      expect(rows[0]?.name).toBe(router.state.identity);
      await client.close();
    } finally {
      await router.close();
    }
  });

  it('answers the MD5 challenge of RouterOS before 6.43, and never shows the response', async () => {
    const router = await startMockRouter({ rosVersion: '6.40.8', password: 'test' });
    const wire: WireEvent[] = [];
    try {
      const client = await connect({
        host: '127.0.0.1',
        port: router.port,
        username: 'admin',
        password: 'test',
        onWire: (event) => wire.push(event),
      });
      expect((await client.exec('/system/resource/print')).rows[0]?.version).toMatch(/^6\.40\.8/);
      expect(router.stats.commands['/login']).toBe(2);
      const sent = wire.filter((event) => event.direction === 'out').flatMap((event) => event.words.map(String));
      expect(sent).toContain('=response=********');
      expect(sent).toContain('=password=********');
      expect(sent.join(' ')).not.toMatch(/=response=00|=password=test/);
      await client.close();
    } finally {
      await router.close();
    }
  });

  it('rejects a bad password with LoginError carrying the router text, and closes the socket', async () => {
    const router = await startMockRouter({ password: 'right' });
    try {
      const error = await connect({ host: '127.0.0.1', port: router.port, username: 'admin', password: 'wrong' }).catch((e) => e);
      expect(error).toBeInstanceOf(LoginError);
      expect(error.message).toBe('invalid user name or password (6)');
      await expect.poll(() => router.stats.openConnections).toBe(0);
    } finally {
      await router.close();
    }
  });
});

describe('connect failures', () => {
  it('rejects with TimeoutError when login does not finish in time, and closes the socket', async () => {
    const peer = await RawPeer.start();
    try {
      const started = Date.now();
      const attempt = connect({ host: '127.0.0.1', port: peer.port, username: 'admin', timeout: 150 });
      const connection = await peer.nextConnection();
      const error = await attempt.catch((e) => e);
      expect(error).toBeInstanceOf(TimeoutError);
      expect(error.timeoutMs).toBe(150);
      expect(Date.now() - started).toBeLessThan(2000);
      await once(connection.socket, 'close');
    } finally {
      await peer.close();
    }
  });

  it('rejects with AbortError when the signal aborts during login', async () => {
    const peer = await RawPeer.start();
    try {
      const controller = new AbortController();
      const attempt = connect({ host: '127.0.0.1', port: peer.port, username: 'admin', signal: controller.signal });
      const connection = await peer.nextConnection();
      await connection.nextSentence();
      controller.abort(new Error('user gave up'));
      const error = await attempt.catch((e) => e);
      expect(error).toBeInstanceOf(AbortError);
      expect(error.cause).toEqual(new Error('user gave up'));
    } finally {
      await peer.close();
    }
  });

  it('rejects with ConnectionClosedError carrying the system error when nothing listens', async () => {
    const error = await connect({ host: '127.0.0.1', port: await closedPort(), username: 'admin' }).catch((e) => e);
    expect(error).toBeInstanceOf(ConnectionClosedError);
    expect(error.cause.code).toBe('ECONNREFUSED');
  });

  it('rejects with ConnectionClosedError when the router hangs up during login', async () => {
    const peer = await RawPeer.start();
    try {
      const attempt = connect({ host: '127.0.0.1', port: peer.port, username: 'admin' });
      const connection = await peer.nextConnection();
      await connection.nextSentence();
      connection.socket.destroy();
      await expect(attempt).rejects.toBeInstanceOf(ConnectionClosedError);
    } finally {
      await peer.close();
    }
  });

  it('refuses invalid options with TypeError', async () => {
    await expect(connect({ host: '', username: 'a' })).rejects.toThrow(TypeError);
    await expect(connect({ host: 'h', username: 'a', port: 70000 })).rejects.toThrow(TypeError);
    await expect(connect({ host: 'h', username: 'a', timeout: -1 })).rejects.toThrow(TypeError);
  });
});

describe('socket options', () => {
  it.each([
    [undefined, [true, 30_000]],
    [true, [true, 30_000]],
    [5_000, [true, 5_000]],
    [false, undefined],
  ] as const)('keepalive %s sets TCP keepalive to %j', async (keepalive, expected) => {
    const router = await startMockRouter();
    const setKeepAlive = vi.spyOn(Socket.prototype, 'setKeepAlive');
    try {
      const client = await connect({ host: '127.0.0.1', port: router.port, username: 'admin', keepalive });
      if (expected) expect(setKeepAlive).toHaveBeenCalledWith(...expected);
      else expect((setKeepAlive.mock.contexts as Socket[]).filter((socket) => socket.remotePort === router.port)).toEqual([]);
      await client.close();
    } finally {
      setKeepAlive.mockRestore();
      await router.close();
    }
  });
});
