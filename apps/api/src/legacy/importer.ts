/**
 * The import of the old service's data (read by db/legacy-source.ts) into this service's database,
 * parents before children: empresas, usuarios, routers, their API keys, plans, sales. All of it in
 * one transaction, so an import is applied whole or not at all; `--dry-run` rolls that transaction
 * back after counting. A row already imported (same key) is left alone, so a second run imports
 * nothing twice; a row whose parent was not imported is reported with that reason.
 */
import type { Insertable } from 'kysely';
import type { Db } from '../db/connection.js';
import { insertIfAbsent, type KeyColumn, moveProductIdsPastImported, type ImportedTable } from '../db/legacy-import.js';
import type { LegacyData, LegacyProduct } from '../db/legacy-source.js';
import { findProduct } from '../db/products.js';
import type { Database } from '../db/schema.js';
import type { SecretBox } from '../security/secret-box.js';
import type { FernetKey } from './fernet.js';
import {
  type ConvertContext,
  type Converted,
  convertApiKey,
  convertCompany,
  convertProduct,
  convertRouter,
  convertTransaction,
  convertUser,
  normalizedEmail,
} from './rows.js';

/** What happened to one table's rows. */
export interface TableReport {
  table: ImportedTable;
  imported: number;
  /** Rows a previous run (or the operator) already put there. */
  alreadyPresent: number;
  /** Rows left out, each with its old id and why. */
  notImported: Array<{ id: string; reason: string }>;
  /** Imported rows with something the operator should know (a secret left out, a stricter setting). */
  notes: Array<{ id: string; note: string }>;
}

export interface ImportReport {
  dryRun: boolean;
  /** The time zone the old server-local timestamps were converted from. */
  timeZone: string;
  /** Newer columns the old database lacks (read as empty). */
  missingColumns: string[];
  tables: TableReport[];
}

export interface ImportOptions {
  secrets: SecretBox;
  mercadoPagoKey?: FernetKey;
  dryRun?: boolean;
  now?: () => Date;
}

/** Thrown inside the transaction to roll a dry run back once it is counted. */
class DryRunRollback extends Error {}

/** One table's rows, each converted, checked against its parents, then inserted unless present. */
interface TableStep<Old, T extends ImportedTable> {
  table: T;
  /** The column an imported row is recognised by on a second run. */
  key: KeyColumn<T>;
  rows: readonly Old[];
  idOf(row: Old): string;
  /** The parents this row needs, as "what id" pairs; each must have been imported or be present. */
  parentsOf(row: Old): Array<[what: string, present: ReadonlySet<string>, id: string | null]>;
  convert(row: Old): Converted<Insertable<Database[T]>>;
  /** When the insert finds the key taken: undefined if by this row imported before, else why it cannot go in. */
  whyTaken?(row: Old, trx: Db): Promise<string | undefined>;
}

/** Rows per INSERT: a round trip per row would make a year of sales take minutes. */
const BATCH_ROWS = 500;

async function runStep<Old, T extends ImportedTable>(
  trx: Db,
  step: TableStep<Old, T>,
): Promise<{ report: TableReport; present: Set<string> }> {
  const report: TableReport = { table: step.table, imported: 0, alreadyPresent: 0, notImported: [], notes: [] };
  const present = new Set<string>();
  const ready: Array<{ old: Old; id: string; row: Insertable<Database[T]>; notes: string[] }> = [];
  for (const old of step.rows) {
    const id = step.idOf(old);
    const missingParent = step.parentsOf(old).find(([, parents, parentId]) => parentId !== null && !parents.has(parentId));
    if (missingParent) {
      report.notImported.push({ id, reason: `its ${missingParent[0]} ${missingParent[2]} was not imported` });
      continue;
    }
    const converted = step.convert(old);
    if ('reason' in converted) report.notImported.push({ id, reason: converted.reason });
    else ready.push({ old, id, ...converted });
  }
  for (let at = 0; at < ready.length; at += BATCH_ROWS) {
    const batch = ready.slice(at, at + BATCH_ROWS);
    const inserted = await insertIfAbsent(
      trx,
      step.table,
      batch.map((item) => item.row),
      step.key,
    );
    for (const { old, id, row, notes } of batch) {
      if (inserted.has(String(row[step.key as keyof typeof row]))) {
        report.imported += 1;
        for (const note of notes) report.notes.push({ id, note });
      } else {
        const taken = await step.whyTaken?.(old, trx);
        if (taken !== undefined) {
          report.notImported.push({ id, reason: taken });
          continue;
        }
        report.alreadyPresent += 1;
      }
      present.add(id);
    }
  }
  // The order of the old table, whatever order the batches settled in.
  const order = new Map(step.rows.map((row, index) => [step.idOf(row), index]));
  report.notImported.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  return { report, present };
}

