/**
 * Change notifications on PostgreSQL: triggers on the tables every node of a federation writes
 * `NOTIFY` one channel, so each node learns of others' blocks, votes, decisions and backlog
 * writes at commit, whoever wrote them, without polling. Triggers rather than NOTIFY statements
 * in the store's own writes, because a trigger also fires for a person editing rows with psql:
 * an UPDATE or DELETE of the append-only tables is announced as `tamper`, and the watchdogs of
 * every node look at once.
 *
 * The triggers are per statement, with transition tables, so one multi-row write announces once
 * and a write that changed no row (an `ON CONFLICT DO NOTHING` that lost) announces nothing.
 * PostgreSQL also folds identical payloads of one transaction into one notification.
 */

/** The channel every node listens on; NOTIFY is per database, so each federation has its own. */
export const changeChannel = 'bigchaindb_changes';

/** Most assignees a backlog notification names; beyond this it says "anyone" (null). */
const assigneesListedMax = 64;

/** One trigger: its name, table, event, function and transition tables. */
interface TriggerSpec {
  readonly name: string;
  readonly table: string;
  readonly event: 'INSERT' | 'UPDATE' | 'DELETE' | 'TRUNCATE';
  readonly fn: string;
  readonly kind: string;
  /** The REFERENCING clause, if the function reads the rows. */
  readonly referencing: string;
}

const newRows = 'REFERENCING NEW TABLE AS changed';
const oldRows = 'REFERENCING OLD TABLE AS changed';

const triggers: readonly TriggerSpec[] = [
  ...(
    [
      ['blocks', 'block'],
      ['votes', 'vote'],
      ['block_status', 'decision'],
    ] as const
  ).map(([table, kind]) => ({
    name: `bigchaindb_${table}_insert`,
    table,
    event: 'INSERT' as const,
    fn: 'bigchaindb_notify_rows',
    kind,
    referencing: newRows,
  })),
  {
    name: 'bigchaindb_backlog_insert',
    table: 'backlog',
    event: 'INSERT',
    fn: 'bigchaindb_notify_backlog',
    kind: 'backlog',
    referencing: newRows,
  },
  {
    name: 'bigchaindb_backlog_update',
    table: 'backlog',
    event: 'UPDATE',
    fn: 'bigchaindb_notify_backlog',
    kind: 'backlog',
    referencing: newRows,
  },
  // Nothing a node does changes or deletes these rows (votes only learn their block's height).
  ...(['blocks', 'transactions', 'block_status'] as const).flatMap((table) => [
    {
      name: `bigchaindb_${table}_update`,
      table,
      event: 'UPDATE' as const,
      fn: 'bigchaindb_notify_rows',
      kind: 'tamper',
      referencing: newRows,
    },
    {
      name: `bigchaindb_${table}_delete`,
      table,
      event: 'DELETE' as const,
      fn: 'bigchaindb_notify_rows',
      kind: 'tamper',
      referencing: oldRows,
    },
  ]),
  {
    name: 'bigchaindb_votes_update',
    table: 'votes',
    event: 'UPDATE',
    fn: 'bigchaindb_notify_votes_update',
    kind: 'tamper',
    referencing: 'REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows',
  },
  {
    name: 'bigchaindb_votes_delete',
    table: 'votes',
    event: 'DELETE',
    fn: 'bigchaindb_notify_rows',
    kind: 'tamper',
    referencing: oldRows,
  },
  ...(['blocks', 'transactions', 'votes', 'block_status'] as const).map((table) => ({
    name: `bigchaindb_${table}_truncate`,
    table,
    event: 'TRUNCATE' as const,
    fn: 'bigchaindb_notify_statement',
    kind: 'tamper',
    referencing: '',
  })),
];

/** The functions the triggers call; the names are also what `drop()` removes. */
export const notifyFunctions = [
  'bigchaindb_notify_rows',
  'bigchaindb_notify_backlog',
  'bigchaindb_notify_votes_update',
  'bigchaindb_notify_statement',
] as const;

const payload = (kind: string) =>
  `json_build_object('kind', ${kind}, 'detail', TG_TABLE_NAME || ' ' || TG_OP)::text`;

/**
 * The statement that creates the trigger functions not in `existing` (names), or null. Only the
 * missing ones: replacing a function needs its owner, and members may connect as other roles.
 */
export function missingFunctionsDdl(existing: ReadonlySet<string>): string | null {
  const missing = notifyFunctionsDdl().filter((f) => !existing.has(f.name));
  return missing.length === 0 ? null : missing.map((f) => f.ddl).join(';\n');
}

function notifyFunctionsDdl(): { name: string; ddl: string }[] {
  const functions = [
    `CREATE OR REPLACE FUNCTION bigchaindb_notify_rows() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       IF EXISTS (SELECT 1 FROM changed) THEN
         PERFORM pg_notify('${changeChannel}', ${payload('TG_ARGV[0]')});
       END IF;
       RETURN NULL;
     END $$`,
    `CREATE OR REPLACE FUNCTION bigchaindb_notify_backlog() RETURNS trigger LANGUAGE plpgsql AS $$
     DECLARE a text[];
     BEGIN
       SELECT array_agg(DISTINCT assignee) INTO a FROM changed;
       IF a IS NOT NULL THEN
         PERFORM pg_notify('${changeChannel}', json_build_object('kind', 'backlog', 'detail',
           TG_TABLE_NAME || ' ' || TG_OP, 'assignees',
           CASE WHEN cardinality(a) <= ${assigneesListedMax} THEN to_json(a) END)::text);
       END IF;
       RETURN NULL;
     END $$`,
    // Filling in a vote's height when its block arrives is the one legitimate update of votes.
    `CREATE OR REPLACE FUNCTION bigchaindb_notify_votes_update() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       IF EXISTS (SELECT 1 FROM old_rows o LEFT JOIN new_rows n ON n.seq = o.seq
                  WHERE n.seq IS NULL OR n.vote IS DISTINCT FROM o.vote
                     OR n.block_id IS DISTINCT FROM o.block_id OR n.node_pubkey IS DISTINCT FROM o.node_pubkey) THEN
         PERFORM pg_notify('${changeChannel}', ${payload("'tamper'")});
       END IF;
       RETURN NULL;
     END $$`,
    `CREATE OR REPLACE FUNCTION bigchaindb_notify_statement() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       PERFORM pg_notify('${changeChannel}', ${payload('TG_ARGV[0]')});
       RETURN NULL;
     END $$`,
  ];
  return functions.map((ddl, i) => ({ name: notifyFunctions[i]!, ddl }));
}

/** The names of the triggers, to ask the catalog which exist. */
export const notifyTriggerNames: readonly string[] = triggers.map((t) => t.name);

/**
 * The statement that creates the triggers not in `existing`, or null when none is missing.
 * CREATE TRIGGER has no IF NOT EXISTS; creating only what is missing also spares a restarting node
 * the table locks that replacing a trigger takes while the other nodes keep writing.
 */
export function missingTriggersDdl(existing: ReadonlySet<string>): string | null {
  const missing = triggers.filter((t) => !existing.has(t.name));
  if (missing.length === 0) return null;
  return missing
    .map(
      (t) =>
        `CREATE TRIGGER ${t.name} AFTER ${t.event} ON ${t.table} ${t.referencing}
         FOR EACH STATEMENT EXECUTE FUNCTION ${t.fn}('${t.kind}')`,
    )
    .join(';\n');
}
