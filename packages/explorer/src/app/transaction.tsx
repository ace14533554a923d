import { useState } from 'preact/hooks';
import { HttpError, type SignedTransaction, type TransactionStatus } from '@bigchaindb-ts/driver';
import { spenders, type Spender } from './api.js';
import { assetIdOf } from './block.js';
import {
  assetHref,
  blockHref,
  Field,
  Hash,
  isKey,
  Json,
  KeyLinks,
  Loaded,
  Status,
  Time,
  TxLink,
  useAsync,
  useTitle,
} from './components.js';
import { Condition } from './conditions.js';
import { useSlowTick } from './live.js';
import { conn } from './node.js';

interface TxView {
  readonly tx: SignedTransaction | undefined;
  readonly status: TransactionStatus;
  readonly height: number | undefined;
  readonly spentBy: readonly (Spender | null)[] | undefined;
}

async function loadTx(id: string): Promise<TxView> {
  // The status says what became of any transaction the node saw (backlog and invalid ones too);
  // the transaction itself is served once it is in a block.
  const status = await conn.getStatus(id);
  let tx: SignedTransaction | undefined;
  try {
    tx = await conn.getTransaction(id);
  } catch (err) {
    if (!(err instanceof HttpError && err.status === 404)) throw err;
  }
  const [heights, spentBy] =
    tx === undefined ? [[], undefined] : await Promise.all([conn.listBlocks(id), spenders(id)]);
  return { tx, status, height: heights[0], spentBy };
}

function Output(props: { tx: SignedTransaction; i: number; spender: Spender | null | undefined }) {
  const o = props.tx.outputs[props.i]!;
  return (
    <li id={`output-${props.i}`} class="output">
      <div class="output-head">
        <strong>Output {props.i}</strong> · amount <strong class="amount">{o.amount}</strong> ·{' '}
        {props.spender === undefined ? (
          <span class="muted">spent or not: unknown</span>
        ) : props.spender === null ? (
          <span class="unspent">unspent</span>
        ) : (
          <span class="spent">
            spent by <TxLink id={props.spender.transaction_id} /> in block{' '}
            <a href={blockHref(props.spender.height)}>{props.spender.height}</a>
            {props.spender.status === 'undecided' && ' (undecided)'}
          </span>
        )}
      </div>
      <div>
        Owners:{' '}
        {(o.public_keys ?? []).filter(isKey).length === 0 ? (
          <span class="muted">no key (see the condition)</span>
        ) : (
          <KeyLinks keys={o.public_keys ?? []} />
        )}
      </div>
      <div>
        Who can spend it: <Condition details={o.condition.details} />
      </div>
      <div class="muted small">
        Condition <Hash value={o.condition.uri} keep={40} />
      </div>
    </li>
  );
}

function TxBody(props: { v: TxView }) {
  const { tx, status, height, spentBy } = props.v;
  return (
    <>
      <dl class="fields">
        <Field label="Status">
          <span id="tx-status">
            <Status value={status.status} />
          </span>
          {status.reason_code && (
            <span>
              {' '}
              <code class="code">{status.reason_code}</code> {status.reason}
            </span>
          )}
        </Field>
        {height !== undefined && (
          <Field label="Block">
            <a href={blockHref(height)}>{height}</a>
          </Field>
        )}
        {status.updated_at_ms !== undefined && (
          <Field label="Status since">
            <Time at={status.updated_at_ms} />
          </Field>
        )}
        {tx && <Field label="Operation">{tx.operation}</Field>}
        {tx && (
          <Field label="Asset">
            <Hash value={assetIdOf(tx)} to={assetHref(assetIdOf(tx))} keep={64} />
          </Field>
        )}
      </dl>
      {tx === undefined ? (
        <p class="muted">
          The node has not put this transaction in a block
          {status.status === 'invalid' ? ': it was refused.' : ' yet.'}
        </p>
      ) : (
        <>
          {tx.operation === 'CREATE' && (
            <>
              <h2>Asset data</h2>
              <Json value={(tx.asset as { data?: unknown }).data ?? null} />
            </>
          )}
          <h2>Metadata</h2>
          <Json value={tx.metadata} />
          <h2>Inputs ({tx.inputs.length})</h2>
          <ol class="inputs" start={0}>
            {tx.inputs.map((input, i) => (
              <li key={i} class="input">
                {input.fulfills ? (
                  <>
                    spends output {input.fulfills.output_index} of{' '}
                    <TxLink id={input.fulfills.transaction_id} output={input.fulfills.output_index} />
                  </>
                ) : (
                  <span>new (a CREATE spends nothing)</span>
                )}{' '}
                · signed by <KeyLinks keys={input.owners_before ?? []} />
              </li>
            ))}
          </ol>
          <h2>Outputs ({tx.outputs.length})</h2>
          <ol class="outputs" start={0}>
            {tx.outputs.map((_, i) => (
              <Output
                key={i}
                tx={tx}
                i={i}
                spender={spentBy === undefined ? undefined : (spentBy[i] ?? null)}
              />
            ))}
          </ol>
        </>
      )}
    </>
  );
}

export function TransactionPage(props: { id: string }) {
  useTitle(`Transaction ${props.id.slice(0, 10)}`);
  const tick = useSlowTick();
  // Followed live until its fate is settled; then outputs may still be spent, so it is also read
  // again (at most every few blocks) while it has unspent outputs.
  const [follow, setFollow] = useState(true);
  const a = useAsync(async () => {
    const v = await loadTx(props.id);
    setFollow(v.status.status !== 'invalid');
    return v;
  }, [props.id, follow ? tick : -1]);
  return (
    <section>
      <h1>
        Transaction <Hash value={props.id} keep={16} />
      </h1>
      <Loaded
        a={a}
        notFound="This node has never seen a transaction with this id: it may not have reached this node yet, or the id may be mistyped."
      >
        {(v) => <TxBody v={v} />}
      </Loaded>
    </section>
  );
}
