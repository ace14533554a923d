import type { OutputLink, SignedTransaction } from '@bigchaindb-ts/driver';
import { useState } from 'preact/hooks';
import { Hash, Loaded, Table, TxLink, useAsync, useTitle } from './components.js';
import { useSlowTick } from './live.js';
import { conn } from './node.js';

const pageSize = 20;

/** One page of a key's outputs (spent or unspent), with each output's amount and transaction. */
function Outputs(props: { pk: string; spent: boolean; tick: number }) {
  // The cursors of the pages seen, so "previous" goes back exactly.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const a = useAsync(async () => {
    const page = await conn.listOutputsPage(props.pk, { spent: props.spent, limit: pageSize, cursor });
    const txs = await Promise.all(
      [...new Set(page.items.map((l) => l.transaction_id))].map((id) => conn.getTransaction(id)),
    );
    const byId = new Map<string, SignedTransaction>(txs.map((t) => [t.id, t]));
    return { page, byId };
  }, [`${props.pk}/${props.spent}/${cursor ?? ''}`, cursors.length === 1 ? props.tick : -1]);
  const name = props.spent ? 'spent' : 'unspent';
  return (
    <div class={`outputs-${name}`}>
      <Loaded a={a}>
        {({ page, byId }) =>
          page.items.length === 0 && cursors.length === 1 ? (
            <p class="muted">No {name} outputs.</p>
          ) : (
            <>
              <Table label={`${name} outputs`}>
                <thead>
                  <tr>
                    <th>Transaction</th>
                    <th>Output</th>
                    <th>Amount</th>
                    <th>Operation</th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((l: OutputLink) => {
                    const tx = byId.get(l.transaction_id);
                    return (
                      <tr key={`${l.transaction_id}/${l.output_index}`} class="output-row">
                        <td>
                          <TxLink id={l.transaction_id} output={l.output_index} />
                        </td>
                        <td class="num">{l.output_index}</td>
                        <td class="num">{tx?.outputs[l.output_index]?.amount ?? '–'}</td>
                        <td>{tx?.operation ?? ''}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </Table>
              <nav class="pager" aria-label={`Pages of ${name} outputs`}>
                <button
                  type="button"
                  disabled={cursors.length === 1}
                  onClick={() => setCursors(cursors.slice(0, -1))}
                >
                  ← Newer page
                </button>
                <span class="muted">page {cursors.length}</span>
                <button
                  type="button"
                  disabled={page.next === null}
                  onClick={() => setCursors([...cursors, page.next ?? undefined])}
                >
                  Next page →
                </button>
              </nav>
            </>
          )
        }
      </Loaded>
    </div>
  );
}

export function OwnerPage(props: { pk: string }) {
  useTitle(`Owner ${props.pk.slice(0, 10)}`);
  const tick = useSlowTick();
  return (
    <section>
      <h1>
        Owner <Hash value={props.pk} keep={44} />
      </h1>
      <p class="muted">The outputs whose conditions name this public key, in ledger order.</p>
      <h2>Unspent outputs</h2>
      <Outputs key={`u-${props.pk}`} pk={props.pk} spent={false} tick={tick} />
      <h2>Spent outputs</h2>
      <Outputs key={`s-${props.pk}`} pk={props.pk} spent={true} tick={tick} />
    </section>
  );
}
