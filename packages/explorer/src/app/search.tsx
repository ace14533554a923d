import { HttpError, type AssetMatch, type MetadataMatch } from '@bigchaindb-ts/driver';
import { useEffect } from 'preact/hooks';
import { block } from './api.js';
import { assetHref, Hash, Loaded, TxLink, useAsync, useTitle } from './components.js';
import { conn } from './node.js';
import { href, navigate } from './router.js';

type Found =
  | { readonly go: string }
  | { readonly assets: AssetMatch[]; readonly metadata: MetadataMatch[] }
  | { readonly nothing: string };

const hex64 = /^[0-9a-fA-F]{64}$/;
const base58Key = /^[1-9A-HJ-NP-Za-km-z]{32,44}$/;

const missing = (err: unknown) => err instanceof HttpError && (err.status === 404 || err.status === 400);

async function exists(read: () => Promise<unknown>): Promise<boolean> {
  try {
    await read();
    return true;
  } catch (err) {
    if (missing(err)) return false;
    throw err;
  }
}

/**
 * Where a search goes: a height to its block; 64 hex to the transaction (any the node has a
 * status for), else the block with that id, else the SPOOL piece of that file hash; a base58 key
 * to its owner page; anything else is searched for in asset data and metadata.
 */
export async function resolve(q: string): Promise<Found> {
  const text = q.trim();
  if (text === '')
    return {
      nothing: 'Type a transaction id, block height or id, public key, asset id, file hash or words.',
    };
  if (/^\d{1,15}$/.test(text)) {
    return (await exists(() => block(text)))
      ? { go: href(`/blocks/${Number(text)}`) }
      : { nothing: `There is no block at height ${text} yet.` };
  }
  if (hex64.test(text)) {
    const id = text.toLowerCase();
    if (await exists(() => conn.getStatus(id))) return { go: href(`/transactions/${id}`) };
    if (await exists(() => block(id))) return { go: href(`/blocks/${id}`) };
    try {
      const pieces = (await conn.get('/spool/pieces', { file_hash: id })) as { piece_id?: string }[];
      if (Array.isArray(pieces) && pieces[0]?.piece_id)
        return { go: href(`/spool/pieces/${pieces[0].piece_id}`) };
    } catch (err) {
      if (!missing(err)) throw err;
    }
    return { nothing: `No transaction, block or SPOOL file hash ${id} is known to this node.` };
  }
  if (base58Key.test(text)) return { go: href(`/owners/${text}`) };
  const [assets, metadata] = await Promise.all([conn.searchAssets(text, 50), conn.searchMetadata(text, 50)]);
  if (assets.length === 0 && metadata.length === 0) return { nothing: `Nothing matches “${text}”.` };
  return { assets, metadata };
}

export function SearchPage(props: { q: string }) {
  useTitle(`Search: ${props.q}`);
  const a = useAsync(() => resolve(props.q), [props.q]);
  useEffect(() => {
    if (a.data && 'go' in a.data) navigate(a.data.go, { replace: true });
  }, [a.data]);
  return (
    <section>
      <h1>Search</h1>
      <Loaded a={a}>
        {(found) =>
          'go' in found ? (
            <p class="loading">Going there…</p>
          ) : 'nothing' in found ? (
            <p id="search-nothing" class="notice">
              {found.nothing}
            </p>
          ) : (
            <div id="search-results">
              <h2>Assets ({found.assets.length})</h2>
              <ul>
                {found.assets.map((m) => (
                  <li key={m.id}>
                    <Hash value={m.id} to={assetHref(m.id)} />{' '}
                    <code class="small">{JSON.stringify(m.data).slice(0, 120)}</code>
                  </li>
                ))}
              </ul>
              <h2>Metadata ({found.metadata.length})</h2>
              <ul>
                {found.metadata.map((m) => (
                  <li key={m.id}>
                    <TxLink id={m.id} /> <code class="small">{JSON.stringify(m.metadata).slice(0, 120)}</code>
                  </li>
                ))}
              </ul>
            </div>
          )
        }
      </Loaded>
    </section>
  );
}
