import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { AddPage } from './add.js';
import { AssetPage } from './asset.js';
import { BlockPage } from './block.js';
import { useTitle } from './components.js';
import { FederationPage } from './federation.js';
import { Home } from './home.js';
import { useLive, type LinkState } from './live.js';
import { defaultNodeUrl, isNodeUrl, nodeUrl, switchNode } from './node.js';
import { OwnerPage } from './owner.js';
import { href, navigate, useLocation } from './router.js';
import { SearchPage } from './search.js';
import { SpoolEditionPage, SpoolFilePage, SpoolPiecePage } from './spool.js';
import { TransactionPage } from './transaction.js';

/** The page for a path below /explorer, or undefined when there is none. */
function page(path: string, query: URLSearchParams): ComponentChildren | undefined {
  const p = path.replace(/\/+$/, '') || '/';
  let m: RegExpExecArray | null;
  if (p === '/') return <Home />;
  if ((m = /^\/blocks\/(\d{1,15}|[0-9a-fA-F]{64})$/.exec(p))) return <BlockPage id={m[1]!} />;
  if ((m = /^\/transactions\/([^/]+)$/.exec(p))) return <TransactionPage id={decodeURIComponent(m[1]!)} />;
  if ((m = /^\/owners\/([^/]+)$/.exec(p))) return <OwnerPage pk={decodeURIComponent(m[1]!)} />;
  if ((m = /^\/assets\/([^/]+)$/.exec(p))) return <AssetPage id={decodeURIComponent(m[1]!)} />;
  if (p === '/federation') return <FederationPage />;
  if (p === '/add') return <AddPage />;
  if (p === '/search') return <SearchPage q={query.get('q') ?? ''} />;
  if ((m = /^\/spool\/pieces\/([^/]+)\/editions\/(\d{1,9})$/.exec(p)))
    return <SpoolEditionPage id={decodeURIComponent(m[1]!)} n={Number(m[2])} />;
  if ((m = /^\/spool\/pieces\/([^/]+)$/.exec(p))) return <SpoolPiecePage id={decodeURIComponent(m[1]!)} />;
  if ((m = /^\/spool\/files\/([^/]+)$/.exec(p))) return <SpoolFilePage hash={decodeURIComponent(m[1]!)} />;
  return undefined;
}

function NotFound(props: { path: string }) {
  useTitle('Not found');
  return (
    <section id="not-found">
      <h1>Page not found</h1>
      <p>
        The explorer has no page at <code>{href(props.path)}</code>. Check the address, search for what you
        are looking for above, or go to <a href={href('/')}>the latest blocks</a>.
      </p>
    </section>
  );
}

function LinkBadge(props: { link: LinkState }) {
  const { link } = props;
  const text =
    link.state === 'live'
      ? 'Live'
      : link.state === 'connecting'
        ? 'Connecting…'
        : `Reconnecting (attempt ${link.attempts})…`;
  return (
    <span
      id="link-state"
      class={`link link-${link.state}`}
      role="status"
      aria-live="polite"
      title={
        link.detail ??
        (link.position === undefined ? '' : `received every block up to height ${link.position}`)
      }
    >
      {text}
    </span>
  );
}

function Search() {
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    // "/" jumps to the search box, as on most sites with one.
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (e.key === '/' && t?.tagName !== 'INPUT' && t?.tagName !== 'TEXTAREA') {
        e.preventDefault();
        input.current?.focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  const submit = (e: Event) => {
    e.preventDefault();
    const q = input.current?.value.trim() ?? '';
    if (q !== '') navigate(`${href('/search')}?q=${encodeURIComponent(q)}`);
  };
  return (
    <form role="search" onSubmit={submit} class="search">
      <label for="q" class="visually-hidden">
        Search
      </label>
      <input
        id="q"
        ref={input}
        type="search"
        placeholder="Transaction, block, key, asset, file hash or words"
        autoComplete="off"
        spellcheck={false}
      />
      <button type="submit">Search</button>
    </form>
  );
}

function NodeSwitch() {
  const [open, setOpen] = useState(false);
  const [value, setValue] = useState(nodeUrl);
  const ok = isNodeUrl(value);
  if (!open)
    return (
      <button
        type="button"
        class="linkish"
        id="node-switch"
        onClick={() => setOpen(true)}
        title="Change the node this page reads"
      >
        Node: {nodeUrl.replace(/^https?:\/\//, '')}
      </button>
    );
  return (
    <form
      class="node-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (ok) switchNode(value);
      }}
    >
      <label for="node-url">Node URL</label>
      <input
        id="node-url"
        value={value}
        onInput={(e) => setValue(e.currentTarget.value)}
        aria-invalid={!ok}
      />
      <button type="submit" disabled={!ok}>
        Use
      </button>
      <button type="button" onClick={() => switchNode(defaultNodeUrl)}>
        Default
      </button>
      <button type="button" onClick={() => setOpen(false)}>
        Cancel
      </button>
    </form>
  );
}

export function App() {
  const loc = useLocation();
  const live = useLive();
  const content = page(loc.path, loc.query);
  useEffect(() => {
    if (loc.hash) document.getElementById(decodeURIComponent(loc.hash.slice(1)))?.scrollIntoView();
  });
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header>
        <a href={href('/')} class="brand">
          BigchainDB explorer
        </a>
        <nav aria-label="Main">
          <a href={href('/')}>Blocks</a>
          <a href={href('/federation')}>Federation</a>
          <a href={href('/add')}>Add data</a>
        </nav>
        <Search />
        <LinkBadge link={live.link} />
      </header>
      <main id="main" tabIndex={-1}>
        {content ?? <NotFound path={loc.path} />}
      </main>
      <footer>
        <NodeSwitch />
      </footer>
    </>
  );
}
