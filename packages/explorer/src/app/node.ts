import { Connection } from '@bigchaindb-ts/driver';

/**
 * Which node the page talks to: `?node=URL` in the address (kept for this tab), else the one
 * chosen earlier in this tab, else the one the server named in the page (`bigchaindb ui --node`),
 * else the origin the page came from (a node serving its own explorer).
 */
const storageKey = 'bigchaindb-explorer.node';

function servedNode(): string {
  const meta = document.querySelector('meta[name="bigchaindb-node"]')?.getAttribute('content') ?? '';
  return meta.trim() === '' ? window.location.origin : meta.trim();
}

function chosenNode(): string | undefined {
  const fromUrl = new URLSearchParams(window.location.search).get('node');
  if (fromUrl) {
    sessionStorage.setItem(storageKey, fromUrl);
    return fromUrl;
  }
  return sessionStorage.getItem(storageKey) ?? undefined;
}

export const defaultNodeUrl = servedNode();
export const nodeUrl: string = chosenNode() ?? defaultNodeUrl;

/** The driver's connection to the node: every read of every page goes through it. */
export const conn = new Connection(nodeUrl, {
  requestTimeoutMs: 10_000,
  callTimeoutMs: 15_000,
  // One node: a failed call is reported at once rather than retried for a minute.
  attemptsMax: 2,
});

/** The node's API root, e.g. `http://localhost:9984/api/v1`. */
export const apiRoot: string = conn.nodes[0]?.apiRoot ?? `${nodeUrl}/api/v1`;

/** Points the page at another node (for this tab) and starts over there. */
export function switchNode(url: string): void {
  const trimmed = url.trim();
  if (trimmed === '' || trimmed === defaultNodeUrl) sessionStorage.removeItem(storageKey);
  else sessionStorage.setItem(storageKey, trimmed);
  const here = new URL(window.location.href);
  here.searchParams.delete('node');
  window.location.assign(here.toString());
}

/** Whether `text` is a URL the driver accepts as a node (http or https, no query or fragment). */
export function isNodeUrl(text: string): boolean {
  try {
    const u = new URL(text.trim());
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.search === '' && u.hash === '';
  } catch {
    return false;
  }
}
