import { createRequire } from 'node:module';
import { connect as connectTls, type TLSSocket } from 'node:tls';
import { caCert } from '@hotspot/test-certs';
import { describe, expect, it } from 'vitest';
import { rawClient, routerForTest } from './helpers/router.js';

describe('api-ssl listener', () => {
  it('serves the same API over TLS with the test certificate', async () => {
    const router = await routerForTest({ tlsPort: 0 });
    expect(router.tlsPort).toBeGreaterThan(0);
    expect(router.tlsPort).not.toBe(router.port);
    const client = await rawClient(router.tlsPort!, { tls: true });
    expect(await client.command(['/login', '=name=admin', '=password=secret'])).toEqual([['!done']]);
    expect(await client.command(['/system/identity/print', '.tag=t'])).toEqual([
      ['!re', '=name=MikroTik', '.tag=t'],
      ['!done', '.tag=t'],
    ]);
    expect(router.stats.connectionsAccepted).toBe(1);
  });

  it('has no TLS listener unless asked', async () => {
    const router = await routerForTest();
    expect(router.tlsPort).toBeUndefined();
  });

  it('lets node-routeros log in over TLS', async () => {
    const router = await routerForTest({ tlsPort: 0, rosVersion: '7.17' });
    const require = createRequire(import.meta.url);
    const { RouterOSAPI } = require('node-routeros') as {
      RouterOSAPI: new (
        options: Record<string, unknown>,
      ) => {
        connect(): Promise<unknown>;
        write(command: string): Promise<unknown>;
        close(): Promise<unknown>;
      };
    };
    const api = new RouterOSAPI({
      host: '127.0.0.1',
      port: router.tlsPort,
      user: 'admin',
      password: 'secret',
      timeout: 5,
      tls: { ca: caCert, servername: 'localhost' },
    });
    await api.connect();
    try {
      expect(await api.write('/system/identity/print')).toEqual([{ name: 'MikroTik' }]);
    } finally {
      await api.close();
    }
  });

  it('offers only anonymous DH with tlsAnonymousDH, like a router without a certificate', async () => {
    const router = await routerForTest({ tlsPort: 0, tlsAnonymousDH: true });
    // A client that insists on a certificate finds no shared cipher.
    const strict = connectTls({ host: '127.0.0.1', port: router.tlsPort!, ca: caCert, servername: 'localhost' });
    await expect(
      new Promise((resolve, reject) => {
        strict.once('secureConnect', resolve);
        strict.once('error', reject);
      }),
    ).rejects.toThrow();
    strict.destroy();
    // The only way in (PROTOCOL.md): ADH at security level 0, TLS 1.2, no verification.
    const anonymous = await rawClient(router.tlsPort!, {
      tls: { ciphers: 'ADH:@SECLEVEL=0', maxVersion: 'TLSv1.2', rejectUnauthorized: false },
    });
    const socket = anonymous.socket as TLSSocket;
    expect(socket.getCipher().standardName).toMatch(/^TLS_DH_anon_/);
    expect(socket.getPeerCertificate()).toEqual({});
    expect(await anonymous.command(['/login', '=name=admin', '=password=secret'])).toEqual([['!done']]);
    expect(await anonymous.command(['/system/identity/print'])).toEqual([['!re', '=name=MikroTik'], ['!done']]);
  });
});
