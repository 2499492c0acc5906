/**
 * Statement failures on demand: a Kysely plugin that makes the Nth statement matching a rule fail
 * once, as a dropped connection or a failover would, so a test can show what a failure at exactly
 * that point leaves behind. Unarmed, it changes nothing.
 */
import {
  PostgresQueryCompiler,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely';

/** The failure the plugin throws, naming the statement it stopped. */
export class InjectedStatementError extends Error {
  constructor(readonly statement: string) {
    super(`injected failure of: ${statement}`);
    this.name = 'InjectedStatementError';
  }
}

/** Which statements to fail: the SQL as compiled for PostgreSQL, and its parameters. */
export type StatementRule = (sql: string, parameters: readonly unknown[]) => boolean;

export class StatementFaults implements KyselyPlugin {
  readonly #compiler = new PostgresQueryCompiler();
  #armed: { rule: StatementRule; remaining: number } | undefined;
  /** Statements failed so far. */
  readonly failed: string[] = [];

  /** The `nth` statement from now on that matches `rule` fails, once. */
  failNth(rule: StatementRule, nth = 1): void {
    this.#armed = { rule, remaining: nth };
  }

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const armed = this.#armed;
    if (armed) {
      const { sql, parameters } = this.#compiler.compileQuery(args.node, args.queryId);
      if (armed.rule(sql, parameters) && --armed.remaining === 0) {
        this.#armed = undefined;
        this.failed.push(sql);
        throw new InjectedStatementError(sql);
      }
    }
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

/** The update that moves a transaction to `state` (the purchase's and reconciliation's transitions). */
export function transitionTo(state: string): StatementRule {
  return (sql, parameters) => sql.startsWith('update "transacciones"') && sql.includes('"state" = $') && parameters.includes(state);
}

/** The insert that records a new purchase attempt. */
export const recordingAttempt: StatementRule = (sql) => sql.startsWith('insert into "transacciones"');
