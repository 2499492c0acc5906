/** Empresa logos, stored in the database so that every instance serves them (one per empresa). */
import type { Db } from './connection.js';

export interface CompanyLogosTable {
  /** The name in its URL, `/static/logos/<file_name>`. */
  file_name: string;
  company_id: string;
  content_type: string;
  image: Uint8Array;
  created_at: Date;
}

declare module './schema.js' {
  interface Database {
    company_logos: CompanyLogosTable;
  }
}

export interface StoredLogo {
  contentType: string;
  image: Buffer;
}

/** Makes `logo` the empresa's one logo (the previous one, if any, goes). */
export async function replaceLogo(db: Db, logo: Omit<CompanyLogosTable, 'created_at'>, now: Date): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('company_logos').where('company_id', '=', logo.company_id).execute();
    await trx
      .insertInto('company_logos')
      .values({ ...logo, created_at: now })
      .execute();
  });
}

export async function findLogo(db: Db, fileName: string): Promise<StoredLogo | undefined> {
  const row = await db.selectFrom('company_logos').select(['content_type', 'image']).where('file_name', '=', fileName).executeTakeFirst();
  // pg answers a Buffer, PGlite a Uint8Array.
  return row && { contentType: row.content_type, image: Buffer.from(row.image) };
}

/** The empresa's logo, if it has one: its file name and its bytes (the printed voucher sheet draws it). */
export async function companyLogo(db: Db, companyId: string): Promise<(StoredLogo & { fileName: string }) | undefined> {
  const row = await db
    .selectFrom('company_logos')
    .select(['file_name', 'content_type', 'image'])
    .where('company_id', '=', companyId)
    .executeTakeFirst();
  return row && { fileName: row.file_name, contentType: row.content_type, image: Buffer.from(row.image) };
}

/** The file name of the empresa's logo, if it has one. */
export async function logoFileOf(db: Db, companyId: string): Promise<string | undefined> {
  const row = await db.selectFrom('company_logos').select('file_name').where('company_id', '=', companyId).executeTakeFirst();
  return row?.file_name;
}
