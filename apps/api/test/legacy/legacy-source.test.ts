import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LegacyConnectionError, LegacySchemaError, readLegacyDatabase, TimeZoneError } from '../../src/db/legacy-source.js';
import { createLegacyDb, type LegacyDb } from '../helpers/legacy-db.js';
import { closedPort } from '../helpers/net.js';

let old: LegacyDb;
beforeAll(async () => {
  old = await createLegacyDb('dump');
});
afterAll(() => old?.close());

describe('reading the old database', () => {
  it('says which of the old service’s own columns are missing, rather than importing a stranger database', async () => {
    await old.query('alter table routers drop column password_encrypted');
    await expect(readLegacyDatabase(old.url)).rejects.toThrow(new LegacySchemaError(['routers.password_encrypted']));
    await old.query(`alter table routers add column password_encrypted text not null default ''`);
  });

  it('refuses a time zone PostgreSQL does not know', async () => {
    await expect(readLegacyDatabase(old.url, { timeZone: 'Mars/Olympus' })).rejects.toThrow(TimeZoneError);
  });

  it('a database it cannot reach is one line naming the cause, not the URL (which may hold a password)', async () => {
    const url = `postgres://importer:s3cret@127.0.0.1:${await closedPort()}/old`;
    const error = await readLegacyDatabase(url).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LegacyConnectionError);
    expect((error as Error).message).toMatch(/^cannot connect to the --from database: .*ECONNREFUSED/);
    expect((error as Error).message).not.toContain('s3cret');
  });
});
