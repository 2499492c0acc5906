/** TLS: verified with a pinned CA against the mock router, and anonymous DH against a real OpenSSL peer. */
import { caCert } from '@hotspot/test-certs';
import { startMockRouter, type MockRouter } from '@hotspot/mock-routeros';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ANONYMOUS_DH_WARNING_CODE, connect, ConnectionClosedError, encodeSentence, tlsOptionsFor } from '../src/index.js';
import { OpensslAdhPeer } from './helpers/openssl-adh-peer.js';

describe('certificate-verified TLS', () => {
  let router: MockRouter;
  beforeAll(async () => {
    router = await startMockRouter({ tlsPort: 0, password: 'pw' });
  });
  afterAll(() => router.close());

  it('logs in and runs commands over TLS with the CA pinned', async () => {
    const client = await connect({ host: '127.0.0.1', port: router.tlsPort!, username: 'admin', password: 'pw', tls: { ca: caCert } });
    expect((await client.exec('/system/identity/print')).rows).toEqual([{ name: router.state.identity }]);
    await client.close();
  });

  it('verifies the host name against the certificate (localhost)', async () => {
    const client = await connect({ host: 'localhost', port: router.tlsPort!, username: 'admin', password: 'pw', tls: { ca: caCert } });
    await client.close();
  });

  it('refuses a certificate it cannot verify, with the TLS error as cause', async () => {
    const error = await connect({ host: '127.0.0.1', port: router.tlsPort!, username: 'admin', password: 'pw', tls: true }).catch((e) => e);
    expect(error).toBeInstanceOf(ConnectionClosedError);
    expect(error.cause.code).toMatch(/SELF_SIGNED|UNABLE_TO_(VERIFY|GET_ISSUER)/);
  });
});

describe('anonymous Diffie-Hellman TLS', () => {
  it('builds the only options OpenSSL 3 accepts for a certificate-less router', () => {
    expect(tlsOptionsFor({ host: '192.0.2.1', tlsAnonymousDH: true })).toEqual({
      ciphers: 'ADH:@SECLEVEL=0',
      maxVersion: 'TLSv1.2',
      rejectUnauthorized: false,
    });
    expect(tlsOptionsFor({ host: 'router.lan', tls: true })).toEqual({ servername: 'router.lan' });
    expect(tlsOptionsFor({ host: 'router.lan' })).toBeUndefined();
  });

  it('logs in and runs commands against the mock router in certificate-less mode', async () => {
    const router = await startMockRouter({ tlsPort: 0, tlsAnonymousDH: true });
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const client = await connect({ host: 'localhost', port: router.tlsPort!, username: 'admin', tlsAnonymousDH: true });
      expect((await client.exec('/system/identity/print')).rows).toEqual([{ name: router.state.identity }]);
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^TLS with anonymous Diffie-Hellman to localhost/), {
        code: ANONYMOUS_DH_WARNING_CODE,
      });
      await client.close();
      const verified = await connect({ host: '127.0.0.1', port: router.tlsPort!, username: 'admin', tls: true }).catch((e) => e);
      expect(verified).toBeInstanceOf(ConnectionClosedError);
    } finally {
      warn.mockRestore();
      await router.close();
    }
  });

  it('completes the handshake with openssl s_server -nocert, logs in, runs a command, and warns', async () => {
    const peer = await OpensslAdhPeer.start();
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const connecting = connect({ host: '127.0.0.1', port: peer.port, username: 'admin', password: 'pw', tlsAnonymousDH: true });
      const login = encodeSentence(['/login', '=name=admin', '=password=pw', '.tag=1']);
      await peer.waitFor(login);
      expect(peer.transcript.toString('latin1')).toMatch(/CIPHER is ADH-/);
      peer.send(encodeSentence(['!done', '.tag=1']));
      const client = await connecting;
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/unauthenticated/), { code: ANONYMOUS_DH_WARNING_CODE });

      const identity = client.exec('/system/identity/print');
      await peer.waitFor(encodeSentence(['/system/identity/print', '.tag=2']));
      peer.send(Buffer.concat([encodeSentence(['!re', '=name=adh-router', '.tag=2']), encodeSentence(['!done', '.tag=2'])]));
      expect((await identity).rows).toEqual([{ name: 'adh-router' }]);
      await client.close();
    } finally {
      warn.mockRestore();
      await peer.stop();
    }
  });
});
