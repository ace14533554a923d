/**
 * The part of a `pg` Pool the PostgreSQL store uses, as a structural type: the store receives its
 * pool and never imports the driver (only `open-store.ts` does), so any compatible pool works.
 */
export interface PostgresQueryResult<R> {
  readonly rows: R[];
  readonly rowCount: number | null;
}

export interface PostgresClient {
  query<R extends Record<string, unknown>>(
    sql: string,
    parameters?: unknown[],
  ): Promise<PostgresQueryResult<R>>;
  /** `release(true)` destroys the connection instead of returning it, after it broke mid-transaction. */
  release(destroy?: boolean): void;
}

export interface PostgresPool {
  connect(): Promise<PostgresClient>;
  query<R extends Record<string, unknown>>(
    sql: string,
    parameters?: unknown[],
  ): Promise<PostgresQueryResult<R>>;
  end(): Promise<void>;
}
