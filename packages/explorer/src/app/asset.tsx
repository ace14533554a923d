import {
  DataTable,
  Hash,
  Json,
  KeyLinks,
  Loaded,
  Pager,
  TxLink,
  useAsync,
  useCursorPages,
  useTitle,
} from './components.js';
import { conn } from './node.js';

const pageSize = 50;

export function AssetPage(props: { id: string }) {
  useTitle(`Asset ${props.id.slice(0, 10)}`);
  const pages = useCursorPages();
  const created = useAsync(() => conn.getTransaction(props.id), [props.id]);
  const history = useAsync(
    () => conn.listTransactionsPage(props.id, { limit: pageSize, cursor: pages.cursor }),
    [`${props.id}/${pages.cursor ?? ''}`],
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
              <KeyLinks keys={tx.inputs.flatMap((i) => i.owners_before ?? [])} />
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
            <DataTable
              label="Transactions of the asset"
              columns={['#', 'Transaction', 'Operation', 'To', 'Amounts']}
              bodyId="asset-history"
            >
              {page.items.map((tx, i) => (
                <tr key={tx.id} class="tx-row">
                  <td class="num">{(pages.number - 1) * pageSize + i + 1}</td>
                  <td>
                    <TxLink id={tx.id} />
                  </td>
                  <td>{tx.operation}</td>
                  <td>
                    <KeyLinks keys={tx.outputs.flatMap((o) => o.public_keys ?? [])} />
                  </td>
                  <td>{tx.outputs.map((o) => o.amount).join(', ')}</td>
                </tr>
              ))}
            </DataTable>
            <Pager
              label="Pages of the asset's transactions"
              pages={pages}
              next={page.next}
              back="← Earlier"
              forward="Later →"
            />
          </>
        )}
      </Loaded>
    </section>
  );
}
