import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertEmpresa, findEmpresa } from '../src/db/empresas.js';
import { createTestDb, type TestDb } from './helpers/db.js';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.close());

describe('database', () => {
  it('migrates and round-trips an empresa', async () => {
    const row = await insertEmpresa(t.db, { id: 'EMP_0123456789', nombre: 'Uno', contacto_email: null, contacto_telefono: null,
      conekta_public_key: null, conekta_private_key_sealed: null, conekta_mode: null, mercadopago_public_key: null,
      mercadopago_access_token_sealed: null, mercadopago_mode: null, mercadopago_webhook_secret_sealed: null });
    expect(row.activa).toBe(true);
    expect(row.creada_en).toBeInstanceOf(Date);
    expect(await findEmpresa(t.db, 'EMP_0123456789')).toEqual(row);
  });
});
