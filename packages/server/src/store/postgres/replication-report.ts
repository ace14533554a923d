/**
 * What `setReplicas` says on PostgreSQL. Replication is configured in PostgreSQL itself (standbys
 * streaming this server's WAL, `synchronous_standby_names` for synchronous copies); a client of
 * the database cannot create standbys, so the store reports what exists and never claims more.
 * `n` counts copies of the data, this server included, as RethinkDB's replicas did.
 */
export async function replicationReport(
  n: number,
  query: (sql: string) => Promise<Record<string, unknown>[]>,
): Promise<string> {
  const [server] = await query(
    `SELECT pg_is_in_recovery() AS standby, current_setting('synchronous_standby_names') AS sync_names`,
  );
  const standbys = await query(
    `SELECT COALESCE(application_name, '') AS name, COALESCE(client_addr::text, 'local') AS addr,
            COALESCE(state, 'unknown') AS state, COALESCE(sync_state, 'unknown') AS sync
     FROM pg_stat_replication ORDER BY application_name`,
  );
  const wanted = n - 1;
  const intro =
    `Nothing changed: PostgreSQL replication is set up on the servers (standbys streaming from ` +
    `this one, synchronous_standby_names for synchronous copies), not by the store. ` +
    `You asked for ${n} cop${n === 1 ? 'y' : 'ies'} of the data: this server plus ${wanted} standby(s).`;
  if (server?.standby === true)
    return `${intro} This server is itself a standby in recovery, so ask its primary for the replication state.`;
  const listed = standbys.map(
    (s) => `${String(s.name) || '(unnamed)'} at ${String(s.addr)} (${String(s.state)}, ${String(s.sync)})`,
  );
  const connected =
    standbys.length === 0
      ? 'pg_stat_replication shows no connected standby'
      : `pg_stat_replication shows ${standbys.length} connected standby(s): ${listed.join('; ')}`;
  const syncNames = typeof server?.sync_names === 'string' ? server.sync_names : '';
  const sync =
    syncNames === ''
      ? 'synchronous_standby_names is empty, so any standby is asynchronous and may lag behind commits'
      : `synchronous_standby_names is '${syncNames}'`;
  const streaming = standbys.filter((s) => s.state === 'streaming').length;
  const verdict =
    streaming >= wanted
      ? `That meets the request (${streaming} streaming).`
      : `That falls short of the request by ${wanted - streaming} streaming standby(s).`;
  return `${intro} Now ${connected}; ${sync}. ${verdict}`;
}
