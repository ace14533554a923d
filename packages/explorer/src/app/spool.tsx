import {
  DataTable,
  Field,
  Hash,
  Json,
  KeyLink,
  Loaded,
  TxLink,
  assetHref,
  blockHref,
  useAsync,
  useTitle,
} from './components.js';
import { conn } from './node.js';
import { href } from './router.js';

// The SPOOL registry's reads (issue 11, "Reading it"): pieces by id or file hash, with their
// editions, and an edition's chain of custody.

interface EditionSummary {
  readonly edition: number;
  readonly asset_id?: string;
  readonly holder?: string | null;
}
interface Piece {
  readonly piece_id: string;
  readonly file_hash?: string;
  readonly num_editions?: number | null;
  readonly editions?: readonly EditionSummary[];
  readonly [k: string]: unknown;
}
interface Step {
  readonly action: string;
  readonly verb?: string;
  readonly from?: string | null;
  readonly to?: string | null;
  readonly transaction_id?: string;
  readonly block_height?: number;
}
interface Edition {
  readonly piece_id: string;
  readonly edition: number;
  readonly asset_id?: string;
  readonly holder?: string | null;
  readonly consigned_to?: string | null;
  readonly consignor?: string | null;
  readonly loans?: readonly unknown[];
  readonly history?: readonly Step[];
  readonly allowed?: unknown;
}

const editionHref = (piece: string, n: number) => href(`/spool/pieces/${piece}/editions/${n}`);
const enc = encodeURIComponent;

export function SpoolPiecePage(props: { id: string }) {
  useTitle(`Piece ${props.id.slice(0, 10)}`);
  const a = useAsync(() => conn.get(`/spool/pieces/${enc(props.id)}`) as Promise<Piece>, [props.id]);
  return (
    <section>
      <h1>
        Piece <Hash value={props.id} keep={16} />
      </h1>
      <Loaded a={a}>
        {(p) => (
          <>
            <dl class="fields">
              <Field label="File hash">
                {p.file_hash ? (
                  <Hash value={p.file_hash} keep={64} to={href(`/spool/files/${p.file_hash}`)} />
                ) : (
                  '–'
                )}
              </Field>
              <Field label="Editions">{p.num_editions ?? 'not set yet'}</Field>
            </dl>
            <h2>Editions</h2>
            <DataTable label="Editions" columns={['Edition', 'Asset', 'Holder']}>
              {(p.editions ?? []).map((e) => (
                <tr key={e.edition}>
                  <td>
                    <a href={editionHref(p.piece_id, e.edition)}>
                      {e.edition === 0 ? '0 (master)' : e.edition}
                    </a>
                  </td>
                  <td>{e.asset_id ? <Hash value={e.asset_id} to={assetHref(e.asset_id)} /> : '–'}</td>
                  <td>{e.holder ? <KeyLink k={e.holder} /> : '–'}</td>
                </tr>
              ))}
            </DataTable>
          </>
        )}
      </Loaded>
    </section>
  );
}

export function SpoolFilePage(props: { hash: string }) {
  useTitle(`File ${props.hash.slice(0, 10)}`);
  const a = useAsync(
    () => conn.get('/spool/pieces', { file_hash: props.hash }) as Promise<Piece[]>,
    [props.hash],
  );
  return (
    <section>
      <h1>
        File <Hash value={props.hash} keep={16} />
      </h1>
      <Loaded a={a}>
        {(pieces) =>
          pieces.length === 0 ? (
            <p class="notice">No piece is registered for this file hash.</p>
          ) : (
            <ul>
              {pieces.map((p) => (
                <li key={p.piece_id}>
                  <Hash value={p.piece_id} to={href(`/spool/pieces/${p.piece_id}`)} keep={16} /> (
                  {p.num_editions ?? '?'} editions)
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
    </section>
  );
}

export function SpoolEditionPage(props: { id: string; n: number }) {
  useTitle(`Edition ${props.n} of ${props.id.slice(0, 10)}`);
  const a = useAsync(
    () => conn.get(`/spool/pieces/${enc(props.id)}/editions/${props.n}`) as Promise<Edition>,
    [`${props.id}/${props.n}`],
  );
  return (
    <section>
      <h1>
        Edition {props.n} of <Hash value={props.id} keep={16} to={href(`/spool/pieces/${props.id}`)} />
      </h1>
      <Loaded a={a}>
        {(e) => (
          <>
            <dl class="fields">
              <Field label="Holder">{e.holder ? <KeyLink k={e.holder} /> : '–'}</Field>
              <Field label="Consigned to">{e.consigned_to ? <KeyLink k={e.consigned_to} /> : 'nobody'}</Field>
              <Field label="Consignor">{e.consignor ? <KeyLink k={e.consignor} /> : '–'}</Field>
              <Field label="Asset">
                {e.asset_id ? <Hash value={e.asset_id} to={assetHref(e.asset_id)} /> : '–'}
              </Field>
            </dl>
            <h2>Chain of custody</h2>
            <DataTable label="Chain of custody" columns={['Action', 'From', 'To', 'Transaction', 'Block']}>
              {(e.history ?? []).map((s, i) => (
                <tr key={i}>
                  <td>{s.action}</td>
                  <td>{s.from ? <KeyLink k={s.from} /> : '–'}</td>
                  <td>{s.to ? <KeyLink k={s.to} /> : '–'}</td>
                  <td>{s.transaction_id ? <TxLink id={s.transaction_id} /> : '–'}</td>
                  <td>
                    {s.block_height !== undefined ? (
                      <a href={blockHref(s.block_height)}>{s.block_height}</a>
                    ) : (
                      '–'
                    )}
                  </td>
                </tr>
              ))}
            </DataTable>
            {e.loans && e.loans.length > 0 && (
              <>
                <h2>Loans</h2>
                <Json value={e.loans} />
              </>
            )}
            {e.allowed !== undefined && (
              <>
                <h2>Who may act now</h2>
                <Json value={e.allowed} />
              </>
            )}
          </>
        )}
      </Loaded>
    </section>
  );
}
