import type { OutputLink, SignedTransaction } from '@bigchaindb-ts/driver';
import { DataTable, Hash, Loaded, Pager, TxLink, useAsync, useCursorPages, useTitle } from './components.js';
import { useSlowTick } from './live.js';
import { conn } from './node.js';

const pageSize = 20;

/** One page of a key's outputs (spent or unspent), with each output's amount and transaction. */
function Outputs(props: { pk: string; spent: boolean; tick: number }) {
  const pages = useCursorPages();
  const cursor = pages.cursor;
  const a = useAsync(async () => {
    const page = await conn.listOutputsPage(props.pk, { spent: props.spent, limit: pageSize, cursor });
    const txs = await Promise.all(
      [...new Set(page.items.map((l) => l.transaction_id))].map((id) => conn.getTransaction(id)),
    );
    const byId = new Map<string, SignedTransaction>(txs.map((t) => [t.id, t]));
    return { page, byId };
  }, [`${props.pk}/${props.spent}/${cursor ?? ''}`, pages.number === 1 ? props.tick : -1]);
  const name = props.spent ? 'spent' : 'unspent';
  return (
    <div class={`outputs-${name}`}>
      <Loaded a={a}>
        {({ page, byId }) =>
          page.items.length === 0 && pages.number === 1 ? (
            <p class="muted">No {name} outputs.</p>
          ) : (
            <>
              <DataTable label={`${name} outputs`} columns={['Transaction', 'Output', 'Amount', 'Operation']}>
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
              </DataTable>
              <Pager
                label={`Pages of ${name} outputs`}
                pages={pages}
                next={page.next}
                back="← Newer page"
                forward="Next page →"
              />
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
