import type { Database, Row, SqlSession, SqlValue } from './sql-session.js';

/** The part of a `pg` Pool used here, as a structural type (the driver is imported only by `open-database.ts`). */
export interface PgClient {
  query(sql: string, params?: unknown[]): Promise<{ rows: Row[]; rowCount: number | null }>;
  release(destroy?: boolean): void;
}
export interface PgPool {
  connect(): Promise<PgClient>;
  end(): Promise<void>;
}

/**
 * PostgreSQL: every transaction is `BEGIN ISOLATION LEVEL SERIALIZABLE`; a serialization failure
 * (40001) or a deadlock (40P01) is a conflict the resolver retries. The operations write `?`
 * placeholders; they are numbered `$1, $2, ...` here once per statement text.
 */
export class PostgresDatabase implements Database {
  readonly backend = 'postgresql' as const;
  readonly #pool: PgPool;
  readonly #numbered = new Map<string, string>();

  constructor(
    pool: PgPool,
    readonly description: string,
  ) {
    this.#pool = pool;
  }

  #sql(sql: string): string {
    let text = this.#numbered.get(sql);
    if (text === undefined) {
      let n = 0;
      text = sql.replace(/\?/g, () => `$${++n}`);
      this.#numbered.set(sql, text);
    }
    return text;
  }

  async transaction<T>(
    fn: (session: SqlSession) => Promise<T>,
    options: { readonly readOnly?: boolean } = {},
  ): Promise<T> {
    const client = await this.#pool.connect();
    let broken = false;
    const query = async (sql: string, params: readonly SqlValue[]) => {
      try {
        return await client.query(
          this.#sql(sql),
          params.map((p) => (typeof p === 'bigint' ? p.toString() : p)),
        );
      } catch (err) {
        if ((err as { code?: unknown }).code === undefined) broken = true;
        throw err;
      }
    };
    const session: SqlSession = {
      all: async <R extends Row>(sql: string, params: readonly SqlValue[] = []) =>
        (await query(sql, params)).rows as R[],
      get: async <R extends Row>(sql: string, params: readonly SqlValue[] = []) =>
        (await query(sql, params)).rows[0] as R | undefined,
      run: async (sql: string, params: readonly SqlValue[] = []) => ({
        changes: (await query(sql, params)).rowCount ?? 0,
      }),
    };
    try {
      await client.query(
        options.readOnly === true
          ? 'BEGIN ISOLATION LEVEL SERIALIZABLE READ ONLY'
          : 'BEGIN ISOLATION LEVEL SERIALIZABLE',
      );
      const result = await fn(session);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => (broken = true));
      throw err;
    } finally {
      client.release(broken);
    }
  }

  isConflict(err: unknown): boolean {
    const code = (err as { code?: unknown } | null)?.code;
    return code === '40001' || code === '40P01';
  }

  async exec(sql: string): Promise<void> {
    const client = await this.#pool.connect();
    try {
      await client.query(sql);
    } finally {
      client.release();
    }
  }

  close(): Promise<void> {
    return this.#pool.end();
  }
}
