import type { PeersReport, Vote } from '@bigchaindb-ts/driver';
import { federation, health, peers } from './api.js';
import { blockHref, DataTable, Field, Hash, Loaded, Status, Time, useAsync, useTitle } from './components.js';
import { useLive, useSlowTick } from './live.js';
import { conn } from './node.js';

function MemberVote(props: { vote: Vote | undefined }) {
  const v = props.vote;
  if (v === undefined) return <span class="muted">none</span>;
  return (
    <>
      <Status value={v.vote.is_block_valid ? 'valid' : 'invalid'} /> <Time at={v.vote.timestamp} />
      {v.vote.invalid_reason ? ` (${v.vote.invalid_reason})` : ''}
    </>
  );
}

/** In proof-of-work mode: the chain tip this node follows and the peers it replicates with. */
function ProofOfWorkNetwork(props: { network: PeersReport }) {
  const n = props.network;
  return (
    <>
      <h2>Proof-of-work network</h2>
      <dl class="fields" id="pow-network">
        <Field label="Network">
          <Hash value={n.network_id} />
        </Field>
        <Field label="Chain height">
          <a href={blockHref(n.height)}>{n.height}</a>
        </Field>
        <Field label="Tip">
          <Hash value={n.hash} />
        </Field>
        <Field label="This node">{n.self}</Field>
      </dl>
      <DataTable label="Peers" columns={['Peer', 'State', 'Height', 'Last heard', 'Failures']} bodyId="peers">
        {n.peers.map((p) => (
          <tr key={p.url} class="peer-row">
            <td>
              <a href={`${p.url}/explorer/`}>{p.url}</a>
            </td>
            <td>
              {p.state}
              {p.refused_reason !== null && <span class="muted"> ({p.refused_reason})</span>}
            </td>
            <td>{p.height ?? '–'}</td>
            <td>
              {p.last_seen_ms === null ? <span class="muted">never</span> : <Time at={p.last_seen_ms} />}
            </td>
            <td>{p.failures}</td>
          </tr>
        ))}
      </DataTable>
      {n.peers.length === 0 && <p class="muted">No peers yet.</p>}
    </>
  );
}

export function FederationPage() {
  useTitle('Federation');
  const live = useLive();
  const tick = useSlowTick();
  const newest = live.blocks.find((b) => b.status !== 'undecided');
  const a = useAsync(async () => {
    const [report, h, votes, network] = await Promise.all([
      federation(),
      health(),
      newest ? conn.listVotes(newest.id) : Promise.resolve([]),
      peers(),
    ]);
    return { report, h, votes, network };
  }, ['federation', tick]);
  return (
    <section>
      <h1>Federation</h1>
      <Loaded a={a}>
        {({ report, h, votes, network }) => (
          <>
            {network !== null && <ProofOfWorkNetwork network={network} />}
            <dl class="fields">
              <Field label="This node">
                <Hash value={report.public_key} keep={44} />
              </Field>
              <Field label="Members">{report.federation.length}</Field>
              <Field label="A block is decided by">
                {report.vote_quorum === 'two_thirds'
                  ? 'two thirds of its voters'
                  : 'a majority of its voters'}
              </Field>
              <Field label="Other members' writes">
                {report.notifications.live
                  ? `announced to this node (${report.notifications.received} so far)`
                  : 'polled for (no announcements)'}
              </Field>
              <Field label="Chain height">{h.latest_height ?? '–'}</Field>
              <Field label="Backlog">{h.backlog_size ?? '–'} transactions</Field>
            </dl>
            <h2>Members</h2>
            <DataTable
              label="Members"
              columns={[
                'Member',
                'Highest block voted on',
                <>Vote on block {newest?.height ?? '–'}</>,
                'Liveness',
              ]}
              bodyId="members"
            >
              {report.members.map((m) => (
                <tr key={m.public_key} id={`member-${m.public_key}`} class="member-row">
                  <td>
                    <Hash value={m.public_key} keep={12} />
                    {m.public_key === report.public_key && <span class="muted"> (this node)</span>}
                  </td>
                  <td>
                    {m.last_vote_height === null ? (
                      <span class="muted">no vote yet</span>
                    ) : (
                      <a href={blockHref(m.last_vote_height)}>block {m.last_vote_height}</a>
                    )}
                  </td>
                  <td>
                    <MemberVote vote={votes.find((v) => v.node_pubkey === m.public_key)} />
                  </td>
                  <td>
                    <Status value={m.suspected_down ? 'down' : 'up'} />
                  </td>
                </tr>
              ))}
            </DataTable>
            <h2>Watchdog</h2>
            <p>
              {report.watchdog.passes} passes over the stored chain, {report.watchdog.blocks_verified} blocks
              verified
              {report.watchdog.last_pass_at_ms !== null && (
                <>
                  , the last at <Time at={report.watchdog.last_pass_at_ms} />
                </>
              )}
              .{' '}
              {report.watchdog.tampered_blocks.length === 0 ? (
                <strong class="ok">Nothing found altered.</strong>
              ) : (
                <strong class="bad">{report.watchdog.tampered_blocks.length} blocks found altered:</strong>
              )}
            </p>
            {report.watchdog.tampered_blocks.length > 0 && (
              <ul>
                {report.watchdog.tampered_blocks.map((b) => (
                  <li key={b.block_id}>
                    block {b.height} <Hash value={b.block_id} /> <code class="code">{b.code}</code>
                  </li>
                ))}
              </ul>
            )}
            <h2>Findings ({report.findings.total})</h2>
            <p class="muted">
              What this node refused to trust: blocks and votes from outsiders or with bad signatures.
            </p>
            {report.findings.recent.length === 0 ? (
              <p class="muted">None.</p>
            ) : (
              <DataTable label="Findings" columns={['Code', 'What', 'When']}>
                {report.findings.recent.map((f, i) => (
                  <tr key={i}>
                    <td>
                      <code class="code">{f.code}</code>
                    </td>
                    <td>{f.detail}</td>
                    <td>
                      <Time at={f.at_ms} />
                    </td>
                  </tr>
                ))}
              </DataTable>
            )}
          </>
        )}
      </Loaded>
    </section>
  );
}
