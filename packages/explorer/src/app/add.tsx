import { useState } from 'preact/hooks';
import { generateKeypair, transaction } from '@bigchaindb-ts/driver';
import { describeError, Hash, Json, TxLink, useTitle } from './components.js';
import { apiRoot } from './node.js';

/** The node's answer exactly as it came: status line, the headers that matter, the body. */
interface Answer {
  readonly status: number;
  readonly statusText: string;
  readonly headers: readonly [string, string][];
  readonly body: unknown;
  readonly text: string;
  readonly txId?: string | undefined;
  readonly signer?: string | undefined;
}

/**
 * Posts with `fetch` rather than through the driver: the page shows the node's answer as it came,
 * headers included, and the driver would retry and turn refusals into errors.
 */
async function post(tx: unknown, signer?: string): Promise<Answer> {
  const res = await fetch(`${apiRoot}/transactions?mode=commit`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(tx),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Shown as text.
  }
  const headers = ['content-type', 'x-transaction-status', 'location']
    .map((h) => [h, res.headers.get(h)] as const)
    .filter((h): h is readonly [string, string] => h[1] !== null)
    .map(([k, v]) => [k, v] as [string, string]);
  const id = (tx as { id?: unknown }).id;
  return {
    status: res.status,
    statusText: res.statusText,
    headers,
    body,
    text,
    txId: typeof id === 'string' ? id : undefined,
    signer,
  };
}

function AnswerView(props: { a: Answer }) {
  const ok = props.a.status >= 200 && props.a.status < 300;
  return (
    <div class={ok ? 'answer ok' : 'answer bad'} id="answer" role="status">
      <h2>
        The node answered <span id="answer-status">{props.a.status}</span> {props.a.statusText}
      </h2>
      {props.a.signer && (
        <p>
          Signed in this page by a new key <Hash value={props.a.signer} keep={44} />.
        </p>
      )}
      {ok && props.a.txId && (
        <p>
          See <TxLink id={props.a.txId} />.
        </p>
      )}
      <pre class="headers">{props.a.headers.map(([k, v]) => `${k}: ${v}`).join('\n')}</pre>
      {typeof props.a.body === 'string' ? (
        <pre class="json">{props.a.text}</pre>
      ) : (
        <Json value={props.a.body} />
      )}
    </div>
  );
}

export function AddPage() {
  useTitle('Add data');
  const [message, setMessage] = useState('');
  const [pasted, setPasted] = useState('');
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<Answer | undefined>();
  const [problem, setProblem] = useState<string | undefined>();

  const run = (work: () => Promise<Answer>) => {
    setBusy(true);
    setProblem(undefined);
    setAnswer(undefined);
    work().then(
      (a) => {
        setAnswer(a);
        setBusy(false);
      },
      (err: unknown) => {
        const d = describeError(err);
        setProblem(`${d.title}. ${d.detail}`);
        setBusy(false);
      },
    );
  };

  const sendMessage = (e: Event) => {
    e.preventDefault();
    if (message.trim() === '') return setProblem('Write a message first.');
    run(async () => {
      const key = generateKeypair();
      const tx = transaction.create({ issuers: key, asset: { message } });
      return post(tx, key.publicKey);
    });
  };
  const sendPasted = (e: Event) => {
    e.preventDefault();
    let tx: unknown;
    try {
      tx = JSON.parse(pasted);
    } catch (err) {
      return setProblem(`That is not JSON: ${err instanceof Error ? err.message : String(err)}`);
    }
    run(() => post(tx));
  };

  return (
    <section>
      <h1>Add data</h1>
      <form onSubmit={sendMessage} class="card" id="message-form">
        <h2>Write a message</h2>
        <p class="muted">
          The page makes a new key pair, signs a CREATE transaction whose asset data is{' '}
          <code>{'{"message": …}'}</code> with it, and posts it. The private key stays in this page and is
          forgotten when you leave it: nobody can transfer the message later.
        </p>
        <label for="message">Message</label>
        <textarea id="message" rows={3} value={message} onInput={(e) => setMessage(e.currentTarget.value)} />
        <button type="submit" disabled={busy}>
          {busy ? 'Posting…' : 'Sign and post'}
        </button>
      </form>
      <form onSubmit={sendPasted} class="card" id="paste-form">
        <h2>Post a signed transaction</h2>
        <p class="muted">Paste a transaction signed elsewhere (JSON). It is posted as it is.</p>
        <label for="pasted">Transaction JSON</label>
        <textarea id="pasted" rows={8} value={pasted} onInput={(e) => setPasted(e.currentTarget.value)} />
        <button type="submit" disabled={busy}>
          {busy ? 'Posting…' : 'Post'}
        </button>
      </form>
      {problem && (
        <p class="error" role="alert" id="add-problem">
          {problem}
        </p>
      )}
      {answer && <AnswerView a={answer} />}
    </section>
  );
}
