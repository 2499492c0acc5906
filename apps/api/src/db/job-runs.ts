/**
 * `job_runs`: the last finished run of each background job (the expiry sweep), whichever instance
 * ran it: the dashboard shows it as health. A run that finished earlier than the recorded one (a
 * slower instance) does not replace it.
 */
import type { Db } from './connection.js';

export type JobName = 'expiry_sweep';

export interface JobRunsTable {
  job: JobName;
  started_at: Date;
  finished_at: Date;
  /** What the run did, in a line (JSON). */
  summary: string | null;
}

declare module './schema.js' {
  interface Database {
    job_runs: JobRunsTable;
  }
}

export type JobRun = JobRunsTable;

export async function recordJobRun(db: Db, run: JobRun): Promise<void> {
  await db
    .insertInto('job_runs')
    .values(run)
    .onConflict((oc) =>
      oc
        .column('job')
        .doUpdateSet((eb) => ({
          started_at: eb.ref('excluded.started_at'),
          finished_at: eb.ref('excluded.finished_at'),
          summary: eb.ref('excluded.summary'),
        }))
        .where('job_runs.finished_at', '<=', (eb) => eb.ref('excluded.finished_at')),
    )
    .execute();
}

export async function lastJobRun(db: Db, job: JobName): Promise<JobRun | undefined> {
  return db.selectFrom('job_runs').selectAll().where('job', '=', job).executeTakeFirst();
}
