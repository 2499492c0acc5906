/** `npm run migrate`: applies pending migrations to the configured database and exits. */
import { loadConfig } from '../config.js';
import { describeDatabase, openMigratedDatabase } from '../runtime.js';
import { runEntry } from './run.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const { db, applied } = await openMigratedDatabase(config);
  await db.destroy();
  const where = describeDatabase(config);
  console.log(applied.length ? `applied ${applied.join(', ')} to ${where}` : `${where} is up to date`);
}

runEntry(main);
