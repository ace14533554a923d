import { useState } from 'preact/hooks';
import { isKey, Hash, Json, KeyLink, Loaded, Table, TxLink, useAsync, useTitle } from './components.js';
import { conn } from './node.js';

const pageSize = 50;

export function AssetPage(props: { id: string }) {
  useTitle(`Asset ${props.id.slice(0, 10)}`);
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const created = useAsync(() => conn.getTransaction(props.id), [props.id]);
  const history = useAsync(
    () => conn.listTransactionsPage(props.id, { limit: pageSize, cursor }),
    [`${props.id}/${cursor ?? ''}`],
  );
  return (
    <section>
      <h1>
        Asset <Hash value={props.id} keep={16} />
      </h1>
      <Loaded
        a={created}
        notFound="This node knows no asset with this id (an asset's id is the id of the CREATE that made it)."
      >
        {(tx) => (
          <>
            <p>
              Created by <TxLink id={tx.id} />, signed by{' '}
              {tx.inputs
                .flatMap((i) => i.owners_before ?? [])
                .filter(isKey)
                .map((k) => (
                  <span key={k}>
                    <KeyLink k={k} />{' '}
                  </span>
                ))}
            </p>
            <h2>Data</h2>
            <Json value={(tx.asset as { data?: unknown }).data ?? null} />
          </>
        )}
      </Loaded>
      <h2>Transactions, in ledger order</h2>
      <Loaded a={history}>
        {(page) => (
          <>
            <Table label="Transactions of the asset">
              <thead>
                <tr>
                  <th>#</th>
                  <th>Transaction</th>
                  <th>Operation</th>
                  <th>To</th>
                  <th>Amounts</th>
                </tr>
              </thead>
              <tbody id="asset-history">
                {page.items.map((tx, i) => (
                  <tr key={tx.id} class="tx-row">
                    <td class="num">{(cursors.length - 1) * pageSize + i + 1}</td>
                    <td>
                      <TxLink id={tx.id} />
                    </td>
                    <td>{tx.operation}</td>
                    <td>
                      {tx.outputs
                        .flatMap((o) => o.public_keys ?? [])
                        .filter(isKey)
                        .map((k, j) => (
                          <span key={j}>
                            <KeyLink k={k} />{' '}
                          </span>
                        ))}
                    </td>
                    <td>{tx.outputs.map((o) => o.amount).join(', ')}</td>
                  </tr>
                ))}
              </tbody>
            </Table>
            <nav class="pager" aria-label="Pages of the asset's transactions">
              <button
                type="button"
                disabled={cursors.length === 1}
                onClick={() => setCursors(cursors.slice(0, -1))}
              >
                ← Earlier
              </button>
              <span class="muted">page {cursors.length}</span>
              <button
                type="button"
                disabled={page.next === null}
                onClick={() => setCursors([...cursors, page.next ?? undefined])}
              >
                Later →
              </button>
            </nav>
          </>
        )}
      </Loaded>
    </section>
  );
}
