import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { DriverError, HttpError, NetworkError, TimeoutError } from '@bigchaindb-ts/driver';
import { nodeUrl } from './node.js';
import { href } from './router.js';

/**
 * An id, key or hash: a link to its page, shortened from the end (the start is what people
 * compare), the whole value in the tooltip and to screen readers, and copied whole.
 */
export function Hash(props: { value: string; to?: string | undefined; keep?: number }) {
  const keep = props.keep ?? 10;
  const short = props.value.length > keep + 2 ? `${props.value.slice(0, keep)}…` : props.value;
  const text = (
    <span class="hash" title={props.value} aria-label={props.value} data-full={props.value}>
      {short}
    </span>
  );
  return props.to === undefined ? text : <a href={props.to}>{text}</a>;
}

export const txHref = (id: string, output?: number) =>
  href(`/transactions/${id}${output === undefined ? '' : `#output-${output}`}`);
export const blockHref = (key: string | number) => href(`/blocks/${key}`);
export const ownerHref = (key: string) => href(`/owners/${key}`);
export const assetHref = (id: string) => href(`/assets/${id}`);

export const isKey = (k: string | null | undefined): k is string => typeof k === 'string';

export const TxLink = (p: { id: string; output?: number }) => (
  <Hash value={p.id} to={txHref(p.id, p.output)} />
);
export const KeyLink = (p: { k: string }) => <Hash value={p.k} to={ownerHref(p.k)} keep={8} />;

/** Owners' keys as links, each followed by a space; an entry that is not a key is skipped. */
export function KeyLinks(props: { keys: readonly (string | null | undefined)[]; max?: number }) {
  return (
    <>
      {props.keys
        .filter(isKey)
        .slice(0, props.max)
        .map((k, i) => (
          <span key={i}>
            <KeyLink k={k} />{' '}
          </span>
        ))}
    </>
  );
}

/** Block timestamps are Unix seconds as text; the app's own times are milliseconds. */
export function toMs(t: string | number | undefined | null): number | undefined {
  if (t === undefined || t === null || t === '') return undefined;
  const n = Number(t);
  if (!Number.isFinite(n)) return undefined;
  return typeof t === 'string' ? n * 1000 : n;
}

/** A time in the reader's time zone, the exact instant (UTC, ISO 8601) on hover. */
export function Time(props: { at: string | number | undefined | null }) {
  const ms = toMs(props.at);
  if (ms === undefined) return <span class="muted">–</span>;
  const d = new Date(ms);
  const iso = d.toISOString();
  return (
    <time dateTime={iso} title={`${iso} (${d.toString()})`}>
      {d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' })}
    </time>
  );
}

/** A status word with its colour: valid, invalid, undecided, backlog. */
export function Status(props: { value: string | undefined; tampered?: boolean | undefined }) {
  const v = props.tampered ? 'tampered' : (props.value ?? 'unknown');
  return <span class={`status status-${v}`}>{v}</span>;
}

export function Json(props: { value: unknown }) {
  return <pre class="json">{JSON.stringify(props.value, null, 2)}</pre>;
}

/** What went wrong, in plain words, with the node's code when it gave one. Never a stack trace. */
export function describeError(
  err: unknown,
  notFound = 'This node knows nothing at this address.',
): { title: string; detail: string; code?: string | undefined } {
  if (err instanceof HttpError) {
    if (err.status === 404)
      return {
        title: 'Not found',
        detail: `${notFound} (The node said: ${err.message}.)`,
        code: err.code ?? 'NotFound',
      };
    return { title: `The node refused (${err.status})`, detail: err.message, code: err.code };
  }
  if (err instanceof TimeoutError)
    return {
      title: 'The node did not answer in time',
      detail: `${nodeUrl} is slow or unreachable. ${err.message}`,
    };
  if (err instanceof NetworkError)
    return {
      title: 'The node cannot be reached',
      detail: `Nothing answered at ${nodeUrl}: is it running, and is the address right? (${err.message})`,
    };
  if (err instanceof DriverError)
    return { title: 'The node gave an answer the explorer cannot read', detail: err.message };
  return {
    title: 'Something went wrong in the explorer',
    detail: err instanceof Error ? err.message : String(err),
  };
}

export function ErrorView(props: { error: unknown; retry?: () => void; notFound?: string | undefined }) {
  const e = describeError(props.error, props.notFound);
  return (
    <div class="error" role="alert">
      <h2>{e.title}</h2>
      <p>{e.detail}</p>
      {e.code !== undefined && (
        <p>
          Node error code: <code class="code">{e.code}</code>
        </p>
      )}
      {props.retry && (
        <button type="button" onClick={props.retry}>
          Try again
        </button>
      )}
    </div>
  );
}

export interface Async<T> {
  readonly data: T | undefined;
  readonly error: unknown;
  readonly loading: boolean;
  readonly reload: () => void;
}

/**
 * Runs `load` when `deps` change; the latest answer wins. `deps[0]` names what is shown: when it
 * changes the old answer is dropped at once; other changes (a live tick) re-read behind it.
 */
export function useAsync<T>(load: () => Promise<T>, deps: readonly unknown[]): Async<T> {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({
    data: undefined,
    error: undefined,
    loading: true,
  });
  const [n, setN] = useState(0);
  const shown = useRef<unknown>(deps[0]);
  useEffect(() => {
    let current = true;
    const same = shown.current === deps[0];
    shown.current = deps[0];
    setState((s) => (same ? { ...s, loading: true } : { data: undefined, error: undefined, loading: true }));
    load().then(
      (data) => current && setState({ data, error: undefined, loading: false }),
      (error: unknown) => current && setState({ data: undefined, error, loading: false }),
    );
    return () => {
      current = false;
    };
  }, [...deps, n]);
  return { ...state, reload: () => setN((x) => x + 1) };
}

/** Loading, error or the content, for one async read. */
export function Loaded<T>(props: {
  a: Async<T>;
  children: (data: T) => ComponentChildren;
  /** What a 404 means on this page, in words. */
  notFound?: string;
}) {
  if (props.a.data !== undefined) return <>{props.children(props.a.data)}</>;
  if (props.a.error !== undefined)
    return <ErrorView error={props.a.error} retry={props.a.reload} notFound={props.notFound} />;
  return <p class="loading">Loading…</p>;
}

export function Field(props: { label: string; children: ComponentChildren }) {
  return (
    <div class="field">
      <dt>{props.label}</dt>
      <dd>{props.children}</dd>
    </div>
  );
}

/** A wide table scrolls sideways on a phone instead of squeezing. */
export function Table(props: { children: ComponentChildren; label: string }) {
  return (
    <div class="table-wrap" role="region" aria-label={props.label} tabIndex={0}>
      <table>{props.children}</table>
    </div>
  );
}

/** A page's usual table: one header row of column names over the rows given as children. */
export function DataTable(props: {
  label: string;
  columns: readonly ComponentChildren[];
  /** The body's id, which the browser tests find the rows by. */
  bodyId?: string;
  children: ComponentChildren;
}) {
  return (
    <Table label={props.label}>
      <thead>
        <tr>
          {props.columns.map((c, i) => (
            <th key={i}>{c}</th>
          ))}
        </tr>
      </thead>
      <tbody id={props.bodyId}>{props.children}</tbody>
    </Table>
  );
}

/** Where each page seen so far starts, so going back returns exactly to the page before. */
export interface CursorPages {
  /** The cursor of the page shown (undefined for the first). */
  readonly cursor: string | undefined;
  /** The page shown, counting from 1. */
  readonly number: number;
  readonly back: () => void;
  readonly forward: (next: string | null) => void;
}

export function useCursorPages(): CursorPages {
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  return {
    cursor: cursors[cursors.length - 1],
    number: cursors.length,
    back: () => setCursors(cursors.slice(0, -1)),
    forward: (next) => setCursors([...cursors, next ?? undefined]),
  };
}

/** Back and forward buttons over cursor pages; `next` is the shown page's cursor to the next one. */
export function Pager(props: {
  label: string;
  pages: CursorPages;
  next: string | null;
  back: string;
  forward: string;
}) {
  return (
    <nav class="pager" aria-label={props.label}>
      <button type="button" disabled={props.pages.number === 1} onClick={props.pages.back}>
        {props.back}
      </button>
      <span class="muted">page {props.pages.number}</span>
      <button type="button" disabled={props.next === null} onClick={() => props.pages.forward(props.next)}>
        {props.forward}
      </button>
    </nav>
  );
}

export function useTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · BigchainDB explorer`;
  }, [title]);
}
