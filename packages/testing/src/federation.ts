import pg from 'pg';
import { NodeProcess, type NodeProcessOptions } from './node-process.js';

/** Where the federation's PostgreSQL is; every member points at the same database. */
export interface PostgresTarget {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  /** The database, created by the first node to start if missing. */
  readonly name: string;
}

export interface FederationOptions {
  readonly nodes: number;
  readonly database: PostgresTarget;
  /** Config merged into every member's (snake_case keys, as in the config file). */
  readonly config?: Record<string, unknown>;
  readonly env?: Record<string, string>;
  /** Ports for the members, in order; default: free ports picked by the system. */
  readonly ports?: readonly number[];
  /** Home directories for the members, in order (created if missing); default: temporary ones. */
  readonly homes?: readonly string[];
}

/**
 * N real `bigchaindb start` processes forming one federation on one PostgreSQL database: each has
 * its own keypair, and its keyring lists every other member's public key. Used by the federation
 * tests, `npm run federation` and `bench/federation.mjs`.
 */
export class Federation {
  private constructor(
    readonly nodes: NodeProcess[],
    readonly database: PostgresTarget,
  ) {}

  /** Writes every member's config (keypairs first, then keyrings), then starts them all at once. */
  static async start(options: FederationOptions): Promise<Federation> {
    const federation = await Federation.create(options);
    try {
      await Promise.all(federation.nodes.map((n) => n.launch()));
    } catch (err) {
      // Members that did start must not outlive the failed start.
      await federation.stop('SIGKILL');
      federation.cleanup();
      throw err;
    }
    return federation;
  }

  /** Like `start`, without launching any member. */
  static async create(options: FederationOptions): Promise<Federation> {
    const { database } = options;
    const nodes = await Promise.all(
      Array.from({ length: options.nodes }, (_, i) => {
        const port = options.ports?.[i];
        const home = options.homes?.[i];
        const opts: NodeProcessOptions = {
          ...(port === undefined ? {} : { port }),
          ...(home === undefined ? {} : { home }),
          ...(options.env === undefined ? {} : { env: options.env }),
          config: {
            database: {
              backend: 'postgresql',
              host: database.host,
              port: database.port,
              name: database.name,
              user: database.user,
            },
            ...options.config,
          },
        };
        return NodeProcess.create(opts);
      }),
    );
    const keys = nodes.map((n) => n.publicKey);
    nodes.forEach((n, i) => n.updateConfig({ keyring: keys.filter((_, j) => j !== i) }));
    return new Federation(nodes, database);
  }

  get publicKeys(): string[] {
    return this.nodes.map((n) => n.publicKey);
  }

  get urls(): string[] {
    return this.nodes.map((n) => n.url);
  }

  /**
   * A node that shares the database but is no member: its keyring lists the members, theirs do
   * not list it. What it writes must be ignored by the federation.
   */
  async outsider(options: Omit<NodeProcessOptions, 'config'> & { config?: Record<string, unknown> } = {}) {
    const { host, port, name, user } = this.database;
    const node = await NodeProcess.create({
      ...options,
      config: {
        database: { backend: 'postgresql', host, port, name, user },
        ...options.config,
        keyring: this.publicKeys,
      },
    });
    await node.launch();
    return node;
  }

  /** Stops every member still running (SIGTERM, or the signal given). */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    await Promise.all(this.nodes.map((n) => n.stop(signal)));
  }

  /** Removes the members' home directories. */
  cleanup(): void {
    for (const n of this.nodes) n.cleanup();
  }
}

/** Opens a client on the server's `postgres` database, runs `fn`, closes it. */
async function withAdmin<T>(
  target: Omit<PostgresTarget, 'name'>,
  fn: (c: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ ...target, database: 'postgres', connectionTimeoutMillis: 2_000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** True when PostgreSQL answers at `target`. */
export async function postgresAnswers(target: Omit<PostgresTarget, 'name'>): Promise<boolean> {
  try {
    return await withAdmin(target, async (c) => (await c.query('SELECT 1')).rowCount === 1);
  } catch {
    return false;
  }
}

/** Drops a database, disconnecting whoever is still on it. */
export async function dropDatabase(target: PostgresTarget): Promise<void> {
  await withAdmin(target, (c) => c.query(`DROP DATABASE IF EXISTS "${target.name}" WITH (FORCE)`));
}

/** Runs SQL on the federation's database as a person with psql would (e.g. to tamper with rows). */
export async function runSql<R extends Record<string, unknown>>(
  target: PostgresTarget,
  sql: string,
  parameters: unknown[] = [],
): Promise<R[]> {
  const client = new pg.Client({ ...target, database: target.name });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return (await client.query<R>(sql, parameters)).rows;
  } finally {
    await client.end().catch(() => undefined);
  }
}
