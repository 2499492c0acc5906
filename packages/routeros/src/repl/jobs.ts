/**
 * Background jobs (`command &`): what runs under which tag, so `.jobs` can list them and
 * `.cancel TAG` can stop one.
 */

/** A command running in the background. */
export interface Job {
  tag: string;
  /** The line as typed, for `.jobs`. */
  line: string;
  startedAt: number;
  /** Rows received so far. */
  rows: number;
  /** Asks the router to stop the command; settles when the command has ended. */
  cancel(): Promise<void>;
  /** Settles when the command has ended, however it ended. */
  finished: Promise<void>;
}

/** Thrown by {@link JobTable.get} for a tag that names no running job. */
export class UnknownJobError extends Error {
  override name = 'UnknownJobError';
  constructor(readonly tag: string) {
    super(`no background job with tag ${JSON.stringify(tag)}; .jobs lists them`);
  }
}

/** The running background jobs, by tag. A job removes itself once finished. */
export class JobTable {
  private readonly jobs = new Map<string, Job>();

  /** Registers a job; it is forgotten when its `finished` settles. */
  add(job: Job): void {
    this.jobs.set(job.tag, job);
    const forget = () => this.jobs.delete(job.tag);
    job.finished.then(forget, forget);
  }

  get(tag: string): Job {
    const job = this.jobs.get(tag);
    if (!job) throw new UnknownJobError(tag);
    return job;
  }

  /** Tags of the running jobs, oldest first. */
  tags(): string[] {
    return [...this.jobs.keys()];
  }

  /** Settles once every job running now has finished. */
  async allFinished(): Promise<void> {
    await Promise.allSettled([...this.jobs.values()].map((job) => job.finished));
  }

  /** Cancels every running job and waits for them to end. */
  async cancelAll(): Promise<void> {
    await Promise.allSettled([...this.jobs.values()].map((job) => job.cancel()));
    await this.allFinished();
  }

  /** Lines for `.jobs`: tag, age, rows so far, and the command. */
  describe(now = Date.now()): string[] {
    if (this.jobs.size === 0) return ['no background jobs'];
    return [...this.jobs.values()].map(
      (job) => `[${job.tag}] running ${formatSeconds(now - job.startedAt)}, ${job.rows} row(s): ${job.line}`,
    );
  }
}

function formatSeconds(milliseconds: number): string {
  return `${(milliseconds / 1000).toFixed(1)}s`;
}