/** Imports `data` into `db`. @returns what was imported per table, and what was not and why. */
export async function importLegacyData(db: Db, data: LegacyData, options: ImportOptions): Promise<ImportReport> {
  const ctx: ConvertContext = {
    secrets: options.secrets,
    mercadoPagoKey: options.mercadoPagoKey,
    now: (options.now ?? (() => new Date()))(),
  };
  const oldProducts = new Map<number, LegacyProduct>(data.productos.map((p) => [p.id, p]));
  const tables: TableReport[] = [];
  const run = async (trx: Db) => {
    const companies = await runStep(trx, {
      table: 'empresas',
      key: 'id',
      rows: data.empresas,
      idOf: (e) => e.id,
      parentsOf: () => [],
      convert: (e) => convertCompany(e, ctx),
    });
    const seenEmails = new Set<string>();
    const users = await runStep(trx, {
      table: 'usuarios',
      key: 'email',
      rows: data.usuarios,
      idOf: (u) => `${u.id} (${u.email})`,
      parentsOf: (u) => [['empresa', companies.present, u.empresa_id]],
      convert: (u) => {
        const email = normalizedEmail(u.email);
        if (seenEmails.has(email)) return { reason: 'another old user has the same email but for letter case' };
        seenEmails.add(email);
        return convertUser(u, ctx);
      },
    });
    const routers = await runStep(trx, {
      table: 'routers',
      key: 'id',
      rows: data.routers,
      idOf: (r) => r.id,
      parentsOf: (r) => [['empresa', companies.present, r.empresa_id]],
      convert: (r) => convertRouter(r, ctx),
    });
    const routerCompany = new Map(data.routers.map((r) => [r.id, r.empresa_id]));
    // The old schema tied plans to their empresa's routers only in the dump's composite key; keys and sales not at all.
    const onOwnRouter = <Row>(row: { router_id: string; empresa_id: string }, convert: () => Converted<Row>): Converted<Row> =>
      routerCompany.get(row.router_id) === row.empresa_id ? convert() : { reason: 'its router belongs to another empresa' };
    const apiKeys = await runStep(trx, {
      table: 'router_api_keys',
      key: 'key_id',
      rows: data.apiKeys,
      idOf: (k) => k.key_id,
      parentsOf: (k) => [['router', routers.present, k.router_id]],
      convert: (k) => onOwnRouter(k, () => convertApiKey(k, ctx)),
    });
    const products = await runStep(trx, {
      table: 'productos',
      key: 'id',
      rows: data.productos,
      idOf: (p) => String(p.id),
      parentsOf: (p) => [['router', routers.present, p.router_id]],
      convert: (p) => onOwnRouter(p, () => convertProduct(p, ctx)),
      whyTaken: async (p, tx) =>
        (await findProduct(tx, p.id, p.empresa_id)) ? undefined : `plan id ${p.id} is already taken by another empresa’s plan here`,
    });
    const transactions = await runStep(trx, {
      table: 'transacciones',
      key: 'id',
      rows: data.transacciones,
      idOf: (t) => String(t.id),
      parentsOf: (t) => [['router', routers.present, t.router_id]],
      convert: (t) => onOwnRouter(t, () => convertTransaction(t, t.producto_id === null ? undefined : oldProducts.get(t.producto_id), ctx)),
    });
    tables.push(companies.report, users.report, routers.report, apiKeys.report, products.report, transactions.report);
    if (options.dryRun) throw new DryRunRollback();
    await moveProductIdsPastImported(trx);
  };
  try {
    await db.transaction().execute(run);
  } catch (error) {
    if (!(error instanceof DryRunRollback)) throw error;
  }
  return { dryRun: options.dryRun === true, timeZone: data.timeZone, missingColumns: data.missingColumns, tables };
}

/** The report as the operator reads it: one line per table, then one per row left out or to look at. */
export function formatImportReport(report: ImportReport): string {
  const lines = [
    report.dryRun
      ? 'Dry run: no row was written (the target was only migrated). This is what an import would do:'
      : 'Imported from the old service:',
    `  old server-local times read as ${report.timeZone}`,
  ];
  if (report.missingColumns.length > 0) lines.push(`  columns the old database lacks (read as empty): ${report.missingColumns.join(', ')}`);
  for (const t of report.tables) {
    lines.push(`${t.table}: ${t.imported} imported, ${t.alreadyPresent} already present, ${t.notImported.length} not imported`);
    for (const { id, reason } of t.notImported) lines.push(`  not imported ${id}: ${reason}`);
    for (const { id, note } of t.notes) lines.push(`  note ${id}: ${note}`);
  }
  return lines.join('\n');
}
