import { useState } from 'preact/hooks';
import type { Block, SignedTransaction, Vote } from '@bigchaindb-ts/driver';
import { block } from './api.js';
import {
  assetHref,
  blockHref,
  DataTable,
  Field,
  Hash,
  KeyLinks,
  Loaded,
  Status,
  Time,
  TxLink,
  useAsync,
  useTitle,
} from './components.js';
import { useLive, useSlowTick } from './live.js';
import { conn } from './node.js';
import { href } from './router.js';

export function assetIdOf(tx: SignedTransaction): string {
  if (tx.operation === 'CREATE') return tx.id;
  const id = (tx.asset as { id?: unknown }).id;
  return typeof id === 'string' ? id : '';
}

function Election(props: { b: Block; votes: readonly Vote[] }) {
  const voters = props.b.voters ?? [];
  const valid = props.votes.filter((v) => v.vote.is_block_valid).length;
  const invalid = props.votes.length - valid;
  return (
    <p id="election">
      <Status value={props.b.status} /> — {valid} of {voters.length} voters said valid, {invalid} said
      invalid, {voters.length - props.votes.length} have not voted.
    </p>
  );
}

export function BlockPage(props: { id: string }) {
  useTitle(`Block ${props.id}`);
  const live = useLive();
  const tick = useSlowTick(500);
  // An undecided block is read again as blocks are decided, until it is decided too.
  const [follow, setFollow] = useState(true);
  const a = useAsync(async () => {
    const b = await block(props.id);
    const votes = b.id ? await conn.listVotes(b.id) : [];
    setFollow(b.status === 'undecided');
    return { b, votes };
  }, [props.id, follow ? tick : -1]);
  return (
    <section>
      <Loaded a={a} notFound="There is no such block on this node's chain (yet).">
        {({ b, votes }) => (
          <>
            <h1>Block {b.height}</h1>
            <nav class="prevnext" aria-label="Neighbouring blocks">
              {b.height > 0 ? (
                <a href={blockHref(b.height - 1)} rel="prev">
                  ← Block {b.height - 1}
                </a>
              ) : (
                <span />
              )}
              {live.latestHeight === null || b.height < live.latestHeight ? (
                <a href={blockHref(b.height + 1)} rel="next">
                  Block {b.height + 1} →
                </a>
              ) : (
                <span class="muted">newest block</span>
              )}
            </nav>
            <dl class="fields">
              <Field label="Id">
                <Hash value={b.id ?? ''} keep={64} />
              </Field>
              <Field label="Decision">
                <Election b={b} votes={votes} />
              </Field>
              <Field label="Time">
                <Time at={b.timestamp} />
              </Field>
              <Field label="Maker">
                {b.node_pubkey ? <Hash value={b.node_pubkey} keep={44} to={href('/federation')} /> : '–'}
              </Field>
              <Field label="Maker's signature">
                <Hash value={b.signature ?? ''} keep={24} />
              </Field>
            </dl>
            <h2>Votes</h2>
            <DataTable
              label="Votes"
              columns={['Voter', 'Vote', 'Reason', 'Time', 'Signature']}
              bodyId="votes"
            >
              {(b.voters ?? []).map((voter) => {
                const v = votes.find((x) => x.node_pubkey === voter);
                return (
                  <tr key={voter} class="vote-row">
                    <td>
                      <Hash value={voter} keep={8} to={href('/federation')} />
                    </td>
                    <td>
                      {v === undefined ? (
                        <span class="muted">not yet</span>
                      ) : (
                        <Status value={v.vote.is_block_valid ? 'valid' : 'invalid'} />
                      )}
                    </td>
                    <td>{v?.vote.invalid_reason ?? ''}</td>
                    <td>{v && <Time at={v.vote.timestamp} />}</td>
                    <td>{v && <Hash value={v.signature} keep={12} />}</td>
                  </tr>
                );
              })}
            </DataTable>
            <h2>Transactions ({b.transactions.length})</h2>
            {b.transactions.length === 0 ? (
              <p class="muted">None{b.height === 0 ? ': this is the genesis block.' : '.'}</p>
            ) : (
              <DataTable
                label="Transactions"
                columns={['#', 'Transaction', 'Operation', 'Asset', 'To']}
                bodyId="transactions"
              >
                {b.transactions.map((tx, i) => (
                  <tr key={tx.id} class="tx-row">
                    <td class="num">{i}</td>
                    <td>
                      <TxLink id={tx.id} />
                    </td>
                    <td>{tx.operation}</td>
                    <td>
                      <Hash value={assetIdOf(tx)} to={assetHref(assetIdOf(tx))} />
                    </td>
                    <td>
                      <KeyLinks keys={tx.outputs.flatMap((o) => o.public_keys ?? [])} max={3} />
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
