import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { RouterRow } from '../src/db/routers.js';
import { connectOptions, routerTarget } from '../src/routers/target.js';
import { SecretBox } from '../src/security/secret-box.js';

const secrets = new SecretBox(randomBytes(32));
const row = (over: Partial<RouterRow> = {}): RouterRow => ({
  id: 'RTR_0000000A',
  empresa_id: 'EMP_000000000A',
  nombre: 'r',
  host: '10.0.0.1',
  puerto: 8728,
  usuario: 'api',
  password_sealed: secrets.seal('pw'),
  ubicacion: null,
  activo: true,
  creado_en: new Date(),
  tls: false,
  tls_mode: 'verify-cert',
  tls_ca_pem: null,
  ...over,
});

describe('router connection settings', () => {
  it('opens the sealed password and connects in plain TCP when TLS is off', () => {
    const target = routerTarget(row(), secrets);
    expect(target).toMatchObject({ host: '10.0.0.1', port: 8728, username: 'api', password: 'pw', tls: false });
    expect(connectOptions(target, 5000)).toEqual({ host: '10.0.0.1', port: 8728, username: 'api', password: 'pw', timeout: 5000 });
  });

  it('verifies the certificate (against the stored CA when there is one) in verify-cert mode', () => {
    expect(connectOptions(routerTarget(row({ puerto: 8729, tls: true }), secrets), 5000)).toMatchObject({ port: 8729, tls: true });
    expect(connectOptions(routerTarget(row({ tls: true, tls_ca_pem: 'PEM' }), secrets), 5000)).toMatchObject({ tls: { ca: 'PEM' } });
  });

  it('asks for anonymous DH explicitly in anonymous-dh mode', () => {
    const options = connectOptions(routerTarget(row({ puerto: 8729, tls: true, tls_mode: 'anonymous-dh' }), secrets), 5000);
    expect(options).toMatchObject({ tls: true, tlsAnonymousDH: true });
  });
});
