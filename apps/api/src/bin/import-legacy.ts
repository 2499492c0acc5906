/**
 * `npm run import-legacy -- --from <old PostgreSQL URL> [--mercado-pago-key <Fernet key>] [--time-zone <zone>] [--dry-run]`:
 * imports the old service's data into the configured database (DATABASE_URL or PGLITE_DIR; stop
 * the service first when it is an embedded PGlite directory, which one process opens at a time)
 * and prints what it imported per table and what it could not, with why.
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { openDatabase } from '../db/connection.js';
import { LegacySchemaError, readLegacyDatabase, TimeZoneError } from '../db/legacy-source.js';
import { migrateToLatest } from '../db/migrator.js';
import { FernetError, fernetKey } from '../legacy/fernet.js';
import { formatImportReport, importLegacyData } from '../legacy/importer.js';
import { loadOrCreateKeyFile } from '../security/key-file.js';
import { SecretBox } from '../security/secret-box.js';

const USAGE =
  'usage: npm run import-legacy -- --from <old PostgreSQL URL> [--mercado-pago-key <Fernet key>] [--time-zone <zone>] [--dry-run]';

/** The command line is not understood, or the target cannot hold an import. */
export class ImportUsageError extends Error {
  constructor(problem: string) {
    super(`${problem}\n${USAGE}`);
    this.name = 'ImportUsageError';
  }
}

function options() {
  try {
    const { values } = parseArgs({
      options: {
        from: { type: 'string' },
        'mercado-pago-key': { type: 'string' },
        'time-zone': { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
      },
      strict: true,
    });
    if (!values.from) throw new ImportUsageError('--from is required');
    return values as typeof values & { from: string };
  } catch (error) {
    throw error instanceof ImportUsageError ? error : new ImportUsageError((error as Error).message);
  }
}

async function main(): Promise<void> {
  const args = options();
  const config = loadConfig();
  if (config.database.kind === 'pglite' && config.database.dataDir === 'memory://') {
    throw new ImportUsageError('PGLITE_DIR=memory:// keeps nothing after this command: set PGLITE_DIR to a directory, or DATABASE_URL');
  }
  // The key may come from the old service's variable instead of the command line (which `ps` shows).
  const mpKeyText = args['mercado-pago-key'] ?? process.env.ENCRYPTION_KEY_MERCADO_PAGO?.trim();
  const mercadoPagoKey = mpKeyText ? fernetKey(mpKeyText) : undefined;
  const legacy = await readLegacyDatabase(args.from, args['time-zone'] ? { timeZone: args['time-zone'] } : {});

  const db = await openDatabase(config.database);
  try {
    await migrateToLatest(db);
    const key =
      config.encryptionKey ?? (config.database.kind === 'pglite' ? (await loadOrCreateKeyFile(config.database.dataDir)).key : undefined);
    if (!key) throw new ConfigError(['APP_ENCRYPTION_KEY is required with DATABASE_URL']);
    const secrets = new SecretBox(key, config.previousEncryptionKeys);
    const report = await importLegacyData(db, legacy, { secrets, mercadoPagoKey, dryRun: args['dry-run'] });
    console.log(formatImportReport(report));
  } finally {
    await db.destroy();
  }
}

/** Failures the operator fixes from the message alone (anything else prints its stack). */
const OPERATOR_ERRORS = [ConfigError, ImportUsageError, LegacySchemaError, TimeZoneError, FernetError];

main().catch((error: unknown) => {
  console.error(OPERATOR_ERRORS.some((type) => error instanceof type) ? (error as Error).message : error);
  process.exitCode = 1;
});
